""" "Yes", "tell me more": go on with the thread the bot's last reply left open."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import steps
from actions.conversation import previous_bot_action
from actions.menu import answer_named, named_topic, show_menu
from actions.side_effects import (
    SIDE_EFFECTS,
    THREAD_SLOT,
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
# Replies that end on the side effects, from actions or from the safety rules.
SIDE_EFFECTS_REPLIES = frozenset(
    {
        "action_explain_side_effects",
        "utter_side_effects_overview",
        "utter_when_to_call_care_team",
    }
)
CONTINUE_ACTION = "action_continue_topic"
# Answers two questions; the thread slot says what the last answer left open.
TWO_QUESTIONS_ACTION = "action_answer_two_questions"
AFFIRM = "affirm"


def thread_of(previous: str | None, thread_slot: str | None) -> str | None:
    """The thread the bot's previous reply left open, if any."""
    if previous in WALK_ACTIONS:
        return "walkthrough"
    if previous == "action_steps_overview":
        return "steps_overview"
    if previous in SIDE_EFFECTS_REPLIES:
        return "side_effects"
    if previous == "action_explain_side_effect":
        return "side_effect"
    if previous in (CONTINUE_ACTION, TWO_QUESTIONS_ACTION):
        return thread_slot
    return None


class ActionContinueTopic(Action):
    def name(self) -> str:
        return CONTINUE_ACTION

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        named = named_topic(tracker.latest_message or {})
        if named is not None:
            # "tell me more about the third one": the step or side effect named
            return answer_named(dispatcher, *named)
        previous = previous_bot_action(tracker.events)
        thread = thread_of(previous, tracker.get_slot(THREAD_SLOT))
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        return continue_after(dispatcher, tracker, thread, said_yes=intent == AFFIRM)


def continue_after(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    thread: str | None,
    said_yes: bool,
) -> list[EventType]:
    """Pick up the thread: the next step, the first step, the next side effect."""
    if thread == "walkthrough" and current_step(tracker) != steps.LAST_STEP:
        return go_forward(dispatcher, tracker)
    if thread == "steps_overview":
        return show_step(dispatcher, steps.FIRST_STEP)
    if thread == "side_effects":
        # "Which one would you like to know more about?" - "yes": the first one.
        return explain_side_effect(dispatcher, SIDE_EFFECTS[0])
    side_effect = tracker.get_slot("side_effect")
    if thread == "side_effect" and is_side_effect(side_effect):
        if said_yes:
            return explain_side_effect(dispatcher, other_side_effect(side_effect))
        dispatcher.utter_message(response="utter_no_more_detail")
        dispatcher.utter_message(
            response=f"utter_offer_{other_side_effect(side_effect)}"
        )
        return []
    events: list[EventType] = [SlotSet(THREAD_SLOT, None)]
    if said_yes:
        return [*show_menu(dispatcher), *events]
    dispatcher.utter_message(response="utter_no_more_detail", buttons=menu_buttons())
    return events
