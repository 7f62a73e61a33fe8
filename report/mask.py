"""Hide personal details in questions before they go into a report."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
# Seven or more digits, maybe with spaces, dots, dashes, brackets, a leading +.
PHONE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")
DIGIT = re.compile(r"\d")


def mask(text: str) -> str:
    """The text with e-mail addresses, URLs, phone numbers and every digit masked."""
    text = EMAIL.sub("[email]", text)
    text = URL.sub("[link]", text)
    text = PHONE.sub("[phone]", text)
    return DIGIT.sub("#", text)
