"""The feedback channel's input checks and how it finds the rated answer."""

from __future__ import annotations

import json

import pytest
from rasa.shared.core.events import AgentUttered, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.feedback import feedback_event, parse_feedback, rated_response
from channels.rest import BadRequest

JSON = "application/json"


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    "raw, content_type, status, words",
    [
        (body(sender="s", rating="up", answer="a"), "text/plain", 415, "Content-Type"),
        (b"", JSON, 400, "empty"),
        (b"{not json", JSON, 400, "not valid JSON"),
        (b"[]", JSON, 400, "JSON object"),
        (body(rating="up", answer="a"), JSON, 400, "'sender'"),
        (body(sender="s", rating="meh", answer="a"), JSON, 400, "'rating'"),
        (body(sender="s", rating="up"), JSON, 400, "'answer'"),
        (body(sender="s" * 200, rating="up", answer="a"), JSON, 400, "longer"),
        (b"x" * 40_000, JSON, 413, "too large"),
    ],
)
def test_bad_ratings_get_a_clear_error(
    raw: bytes, content_type: str, status: int, words: str
) -> None:
    with pytest.raises(BadRequest) as error:
        parse_feedback(raw, content_type)
    assert error.value.status == status and words in str(error.value)


def test_a_good_rating_is_read() -> None:
    feedback = parse_feedback(body(sender=" s1 ", rating="down", answer="Hi"), JSON)
    assert (feedback.sender, feedback.rating, feedback.answer) == ("s1", "down", "Hi")


def test_the_rated_answer_is_the_newest_bot_message_with_that_text() -> None:
    tracker = DialogueStateTracker.from_events(
        "s1",
        [
            BotUttered("Hello", metadata={"utter_action": "utter_greet"}),
            UserUttered("cost?"),
            BotUttered("It costs a lot.", metadata={"utter_action": "utter_faq_cost"}),
        ],
    )
    assert rated_response(tracker, "It  costs a lot.\n") == "utter_faq_cost"
    assert rated_response(tracker, "Hello") == "utter_greet"
    assert rated_response(tracker, "never said") is None


def test_a_rating_changes_no_slot_and_no_intent() -> None:
    events = [UserUttered("hi", intent={"name": "greet"})]
    tracker = DialogueStateTracker.from_events("s1", events)
    before = (tracker.current_slot_values(), tracker.latest_message.intent)
    tracker.update(feedback_event("up", "utter_greet"))
    assert isinstance(tracker.events[-1], AgentUttered)
    assert (tracker.current_slot_values(), tracker.latest_message.intent) == before


def test_a_rating_counts_for_the_main_answer_of_its_turn() -> None:
    tracker = DialogueStateTracker.from_events(
        "s1",
        [
            UserUttered("walk me through it"),
            BotUttered("Notice.", metadata={"utter_action": "utter_disclaimer"}),
            BotUttered(
                "Step 1 of 4", metadata={"utter_action": "utter_step_extraction"}
            ),
            BotUttered("Shall I go on?", metadata={"utter_action": "utter_offer_next"}),
        ],
    )
    assert rated_response(tracker, "Shall I go on?") == "utter_step_extraction"
    assert rated_response(tracker, "Notice.") == "utter_step_extraction"
