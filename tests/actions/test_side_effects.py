"""Side effects explained conversationally; every explanation ends with when to call."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.side_effect_actions import (
    ActionExplainSideEffect,
    ActionExplainSideEffects,
)
from actions.side_effects import SIDE_EFFECTS
from site_settings.phrases import generic
from tests.support.conversation import responses_of

CRS = "cytokine_release_syndrome"
NEURO = "neurological_effects"


def side_effect_entity(value: str) -> list:
    return [{"entity": "side_effect", "value": value, "start": 0, "end": 3}]


async def test_overview_names_both_and_says_when_to_call(
    dispatcher, make_tracker, domain
):
    await ActionExplainSideEffects().run(
        dispatcher, make_tracker("ask_side_effects"), domain
    )
    assert responses_of(dispatcher) == [
        "utter_side_effects_overview",
        "utter_when_to_call_care_team",
    ]
    overview = domain["responses"]["utter_side_effects_overview"][0]
    assert "cytokine release syndrome" in overview["text"].lower()
    assert "neurological" in overview["text"].lower()
    assert [b["title"] for b in overview["buttons"]] == [
        "Cytokine release syndrome",
        "Neurological effects",
    ]


@pytest.mark.parametrize(
    "entity, slot, explained, offered",
    [
        (CRS, None, CRS, NEURO),  # "what is CRS?"
        (NEURO, None, NEURO, CRS),  # "what about the brain?"
        (NEURO, CRS, NEURO, CRS),  # the entity wins over the earlier topic
        (None, CRS, CRS, NEURO),  # "tell me more about it" after CRS
    ],
)
async def test_explains_the_side_effect_meant(
    dispatcher, make_tracker, domain, entity, slot, explained, offered
):
    entities = side_effect_entity(entity) if entity else []
    tracker = make_tracker(
        "ask_side_effect_detail", entities=entities, slots={"side_effect": slot}
    )
    events = await ActionExplainSideEffect().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == [
        f"utter_side_effect_{explained}",
        "utter_when_to_call_care_team",
        f"utter_offer_{offered}",
    ]
    assert events == [
        SlotSet("side_effect", explained),
        SlotSet("thread", "side_effect"),
    ]


async def test_names_both_when_nothing_says_which(dispatcher, make_tracker, domain):
    events = await ActionExplainSideEffect().run(
        dispatcher, make_tracker("ask_side_effect_detail"), domain
    )
    assert responses_of(dispatcher) == [
        "utter_side_effects_overview",
        "utter_when_to_call_care_team",
    ]
    assert events == [SlotSet("thread", "side_effects")]


@pytest.mark.parametrize("action", [ActionExplainSideEffects, ActionExplainSideEffect])
@pytest.mark.parametrize(
    "text, entities, slot, explained",
    [
        # a side effect named in a general question gets its own answer
        (
            "what neurological problems can it cause",
            [{"entity": "side_effect", "value": "neurological_effects"}],
            None,
            "neurological_effects",
        ),
        # "and the other one?" after CRS
        ("and the other one?", [], "cytokine_release_syndrome", "neurological_effects"),
        (
            "what's the second side effect",
            [],
            "neurological_effects",
            "cytokine_release_syndrome",
        ),
        # "other" beside a side effect named is no "other one": the slot holds the
        # entity of this very message
        (
            "could it cause seizures or other neurological problems",
            [{"entity": "side_effect", "value": "neurological_effects"}],
            "neurological_effects",
            "neurological_effects",
        ),
    ],
)
async def test_the_side_effect_the_words_ask_for(
    dispatcher, make_tracker, domain, action, text, entities, slot, explained
):
    tracker = make_tracker(
        "ask_side_effects", text=text, entities=entities, slots={"side_effect": slot}
    )
    await action().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == f"utter_side_effect_{explained}"


def test_side_effect_values_match_slot_and_responses(domain):
    assert tuple(domain["slots"]["side_effect"]["values"]) == SIDE_EFFECTS
    for value in SIDE_EFFECTS:
        assert f"utter_side_effect_{value}" in domain["responses"]
        assert f"utter_offer_{value}" in domain["responses"]


def test_safety_line_says_who_to_call_without_a_symptom_list_of_its_own(domain):
    # The article names no warning signs, so the line names none (issue 11, point 5).
    text = generic(domain["responses"]["utter_when_to_call_care_team"][0]["text"])
    text = text.lower()
    assert "care team" in text and "emergency number" in text
    for sign in ("fever", "chills", "confusion", "seizure", "dizziness"):
        assert sign not in text


@pytest.mark.parametrize(
    "signs, explained",
    [
        (["confusion", "trouble_speaking"], "utter_side_effect_neurological_effects"),
        (["seizure"], "utter_side_effect_neurological_effects"),
        # a sign of another kind, or none: both side effects, by name
        (["confusion", "fever"], "utter_side_effects_overview"),
        ([], "utter_side_effects_overview"),
    ],
)
async def test_a_detail_question_naming_signs_of_the_nerves_gets_the_neurological_effects(
    dispatcher, make_tracker, domain, signs, explained
):
    entities = [{"entity": "symptom", "value": sign} for sign in signs]
    tracker = make_tracker(
        "ask_side_effect_detail", text="can it cause that", entities=entities
    )
    await ActionExplainSideEffect().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == explained


async def test_a_step_by_its_place_on_the_steps_is_no_side_effect_question(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(
        "ask_side_effect_detail",
        text="what was the 4th one again",
        slots={"thread": "steps_overview"},
    )
    await ActionExplainSideEffect().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_step_infusion"
