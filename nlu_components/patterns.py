"""Read the entity pattern file and turn it into spaCy EntityRuler patterns."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENTITY_PATTERNS_FILE = PROJECT_ROOT / "nlp" / "entity_patterns.yml"
SAFETY_CUES_FILE = PROJECT_ROOT / "nlp" / "safety_cues.yml"

PhraseTokens = Callable[[str], List[Dict[str, str]]]


class PatternFileError(ValueError):
    """The pattern file is not of the form label -> value -> list of phrases."""


def load_entity_phrases(
    path: Path = ENTITY_PATTERNS_FILE,
) -> Dict[str, Dict[str, List[str]]]:
    """Return {label: {canonical value: [phrase, ...]}} after checking the shape."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise PatternFileError(f"{path}: expected a mapping of entity labels")
    for label, values in data.items():
        if not isinstance(values, dict):
            raise PatternFileError(f"{path}: '{label}' must map values to phrases")
        for value, phrases in values.items():
            if not isinstance(phrases, list) or not all(
                isinstance(p, str) and p.strip() for p in phrases
            ):
                raise PatternFileError(
                    f"{path}: '{label}.{value}' must be a list of non-empty phrases"
                )
    return data


def ruler_patterns(
    phrases: Dict[str, Dict[str, List[str]]], tokens_of: PhraseTokens
) -> List[Dict[str, Any]]:
    """EntityRuler patterns: each phrase once by lemma and once by lowercase text.

    `tokens_of(phrase)` gives the phrase's tokens as {"lower": ..., "lemma": ...}.
    The pattern id is the canonical value, which spaCy keeps as `ent.ent_id_`.
    """
    patterns: List[Dict[str, Any]] = []
    for label, values in phrases.items():
        for value, value_phrases in values.items():
            for phrase in value_phrases:
                tokens = tokens_of(phrase.lower())
                for attr in ("LEMMA", "LOWER"):
                    key = attr.lower()
                    patterns.append(
                        {
                            "label": label,
                            "id": value,
                            "pattern": [{attr: token[key]} for token in tokens],
                        }
                    )
    return _unique(patterns)


def _unique(patterns: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    seen = set()
    unique = []
    for pattern in patterns:
        key = yaml.safe_dump(pattern, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(pattern)
    return unique


def load_safety_cues(path: Path = SAFETY_CUES_FILE) -> Dict[str, frozenset]:
    """Return the cue word sets (see nlp/safety_cues.yml), lowercased."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    cues = {}
    for key in ("person", "time", "question_start", "not_a_symptom_before"):
        words = data.get(key)
        if not isinstance(words, list) or not words:
            raise PatternFileError(f"{path}: '{key}' must be a non-empty list")
        cues[key] = frozenset(str(word).lower() for word in words)
    return cues
