"""The treatment centre's own contact details, put into replies by the Rasa server.

`settings.load()` reads site.yml and the SITE_* environment variables and checks
them; `phrases.placeholder_values()` turns them into the words the response
templates use; `nlg.SiteResponseGenerator` (endpoints.yml) fills them in.
`python -m site_settings` runs the same check before the servers start.
"""
