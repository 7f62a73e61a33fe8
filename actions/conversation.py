"""Plain helpers that read the conversation so far from tracker data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker

IGNORED_ACTIONS = frozenset({"action_listen", "action_session_start"})


def last_bot_turn(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events between the two latest user messages, latest first."""
    turn: list[dict[str, Any]] = []
    seen_user = False
    for event in reversed(list(events)):
        if event.get("event") == "user":
            if seen_user:
                break
            seen_user = True
        elif seen_user:
            turn.append(event)
    return turn


def previous_bot_action(events: Iterable[dict[str, Any]]) -> str | None:
    """Name of the last action the bot ran before the latest user message."""
    for event in last_bot_turn(events):
        name = event.get("name")
        if event.get("event") == "action" and name and name not in IGNORED_ACTIONS:
            return str(name)
    return None


def replies_before_latest_message(events: Iterable[dict[str, Any]]) -> list[str]:
    """The responses the bot sent between the two latest user messages."""
    return [
        str(event["metadata"]["utter_action"])
        for event in last_bot_turn(events)
        if event.get("event") == "bot"
        and (event.get("metadata") or {}).get("utter_action")
    ]


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """Value of `entity` in the latest user message, if it has one."""
    return next(tracker.get_latest_entity_values(entity), None)


def latest_text(tracker: Tracker) -> str:
    """Text of the latest user message ("" for a button payload like /next_step)."""
    text = str((tracker.latest_message or {}).get("text") or "")
    return "" if text.startswith("/") else text


# Set on each part of a two-question message (nlu_components/two_questions.py,
# part_summary), which actions/two_questions.py answers as if it were the message.
PART_KEY = "answer"


def is_one_of_two_questions(tracker: Tracker) -> bool:
    """The latest message is one part of a two-question message."""
    return PART_KEY in (tracker.latest_message or {})
