"""The four-step walk-through: forward, back, jump, overview, in any order."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.walkthrough import (
    ActionNextStep,
    ActionPreviousStep,
    ActionShowStep,
    ActionStartWalkthrough,
    ActionStepsOverview,
)
from tests.support.conversation import responses_of

STEP_ENTITY = "step"


def step_entity(value: str) -> list:
    return [{"entity": STEP_ENTITY, "value": value, "start": 0, "end": 1}]


async def test_start_shows_step_one_and_offers_to_go_on(
    dispatcher, make_tracker, domain
):
    events = await ActionStartWalkthrough().run(
        dispatcher, make_tracker("start_walkthrough"), domain
    )
    assert responses_of(dispatcher) == [
        "utter_step_extraction",
        "utter_walkthrough_offer_first",
    ]
    assert events == [SlotSet("current_step", "extraction")]


@pytest.mark.parametrize(
    "current, shown, offer",
    [
        (None, "extraction", "utter_walkthrough_offer_first"),
        ("extraction", "modification", "utter_walkthrough_offer_next"),
        ("modification", "expansion", "utter_walkthrough_offer_next"),
        ("expansion", "infusion", "utter_walkthrough_done"),
    ],
)
async def test_next_moves_one_step_forward(
    dispatcher, make_tracker, domain, current, shown, offer
):
    tracker = make_tracker("next_step", slots={"current_step": current})
    events = await ActionNextStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == [f"utter_step_{shown}", offer]
    assert events == [SlotSet("current_step", shown)]


async def test_next_after_the_last_step_closes_the_walk(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker("next_step", slots={"current_step": "infusion"})
    events = await ActionNextStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == ["utter_walkthrough_done"]
    assert events == []


@pytest.mark.parametrize(
    "current, expected",
    [
        ("infusion", ["utter_step_expansion", "utter_walkthrough_offer_next"]),
        ("modification", ["utter_step_extraction", "utter_walkthrough_offer_first"]),
        (
            "extraction",
            [
                "utter_walkthrough_no_previous",
                "utter_step_extraction",
                "utter_walkthrough_offer_first",
            ],
        ),
        (
            None,
            [
                "utter_walkthrough_no_previous",
                "utter_step_extraction",
                "utter_walkthrough_offer_first",
            ],
        ),
    ],
)
async def test_back_goes_to_the_step_before(
    dispatcher, make_tracker, domain, current, expected
):
    tracker = make_tracker("previous_step", slots={"current_step": current})
    await ActionPreviousStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == expected


@pytest.mark.parametrize(
    "named, current, shown",
    [
        ("expansion", None, "expansion"),
        ("infusion", "extraction", "infusion"),
        ("modification", "infusion", "modification"),
        (None, "expansion", "expansion"),  # "what happens in that step?"
    ],
)
async def test_jump_to_a_named_step_and_continue_from_there(
    dispatcher, make_tracker, domain, named, current, shown
):
    entities = step_entity(named) if named else []
    tracker = make_tracker(
        "ask_step", entities=entities, slots={"current_step": current}
    )
    events = await ActionShowStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == f"utter_step_{shown}"
    assert events == [SlotSet("current_step", shown)]


async def test_jump_without_a_step_gives_the_overview(dispatcher, make_tracker, domain):
    events = await ActionShowStep().run(dispatcher, make_tracker("ask_step"), domain)
    assert responses_of(dispatcher) == [
        "utter_steps_overview",
        "utter_offer_walkthrough",
    ]
    assert events == []


async def test_an_unknown_step_value_is_ignored(dispatcher, make_tracker, domain):
    tracker = make_tracker(
        "ask_step",
        entities=step_entity("step 9"),
        slots={"current_step": "modification"},
    )
    await ActionShowStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_step_modification"


async def test_overview_lists_the_steps_and_offers_the_walk(
    dispatcher, make_tracker, domain
):
    events = await ActionStepsOverview().run(
        dispatcher, make_tracker("steps_overview"), domain
    )
    assert responses_of(dispatcher) == [
        "utter_steps_overview",
        "utter_offer_walkthrough",
    ]
    assert events == []
