"""The guided walk through the four steps: start, next, back, jump, overview."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import steps
from actions.conversation import latest_entity

CURRENT_STEP_SLOT = "current_step"


def show_step(dispatcher: CollectingDispatcher, step: str) -> List[EventType]:
    """Say one step, offer what comes next, and remember where the walk is."""
    dispatcher.utter_message(response=steps.step_response(step))
    dispatcher.utter_message(response=steps.navigation_response(step))
    return [SlotSet(CURRENT_STEP_SLOT, step)]


def show_overview(dispatcher: CollectingDispatcher) -> List[EventType]:
    """All four steps in brief, and the offer to walk through them."""
    dispatcher.utter_message(response="utter_steps_overview")
    dispatcher.utter_message(response="utter_offer_walkthrough")
    return []


def current_step(tracker: Tracker) -> Optional[str]:
    value = tracker.get_slot(CURRENT_STEP_SLOT)
    return value if steps.is_step(value) else None


def go_forward(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    following = steps.next_step(current_step(tracker))
    if following is None:
        dispatcher.utter_message(response="utter_walkthrough_done")
        return []
    return show_step(dispatcher, following)


class ActionStepsOverview(Action):
    def name(self) -> Text:
        return "action_steps_overview"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        return show_overview(dispatcher)


class ActionStartWalkthrough(Action):
    def name(self) -> Text:
        return "action_start_walkthrough"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        return show_step(dispatcher, steps.FIRST_STEP)


class ActionNextStep(Action):
    def name(self) -> Text:
        return "action_next_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        return go_forward(dispatcher, tracker)


class ActionPreviousStep(Action):
    def name(self) -> Text:
        return "action_previous_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        before = steps.previous_step(current_step(tracker))
        if before is None:
            dispatcher.utter_message(response="utter_walkthrough_no_previous")
            return show_step(dispatcher, steps.FIRST_STEP)
        return show_step(dispatcher, before)


class ActionShowStep(Action):
    """Jump to the step the user named; the walk goes on from there."""

    def name(self) -> Text:
        return "action_show_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        named = latest_entity(tracker, "step")
        step = named if steps.is_step(named) else current_step(tracker)
        if step is None:
            return show_overview(dispatcher)
        return show_step(dispatcher, step)
