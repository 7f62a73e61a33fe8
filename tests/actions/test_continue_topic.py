""" "Yes" and "tell me more" pick up the thread the bot left open."""

from __future__ import annotations

import pytest

from actions.continue_topic import ActionContinueTopic
from tests.support.conversation import action_event, responses_of, user_event


def history(previous_action: str) -> list:
    return [
        user_event("earlier", "greet"),
        action_event(previous_action),
        action_event("action_listen"),
    ]


@pytest.mark.parametrize(
    "previous, intent, slots, expected",
    [
        # mid-walk: go on with the next step
        (
            "action_next_step",
            "affirm",
            {"current_step": "modification"},
            ["utter_step_expansion", "utter_walkthrough_offer_next"],
        ),
        (
            "action_start_walkthrough",
            "tell_me_more",
            {"current_step": "extraction"},
            ["utter_step_modification", "utter_walkthrough_offer_next"],
        ),
        # after the overview: "yes" starts the walk
        (
            "action_steps_overview",
            "affirm",
            {},
            ["utter_step_extraction", "utter_walkthrough_offer_first"],
        ),
        # after the side-effects overview (from the action or the safety rules):
        # "yes" goes on with the first one the article names
        *[
            (
                previous,
                "affirm",
                {},
                [
                    "utter_side_effect_cytokine_release_syndrome",
                    "utter_when_to_call_care_team",
                    "utter_offer_neurological_effects",
                ],
            )
            for previous in (
                "action_explain_side_effects",
                "utter_side_effects_overview",
                "utter_when_to_call_care_team",
            )
        ],
        # "yes" twice in a row: the thread the previous "yes" went on with
        (
            "action_continue_topic",
            "affirm",
            {"thread": "walkthrough", "current_step": "extraction"},
            ["utter_step_modification", "utter_walkthrough_offer_next"],
        ),
        (
            "action_continue_topic",
            "affirm",
            {"thread": "side_effect", "side_effect": "cytokine_release_syndrome"},
            [
                "utter_side_effect_neurological_effects",
                "utter_when_to_call_care_team",
                "utter_offer_cytokine_release_syndrome",
            ],
        ),
        # after CRS: "yes" explains the other one, "tell me more" is honest
        (
            "action_explain_side_effect",
            "affirm",
            {"side_effect": "cytokine_release_syndrome"},
            [
                "utter_side_effect_neurological_effects",
                "utter_when_to_call_care_team",
                "utter_offer_cytokine_release_syndrome",
            ],
        ),
        (
            "action_explain_side_effect",
            "tell_me_more",
            {"side_effect": "cytokine_release_syndrome"},
            ["utter_no_more_detail", "utter_offer_neurological_effects"],
        ),
        # after an FAQ answer or at the end of the walk
        (
            "utter_faq_cost",
            "tell_me_more",
            {"current_step": "expansion"},
            ["utter_no_more_detail"],
        ),
        (
            "action_next_step",
            "tell_me_more",
            {"current_step": "infusion"},
            ["utter_no_more_detail"],
        ),
        ("utter_faq_cost", "affirm", {}, ["utter_capabilities"]),
    ],
)
async def test_continues_after_previous_action(
    dispatcher, make_tracker, domain, previous, intent, slots, expected
):
    tracker = make_tracker(intent, slots=slots, events=history(previous))
    await ActionContinueTopic().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == expected


async def test_tell_me_more_with_no_history_offers_topics(
    dispatcher, make_tracker, domain
):
    await ActionContinueTopic().run(dispatcher, make_tracker("tell_me_more"), domain)
    assert responses_of(dispatcher) == ["utter_no_more_detail"]
    assert dispatcher.messages[0]["buttons"], "the user is offered topics to pick from"


async def test_tell_me_more_about_a_named_step_shows_that_step(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(
        "tell_me_more",
        text="tell me more about the third one",
        entities=[{"entity": "step", "value": "expansion"}],
        events=history("action_steps_overview"),
    )
    await ActionContinueTopic().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == "utter_step_expansion"
