"""Finding cue phrases as whole words in a message, shared by the routers."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Everything but letters, digits, apostrophes, hyphens and spaces separates words.
NOT_WORD = re.compile(r"[^a-z0-9' -]+")


def fold(text: str) -> str:
    """Lowercase, curly apostrophes folded, runs of spaces collapsed."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Any phrase present in `text` (already folded) as whole words."""
    cleaned = " ".join(NOT_WORD.sub(" ", text).split())
    padded = f" {cleaned} "
    return any(f" {phrase} " in padded for phrase in phrases)
