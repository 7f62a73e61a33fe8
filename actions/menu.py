"""Topic buttons: the "what can you do?" menu and the clarifying question."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import clarifying_buttons, menu_buttons


def show_menu(dispatcher: CollectingDispatcher) -> List[EventType]:
    """What the assistant can do, with the main topics as buttons."""
    dispatcher.utter_message(response="utter_capabilities", buttons=menu_buttons())
    return []


class ActionShowCapabilities(Action):
    def name(self) -> Text:
        return "action_show_capabilities"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        return show_menu(dispatcher)


class ActionClarify(Action):
    """Offer the 2-3 closest topics instead of guessing an answer."""

    def name(self) -> Text:
        return "action_clarify"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        buttons = clarifying_buttons(tracker.latest_message or {})
        if buttons:
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_default")
        return []
