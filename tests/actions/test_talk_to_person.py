"""Asking for a person: the emergency line first right after an urgent reply."""

from __future__ import annotations

import pytest

from actions.talk_to_person import ActionTalkToPerson, person_reply
from tests.support.conversation import responses_of, user_event


def bot_event(response: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": response}}


ASK = user_event("can i talk to a real person", "talk_to_person")


@pytest.mark.parametrize(
    "replies",
    [
        ["utter_symptom_urgent"],  # a report
        ["utter_symptom_urgent", "utter_feeling_support"],  # ... told with a feeling
        ["utter_symptom_urgent", "utter_side_effects_overview"],  # report or question
        ["utter_symptom_urgent", "utter_clarify"],  # the clarifying question
    ],
)
def test_after_the_urgent_reply_the_emergency_line_comes_first(replies):
    events = [
        user_event("my dad has a fever since the infusion", "report_symptom"),
        *[bot_event(r) for r in replies],
        ASK,
    ]
    assert person_reply(events) == "utter_talk_to_person_urgent"


@pytest.mark.parametrize(
    "events",
    [
        [ASK],  # the first message
        [user_event("what does it cost", "faq_cost"), bot_event("utter_faq_cost"), ASK],
        # the urgent reply was two turns ago: the conversation has moved on
        [
            user_event("my dad has a fever since the infusion", "report_symptom"),
            bot_event("utter_symptom_urgent"),
            user_event("what does it cost", "faq_cost"),
            bot_event("utter_faq_cost"),
            ASK,
        ],
    ],
)
def test_otherwise_the_care_teams_contact(events):
    assert person_reply(events) == "utter_talk_to_person"


async def test_the_action_sends_the_reply(dispatcher, make_tracker):
    events = [
        user_event("she is very confused since car t", "report_symptom"),
        bot_event("utter_symptom_urgent"),
    ]  # the tracker adds the latest message, the request for a person
    tracker = make_tracker(intent="talk_to_person", events=events)
    await ActionTalkToPerson().run(dispatcher, tracker, {})
    assert responses_of(dispatcher) == ["utter_talk_to_person_urgent"]
