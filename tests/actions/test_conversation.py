"""Reading the previous bot action from tracker events."""

from __future__ import annotations

import pytest

from actions.conversation import previous_bot_action
from tests.support.conversation import action_event, user_event


@pytest.mark.parametrize(
    "events, expected",
    [
        ([], None),
        ([user_event("hi", "greet")], None),
        (
            [
                action_event("action_session_start"),
                action_event("action_listen"),
                user_event("hi", "greet"),
            ],
            None,
        ),
        (
            [
                user_event("a", "greet"),
                action_event("utter_greet"),
                action_event("action_listen"),
                user_event("b", "affirm"),
            ],
            "utter_greet",
        ),
        # actions already run in this turn do not count
        (
            [
                user_event("a", "greet"),
                action_event("action_next_step"),
                action_event("action_listen"),
                user_event("b", "affirm"),
                action_event("utter_x"),
            ],
            "action_next_step",
        ),
        # two user messages in a row: nothing in between
        (
            [
                action_event("utter_greet"),
                user_event("a", "greet"),
                user_event("b", "affirm"),
            ],
            None,
        ),
    ],
)
def test_previous_bot_action(events, expected):
    assert previous_bot_action(events) == expected
