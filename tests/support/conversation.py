"""Helpers to build tracker events and read what an action said, for action tests."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher


def user_event(text: str, intent: str, entities: list[dict] | None = None) -> dict:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
        },
    }


def action_event(name: str) -> dict:
    return {"event": "action", "name": name}


def responses_of(dispatcher: CollectingDispatcher) -> list[str]:
    """The response names the action uttered, in order."""
    return [message["response"] for message in dispatcher.messages]
