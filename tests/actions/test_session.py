"""A new conversation starts with the not-medical-advice notice; slots carry over."""

from __future__ import annotations

from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet

from actions.session import ActionSessionStart
from site_settings.phrases import generic
from tests.support.conversation import responses_of


async def test_session_start_gives_the_notice_and_keeps_the_walk(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker("greet", slots={"current_step": "expansion"})
    events = await ActionSessionStart().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == ["utter_disclaimer"]
    assert events[0] == SessionStarted()
    assert SlotSet("current_step", "expansion") in events
    assert events[-1] == ActionExecuted("action_listen")


async def test_slots_are_not_carried_over_when_the_domain_says_so(
    dispatcher, make_tracker, domain
):
    no_carry = {**domain, "session_config": {"carry_over_slots_to_new_session": False}}
    events = await ActionSessionStart().run(
        dispatcher, make_tracker(slots={"current_step": "expansion"}), no_carry
    )
    assert not [e for e in events if e.get("event") == "slot"]


def test_disclaimer_says_not_a_doctor_and_where_to_go(domain):
    text = generic(domain["responses"]["utter_disclaimer"][0]["text"]).lower()
    assert "not a doctor" in text and "medical advice" in text
    assert "care team" in text and "emergency number" in text
