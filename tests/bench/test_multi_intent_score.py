"""Scoring the split and the multi-intent readings of two-question messages."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from bench.multi_intent_score import (
    Reading,
    kept_one,
    multi_intent_right,
    single_right,
    split_right,
    topic_readings,
    without_fallback,
)
from quality.labels import load_labels

ENTITY_VALUES = {
    "step": ["extraction", "infusion"],
    "side_effect": ["neurological_effects"],
}
TOPICS = {
    "cost": {"group": "faq", "all": "utter_faq_cost"},
    "access": {"group": "faq", "all": "utter_faq_access"},
    "steps_overview": {"group": "steps", "all": "utter_steps_overview"},
    "side_effects": {"group": "side effects", "all": "utter_side_effects_overview"},
    "step_extraction": {"group": "steps", "all": "utter_step_extraction"},
    "step_infusion": {"group": "steps", "all": "utter_step_infusion"},
    "neuro": {"group": "side effects", "all": "utter_side_effect_neurological_effects"},
    "walkthrough_start": {"any": ["utter_step_extraction", "utter_steps_overview"]},
    "symptom_question": {"all": "utter_when_to_call_care_team|utter_symptom_urgent"},
    "greet": {"all": "utter_greet"},
    "unknown_faq": {"all": "utter_faq_unknown"},
}
INTENTS = ["faq_cost", "faq_access", "steps_overview", "ask_side_effects", "ask_step",
           "ask_side_effect_detail", "greet"]  # fmt: skip
COST, ACCESS = Reading("faq_cost"), Reading("faq_access")
EXTRACTION = Reading("ask_step", ("step", "extraction"))
INFUSION = Reading("ask_step", ("step", "infusion"))


def test_topics_map_to_the_intent_and_entity_of_their_one_response(tmp_path) -> None:
    labels = tmp_path / "labels.yml"
    labels.write_text(yaml.safe_dump({"topics": TOPICS}), encoding="utf-8")
    topics = load_labels(labels).expectations
    assert topic_readings(topics, ENTITY_VALUES, INTENTS) == {
        "cost": COST,
        "access": ACCESS,
        "steps_overview": Reading("steps_overview"),
        "side_effects": Reading("ask_side_effects"),
        "step_extraction": EXTRACTION,
        "step_infusion": INFUSION,
        "neuro": Reading(
            "ask_side_effect_detail", ("side_effect", "neurological_effects")
        ),
    }


def _intent(name: str) -> dict[str, Any]:
    return {"name": name, "confidence": 0.9}


def _entity(value: str, start: int) -> dict[str, Any]:
    return {"entity": "step", "value": value, "start": start}


def _part(
    name: str, answer: bool = True, entities: tuple[Any, ...] = ()
) -> dict[str, Any]:
    return {"intent": _intent(name), "answer": answer, "entities": list(entities)}


def _split(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"intent": _intent("two_questions"), "question_parts": list(parts)}


@pytest.mark.parametrize(
    ("parse", "expected", "right"),
    [
        (_split(_part("faq_cost"), _part("faq_access")), [COST, ACCESS], True),
        (_split(_part("faq_access"), _part("faq_cost")), [COST, ACCESS], False),
        (_split(_part("faq_cost"), _part("faq_access", answer=False)), [COST, ACCESS], False),
        ({"intent": _intent("faq_cost")}, [COST, ACCESS], False),
        (_split(_part("ask_step", entities=(_entity("extraction", 0),)),
                _part("ask_step", entities=(_entity("infusion", 9),))),
         [EXTRACTION, INFUSION], True),
        (_split(_part("ask_step", entities=(_entity("infusion", 0),)),
                _part("ask_step", entities=(_entity("extraction", 9),))),
         [EXTRACTION, INFUSION], False),
    ],
)  # fmt: skip
def test_split_is_right_with_both_parts_answered_in_the_order_asked(
    parse: dict[str, Any], expected: list[Reading], right: bool
) -> None:
    assert split_right(parse, expected) is right


@pytest.mark.parametrize(
    ("parse", "expected", "right"),
    [
        ({"intent": _intent("faq_cost+faq_access")}, [COST, ACCESS], True),
        ({"intent": _intent("faq_access+faq_cost")}, [COST, ACCESS], False),
        ({"intent": _intent("faq_cost")}, [COST, ACCESS], False),
        ({"intent": _intent("ask_step+ask_step"),
          "entities": [_entity("infusion", 30), _entity("extraction", 4)]},
         [EXTRACTION, INFUSION], True),
        ({"intent": _intent("ask_step+ask_step"),
          "entities": [_entity("infusion", 3), _entity("extraction", 40)]},
         [EXTRACTION, INFUSION], False),
        ({"intent": _intent("ask_step+faq_cost"), "entities": []},
         [EXTRACTION, COST], False),
    ],
)  # fmt: skip
def test_multi_intent_is_right_with_the_intents_and_entities_in_order(
    parse: dict[str, Any], expected: list[Reading], right: bool
) -> None:
    assert multi_intent_right(parse, expected) is right


@pytest.mark.parametrize(
    ("parse", "one"),
    [
        ({"intent": _intent("faq_cost")}, True),
        ({"intent": _intent("nlu_fallback")}, True),
        ({"intent": _intent("faq_cost+faq_access")}, False),
        (_split(_part("faq_cost"), _part("faq_access")), False),
    ],
)
def test_kept_one(parse: dict[str, Any], one: bool) -> None:
    assert kept_one(parse) is one


def test_single_question_needs_the_intent_and_its_entity() -> None:
    assert single_right({"intent": _intent("faq_cost")}, COST)
    assert not single_right({"intent": _intent("faq_cost+faq_access")}, COST)
    assert single_right(
        {"intent": _intent("ask_step"), "entities": [_entity("extraction", 0)]},
        EXTRACTION,
    )
    assert not single_right({"intent": _intent("ask_step"), "entities": []}, EXTRACTION)


def test_without_fallback_serves_the_classifiers_best_intent() -> None:
    ranking = [
        _intent("nlu_fallback"),
        _intent("faq_cost+faq_access"),
        _intent("faq_cost"),
    ]
    parse = {"intent": _intent("nlu_fallback"), "intent_ranking": ranking}
    assert without_fallback(parse)["intent"]["name"] == "faq_cost+faq_access"
    assert (
        without_fallback({"intent": _intent("faq_cost")})["intent"]["name"]
        == "faq_cost"
    )
    lone = {"intent": _intent("nlu_fallback"), "intent_ranking": ranking[:1]}
    assert without_fallback(lone)["intent"]["name"] == "nlu_fallback"
