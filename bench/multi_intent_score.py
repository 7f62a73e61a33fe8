"""Score the two readings of a message: the split's parts, or one `a+b` intent.

Pure functions over parse results (the dicts `Agent.parse_message` returns), tested
alone (tests/bench/test_multi_intent_score.py). A labelled topic
(tests/served/labels.yml) becomes the reading a right answer needs: an intent and,
for a step or a side effect, the entity that names which one. The mapping is
derived from each topic's one `all` response:

- utter_faq_<x>           -> intent faq_<x>
- utter_steps_overview    -> intent steps_overview
- utter_side_effects_overview -> intent ask_side_effects
- utter_step_<v>          -> intent ask_step with entity step=<v>
- utter_side_effect_<v>   -> intent ask_side_effect_detail with entity side_effect=<v>

Topics answered by anything else (symptom reports, chit-chat, feelings...) have no
reading: a two-topic phrasing with one of them is left out and counted as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.multi_intent_data import SPLIT_SYMBOL
from quality.labels import Expectation

TWO_QUESTIONS = "two_questions"
FALLBACK = "nlu_fallback"
PARTS_KEY = "question_parts"
FAQ = "faq"


@dataclass(frozen=True)
class Reading:
    intent: str
    entity: tuple[str, str] | None = None


def reading_of_response(
    response: str, entity_values: Mapping[str, Iterable[str]]
) -> Reading | None:
    """The reading that `response` answers, or None if no single intent does."""
    fixed = {
        "utter_steps_overview": Reading("steps_overview"),
        "utter_side_effects_overview": Reading("ask_side_effects"),
    }
    if response in fixed:
        return fixed[response]
    if response.startswith("utter_faq_"):
        return Reading("faq_" + response.removeprefix("utter_faq_"))
    for prefix, intent, label in (
        ("utter_step_", "ask_step", "step"),
        ("utter_side_effect_", "ask_side_effect_detail", "side_effect"),
    ):
        value = response.removeprefix(prefix)
        if response.startswith(prefix) and value in set(entity_values.get(label, ())):
            return Reading(intent, (label, value))
    return None


def topic_readings(
    topics: Mapping[str, Expectation],
    entity_values: Mapping[str, Iterable[str]],
    intents: Iterable[str],
) -> dict[str, Reading]:
    """{topic: reading} for topics with one `all` response, no `any`, a known intent."""
    known = set(intents)
    readings = {}
    for topic, expected in topics.items():
        names = expected.all_of
        if len(names) != 1 or "|" in names[0] or expected.any_of:
            continue
        reading = reading_of_response(names[0], entity_values)
        if reading is not None and reading.intent in known:
            readings[topic] = reading
    return readings


def _entities(parse: Mapping[str, Any]) -> list[tuple[str, str]]:
    found = sorted(parse.get("entities") or [], key=lambda e: e.get("start", 0))
    return [(str(e.get("entity")), str(e.get("value"))) for e in found]


def _intent(parse: Mapping[str, Any]) -> str:
    return str((parse.get("intent") or {}).get("name") or "")


def _part_right(part: Mapping[str, Any], expected: Reading) -> bool:
    if _intent(part) != expected.intent or part.get("answer") is False:
        return False
    return expected.entity is None or expected.entity in _entities(part)


def split_right(parse: Mapping[str, Any], expected: Sequence[Reading]) -> bool:
    """The split answered both parts, each as expected, in this order."""
    parts = parse.get(PARTS_KEY) or []
    if _intent(parse) != TWO_QUESTIONS or len(parts) != len(expected):
        return False
    return all(_part_right(p, e) for p, e in zip(parts, expected, strict=True))


def multi_intent_right(parse: Mapping[str, Any], expected: Sequence[Reading]) -> bool:
    """The `a+b` intent names the expected intents in this order, and the entities
    that say which step or side effect come in that order in the message."""
    if _intent(parse).split(SPLIT_SYMBOL) != [r.intent for r in expected]:
        return False
    found = _entities(parse)
    for label in {r.entity[0] for r in expected if r.entity}:
        wanted = [r.entity[1] for r in expected if r.entity and r.entity[0] == label]
        seen: list[str] = []
        for entity_label, value in found:
            if entity_label == label and value in wanted and value not in seen:
                seen.append(value)
        if seen != wanted:
            return False
    return True


def kept_one(parse: Mapping[str, Any]) -> bool:
    """The message got one intent: not split, not an `a+b` intent."""
    name = _intent(parse)
    return name != TWO_QUESTIONS and SPLIT_SYMBOL not in name


def single_right(parse: Mapping[str, Any], expected: Reading) -> bool:
    if _intent(parse) != expected.intent:
        return False
    return expected.entity is None or expected.entity in _entities(parse)


def without_fallback(parse: Mapping[str, Any]) -> dict[str, Any]:
    """The parse with the classifier's best intent where the fallback took over."""
    if _intent(parse) != FALLBACK:
        return dict(parse)
    ranked = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    return {**parse, "intent": ranked[0]} if ranked else dict(parse)
