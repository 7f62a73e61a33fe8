"""Rasa input channels for the CAR T assistant.

telegram.py, slack.py, facebook.py and sms.py each subclass one of Rasa's
built-in connectors and change only what it lacks for this bot (see README.md);
credentials.py builds the credentials file that switches them on from
environment variables.
"""
