"""Read the named word lists of a cue file (nlp/*_cues.yml), each checked once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any


def lowercase(word: str) -> str:
    return word.lower()


def cue_lists(
    data: Mapping[str, Any],
    keys: Iterable[str],
    path: Path,
    normalise: Callable[[str], str] = lowercase,
    error: type[ValueError] = ValueError,
) -> dict[str, frozenset[str]]:
    """{key: its words, normalised} for each key; a missing or empty list is an
    `error` naming the file and the key."""
    lists = {}
    for key in keys:
        words = data.get(key)
        if not isinstance(words, list) or not words:
            raise error(f"{path}: '{key}' must be a non-empty list")
        lists[key] = frozenset(normalise(str(word)) for word in words)
    return lists
