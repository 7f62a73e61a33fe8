""" "Yes", "tell me more": go on with whatever the bot said last."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import steps
from actions.conversation import previous_bot_action
from actions.menu import show_menu
from actions.side_effects import (
    explain_side_effect,
    is_side_effect,
    other_side_effect,
)
from actions.topics import menu_buttons
from actions.walkthrough import current_step, go_forward, show_step

WALK_ACTIONS = frozenset(
    {
        "action_start_walkthrough",
        "action_next_step",
        "action_previous_step",
        "action_show_step",
    }
)
AFFIRM = "affirm"


class ActionContinueTopic(Action):
    def name(self) -> Text:
        return "action_continue_topic"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        previous = previous_bot_action(tracker.events)
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        return continue_after(dispatcher, tracker, previous, said_yes=intent == AFFIRM)


def continue_after(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    previous: Optional[str],
    said_yes: bool,
) -> List[EventType]:
    """Pick up the thread the bot's previous action left open."""
    if previous in WALK_ACTIONS and current_step(tracker) != steps.LAST_STEP:
        return go_forward(dispatcher, tracker)
    if previous == "action_steps_overview":
        return show_step(dispatcher, steps.FIRST_STEP)
    if previous == "action_explain_side_effects":
        dispatcher.utter_message(response="utter_ask_which_side_effect")
        return []
    side_effect = tracker.get_slot("side_effect")
    if previous == "action_explain_side_effect" and is_side_effect(side_effect):
        if said_yes:
            return explain_side_effect(dispatcher, other_side_effect(side_effect))
        dispatcher.utter_message(response="utter_no_more_detail")
        dispatcher.utter_message(
            response=f"utter_offer_{other_side_effect(side_effect)}"
        )
        return []
    if said_yes:
        return show_menu(dispatcher)
    dispatcher.utter_message(response="utter_no_more_detail", buttons=menu_buttons())
    return []
