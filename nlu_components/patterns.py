"""Read the entity pattern file and turn it into spaCy EntityRuler patterns."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from nlu_components.cue_lists import cue_lists

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENTITY_PATTERNS_FILE = PROJECT_ROOT / "nlp" / "entity_patterns.yml"
SAFETY_CUES_FILE = PROJECT_ROOT / "nlp" / "safety_cues.yml"

PhraseTokens = Callable[[str], list[dict[str, str]]]


class PatternFileError(ValueError):
    """The pattern file is not of the form label -> value -> list of phrases."""


def load_entity_phrases(
    path: Path = ENTITY_PATTERNS_FILE,
) -> dict[str, dict[str, list[str]]]:
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
    phrases: dict[str, dict[str, list[str]]], tokens_of: PhraseTokens
) -> list[dict[str, Any]]:
    """EntityRuler patterns: each phrase once by lemma and once by lowercase text.

    `tokens_of(phrase)` gives the phrase's tokens as {"lower": ..., "lemma": ...}.
    The pattern id is the canonical value, which spaCy keeps as `ent.ent_id_`.
    """
    patterns: list[dict[str, Any]] = []
    for label, values in phrases.items():
        for value, value_phrases in values.items():
            for phrase in value_phrases:
                tokens = tokens_of(phrase.lower())
                # The lookup lemmatizer turns "fourth" into "4" and "steps" into
                # "step": a lemma pattern for a numbered step would match a count
                # ("4 steps", "the steps one by one"), so only the words match.
                attrs = ("LOWER",) if _lemma_adds_digits(tokens) else ("LEMMA", "LOWER")
                for attr in attrs:
                    key = attr.lower()
                    patterns.append(
                        {
                            "label": label,
                            "id": value,
                            "pattern": [{attr: token[key]} for token in tokens],
                        }
                    )
    return _unique(patterns)


NUMBER_WORDS = frozenset({"one", "two", "three", "four"})


def _lemma_adds_digits(tokens: list[dict[str, str]]) -> bool:
    """A lemma pattern would read a count as a step: "fourth" -> "4", "steps one"."""
    return any(
        t["lemma"].isdigit() or t["lower"] in NUMBER_WORDS or t["lower"].isdigit()
        for t in tokens
    )


def _unique(patterns: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = set()
    unique = []
    for pattern in patterns:
        key = yaml.safe_dump(pattern, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(pattern)
    return unique


# Kinds of warning sign of suicide (nlp/safety_cues.yml `warning_<kind>`).
WARNING_SIGN_KINDS = (
    "farewell",
    "giving_away",
    "affairs",
    "withdrawing",
    "burden",
    "means",
    "calm",
    "plan",
    "ending",
)
SAFETY_CUE_KEYS = (
    "self_harm",
    "medicines",
    "harmful_amount",
    *(f"warning_{kind}" for kind in WARNING_SIGN_KINDS),
    "warning_idioms",
    "person",
    "relative",
    "time",
    "question_start",
    "hypothetical_start",
    "hypothetical",
    "worry_about",
    "worry_object",
    "cause",
    "to_come",
    "speaker",
    "has_now",
    "told_verbs",
    "worry",
    "not_a_symptom_before",
    "not_confusion_before",
    "not_a_symptom_phrases",
    "not_a_symptom_before_phrases",
    "lost_things",
    "paired_feelings",
    "feeling_nouns",
    "describes_a_thing",
    "numb_words",
    "body_parts",
    "feeling_signs",
    "third_person",
    "feeling_context",
    "before_treatment",
    "feeling_named",
    "treatment",
    "treatment_past",
    "treatment_past_after",
    "loss",
    "deceased",
    "loss_whose",
    "passed_then",
    "past",
    "now",
    "unwell",
    "unwell_after_treatment",
)


class SafetyCues:
    """The cue word lists of nlp/safety_cues.yml, lowercased, apostrophes folded."""

    def __init__(
        self,
        lists: dict[str, frozenset],
        symptom_words: frozenset = frozenset(),
        fever_ranges: tuple = (),
    ) -> None:
        self._lists = lists
        # temperature readings that count as a fever: ((low, high), ...)
        self.fever_ranges = fever_ranges
        # one-word symptom phrases of the entity patterns, for typo tolerance
        self.symptom_words = symptom_words

    def words(self, key: str) -> frozenset:
        return self._lists[key]


def _cue_phrase(word: str) -> str:
    """Lowercase, curly apostrophe folded, single spaces."""
    return " ".join(word.lower().replace("\u2019", "'").split())


def load_safety_cues(path: Path = SAFETY_CUES_FILE) -> SafetyCues:
    """Read and check the cue lists (see nlp/safety_cues.yml)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    ranges = {}
    for key in ("fever_celsius", "fever_fahrenheit"):
        low_high = data.get(key)
        if not (isinstance(low_high, list) and len(low_high) == 2):
            raise PatternFileError(f"{path}: '{key}' must be [low, high]")
        ranges[key] = (float(low_high[0]), float(low_high[1]))
    cues = cue_lists(data, SAFETY_CUE_KEYS, path, _cue_phrase, PatternFileError)
    cues["person"] = cues["person"] | cues["relative"]
    unknown = set(data) - set(SAFETY_CUE_KEYS) - set(ranges)
    if unknown:
        raise PatternFileError(f"{path}: unknown cue lists {sorted(unknown)}")
    symptoms = load_entity_phrases().get("symptom", {})
    one_word = frozenset(
        phrase.lower()
        for phrases in symptoms.values()
        for phrase in phrases
        if " " not in phrase and "-" not in phrase
    )
    return SafetyCues(cues, one_word, tuple(ranges.values()))
