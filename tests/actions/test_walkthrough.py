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
    assert events == [
        SlotSet("current_step", "extraction"),
        SlotSet("thread", "walkthrough"),
    ]


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
    assert events == [SlotSet("current_step", shown), SlotSet("thread", "walkthrough")]


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
    assert events == [SlotSet("current_step", shown), SlotSet("thread", "walkthrough")]


async def test_two_steps_named_are_both_shown_in_the_order_asked(
    dispatcher, make_tracker, domain
):
    entities = [
        {"entity": STEP_ENTITY, "value": "modification", "start": 12, "end": 24},
        {"entity": STEP_ENTITY, "value": "extraction", "start": 33, "end": 43},
        {"entity": STEP_ENTITY, "value": "modification", "start": 50, "end": 56},
    ]
    tracker = make_tracker("ask_step", entities=entities)
    events = await ActionShowStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == [
        "utter_step_modification",
        "utter_step_extraction",
        "utter_walkthrough_offer_first",
    ]
    assert events == [
        SlotSet("current_step", "extraction"),
        SlotSet("thread", "walkthrough"),
    ]


async def test_jump_without_a_step_gives_the_overview(dispatcher, make_tracker, domain):
    events = await ActionShowStep().run(dispatcher, make_tracker("ask_step"), domain)
    assert responses_of(dispatcher) == [
        "utter_steps_overview",
        "utter_offer_walkthrough",
    ]
    assert events == [SlotSet("thread", "steps_overview")]


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
    assert events == [SlotSet("thread", "steps_overview")]


@pytest.mark.parametrize(
    "text, first",
    [
        ("how does the treatment work, step by step", "utter_step_extraction"),
        ("take me through the four stages", "utter_step_extraction"),
        ("what are the 4 steps", "utter_steps_overview"),
        ("explain the steps of car t", "utter_steps_overview"),
    ],
)
async def test_asked_one_step_at_a_time_the_walk_starts_at_step_one(
    dispatcher, make_tracker, domain, text, first
):
    tracker = make_tracker("steps_overview", text=text)
    await ActionStepsOverview().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == first


async def test_beside_another_question_step_by_step_gets_the_overview(
    dispatcher, make_tracker, domain
):
    part = {"text": "how does it work step by step", "answer": True}
    tracker = make_tracker("steps_overview", text=part["text"], parse_data=part)
    await ActionStepsOverview().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_steps_overview"


def named(*steps: str) -> list:
    return [{"entity": STEP_ENTITY, "value": v, "start": 0, "end": 1} for v in steps]


@pytest.mark.parametrize(
    "action, text, entities, current, first_response",
    [
        # relative to the step named, not the step named itself
        (
            ActionShowStep,
            "what comes before the expansion?",
            named("expansion"),
            None,
            "utter_step_modification",
        ),
        (
            ActionNextStep,
            "and after the extraction?",
            named("extraction"),
            "infusion",
            "utter_step_modification",
        ),
        (
            ActionPreviousStep,
            "what happens prior to infusion",
            named("infusion"),
            None,
            "utter_step_expansion",
        ),
        (
            ActionShowStep,
            "what happens after the infusion",
            named("infusion"),
            None,
            "utter_walkthrough_done",
        ),
        (
            ActionShowStep,
            "what is before the extraction",
            named("extraction"),
            None,
            "utter_walkthrough_no_previous",
        ),
        # two steps named: no "relative to" guess, the first one is shown
        (
            ActionShowStep,
            "how are they put back after they are multiplied",
            named("infusion", "expansion"),
            None,
            "utter_step_infusion",
        ),
        # a question about the process that names one step gets that step
        (
            ActionStepsOverview,
            "how does the multiplying part work",
            named("expansion"),
            None,
            "utter_step_expansion",
        ),
        (ActionStepsOverview, "how does it work", [], None, "utter_steps_overview"),
        # a count of steps is the overview, not step 4
        (
            ActionShowStep,
            "tell me about the 4 steps",
            [],
            "expansion",
            "utter_steps_overview",
        ),
        (ActionNextStep, "what are all four steps", [], None, "utter_steps_overview"),
        # after a detour, "back to the steps" goes on from the last step shown
        (
            ActionStartWalkthrough,
            "let's get back to the steps",
            [],
            "modification",
            "utter_step_expansion",
        ),
        (
            ActionStartWalkthrough,
            "walk me through the steps",
            [],
            "modification",
            "utter_step_extraction",
        ),
        (
            ActionNextStep,
            "ok what comes next",
            [],
            "modification",
            "utter_step_expansion",
        ),
        # whatever intent the words got, resuming goes forward, "back one" goes back
        (
            ActionPreviousStep,
            "fine, let's get back to the steps",
            [],
            "modification",
            "utter_step_expansion",
        ),
        (
            ActionPreviousStep,
            "go back one",
            [],
            "modification",
            "utter_step_extraction",
        ),
        # relative to the step last shown when none is named
        (
            ActionShowStep,
            "What precedes it?",
            [],
            "expansion",
            "utter_step_modification",
        ),
        (
            ActionShowStep,
            "and what follows?",
            [],
            "extraction",
            "utter_step_modification",
        ),
    ],
)
async def test_the_words_say_which_step(
    dispatcher, make_tracker, domain, action, text, entities, current, first_response
):
    tracker = make_tracker(
        "ask_step", text=text, entities=entities, slots={"current_step": current}
    )
    await action().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == first_response


async def test_a_button_payload_is_not_read_as_words(dispatcher, make_tracker, domain):
    tracker = make_tracker(
        "start_walkthrough",
        text="/start_walkthrough",
        slots={"current_step": "expansion"},
    )
    await ActionStartWalkthrough().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_step_extraction"


async def test_the_other_one_after_a_side_effect_is_not_the_next_step(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(
        "next_step",
        text="and the other one?",
        slots={"thread": "side_effect", "side_effect": "cytokine_release_syndrome"},
    )
    await ActionNextStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_side_effect_neurological_effects"


@pytest.mark.parametrize(
    "text, slots, shown",
    [
        ("and the first?", {"current_step": "expansion"}, "utter_step_extraction"),
        ("tell me about the 3rd", {}, "utter_step_expansion"),
        ("what comes after the second?", {}, "utter_step_expansion"),
        # a count of steps is no place in the order
        ("what are all four steps", {}, "utter_steps_overview"),
    ],
)
async def test_a_step_asked_for_by_its_place_is_shown(
    dispatcher, make_tracker, domain, text, slots, shown
):
    tracker = make_tracker("ask_step", text=text, slots=slots)
    await ActionShowStep().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == shown
