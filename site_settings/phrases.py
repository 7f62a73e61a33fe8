"""The words the response templates get for their {placeholders}.

Every reply that sends someone to a person uses these placeholders, so the
centre's details appear in all of them, and a value that is not set gives the
generic wording ("contact your care team"), never an empty "call  now".
Placeholders that add a whole sentence become "" when their value is not set.

Phone numbers are links (`[number](tel:...)`, which the widget shows as a link)
on the REST channel the web widget uses, and the plain number everywhere else
(SMS, Telegram, Slack, Facebook).
"""

from __future__ import annotations

import re

from site_settings.settings import SiteSettings

# Rasa's name of the output channel behind the REST webhook (CollectingOutputChannel).
LINK_CHANNELS = frozenset({"collector"})

PLACEHOLDERS = (
    "contact_care_team",
    "emergency_line",
    "crisis_line",
    "care_team_hours_sentence",
    "support_sentence",
    "contact_page_sentence",
    "privacy_sentence",
)

_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_BREAK = re.compile(r"[ \t]+\n")


def tel_uri(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"tel:{'+' if number.startswith('+') else ''}{digits}"


def phone(number: str, channel: str | None) -> str:
    if channel in LINK_CHANNELS:
        return f"[{number}]({tel_uri(number)})"
    return number


def care_team(settings: SiteSettings) -> str:
    if settings.centre_name:
        return f"the care team at {settings.centre_name}"
    return "your care team"


def placeholder_values(settings: SiteSettings, channel: str | None) -> dict[str, str]:
    """{placeholder: words} for one output channel."""
    team = care_team(settings)
    values = {
        "contact_care_team": (
            f"call {team} on {phone(settings.care_team_phone, channel)}"
            if settings.care_team_phone
            else f"contact {team}"
        ),
        "emergency_line": (
            phone(settings.emergency_number, channel)
            if settings.emergency_number
            else "your local emergency number"
        ),
        "crisis_line": (
            f"a crisis line on {phone(settings.crisis_line, channel)}"
            if settings.crisis_line
            else "a crisis line"
        ),
        "care_team_hours_sentence": (
            f"The care team's line is open {settings.care_team_hours}."
            if settings.care_team_hours
            else ""
        ),
        "support_sentence": (
            f"You can also talk to {settings.support_service}."
            if settings.support_service
            else ""
        ),
        "contact_page_sentence": (
            f"Contact details: {settings.contact_page}" if settings.contact_page else ""
        ),
        "privacy_sentence": (
            f"How we use your data: {settings.privacy_notice}"
            if settings.privacy_notice
            else ""
        ),
    }
    return values


def tidy(text: str) -> str:
    """Drop the spaces an empty sentence placeholder leaves behind."""
    return _SPACE_BEFORE_BREAK.sub("\n", _SPACES.sub(" ", text)).strip()


def fill(text: str, values: dict[str, str]) -> str:
    """A template with its site placeholders filled (other braces left alone)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return tidy(text)


def generic(text: str) -> str:
    """The template as served with no site settings: the generic wording."""
    return fill(text, placeholder_values(SiteSettings(), channel=None))
