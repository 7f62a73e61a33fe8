"""Session start: the not-medical-advice notice, with the slots carried over."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

SESSION_METADATA_SLOT = "session_started_metadata"


def carried_over_slots(tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
    config = domain.get("session_config") or {}
    if not config.get("carry_over_slots_to_new_session", True):
        return []
    return [
        SlotSet(name, value)
        for name, value in tracker.current_slot_values().items()
        if value is not None and name != SESSION_METADATA_SLOT
    ]


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_disclaimer")
        return [
            SessionStarted(),
            *carried_over_slots(tracker, domain),
            ActionExecuted("action_listen"),
        ]
