"""Accuracy as served: what a person gets back from the running bot.

Phrasings with labels (tests/served/) go over REST to a bot started by the
project's launcher (stack/), and the replies are matched back to response names
and judged: right answer, clarifying question, wrong answer, wrongly escalated,
missed escalation.
"""
