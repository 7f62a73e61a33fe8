"""The guided walk through the four steps: start, next, back, jump, overview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import navigation, steps
from actions.conversation import is_one_of_two_questions, latest_text
from actions.side_effects import THREAD_SLOT, explain_side_effect, wants_the_other

CURRENT_STEP_SLOT = "current_step"


def show_step(dispatcher: CollectingDispatcher, step: str) -> list[EventType]:
    """Say one step, offer what comes next, and remember where the walk is."""
    dispatcher.utter_message(response=steps.step_response(step))
    dispatcher.utter_message(response=steps.navigation_response(step))
    return [SlotSet(CURRENT_STEP_SLOT, step), SlotSet(THREAD_SLOT, "walkthrough")]


def show_overview(dispatcher: CollectingDispatcher) -> list[EventType]:
    """All four steps in brief, and the offer to walk through them."""
    dispatcher.utter_message(response="utter_steps_overview")
    dispatcher.utter_message(response="utter_offer_walkthrough")
    return [SlotSet(THREAD_SLOT, "steps_overview")]


def current_step(tracker: Tracker) -> str | None:
    value = tracker.get_slot(CURRENT_STEP_SLOT)
    return value if steps.is_step(value) else None


def go_forward(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    following = steps.next_step(current_step(tracker))
    if following is None:
        dispatcher.utter_message(response="utter_walkthrough_done")
        return []
    return show_step(dispatcher, following)


def go_back(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    before = steps.previous_step(current_step(tracker))
    if before is None:
        dispatcher.utter_message(response="utter_walkthrough_no_previous")
        return show_step(dispatcher, steps.FIRST_STEP)
    return show_step(dispatcher, before)


def navigate(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    otherwise: Callable[[CollectingDispatcher, Tracker], list[EventType]],
) -> list[EventType]:
    """Answer a step request the words make precise, else do `otherwise`.

    "the 4 steps" is the overview; "what comes before the expansion?" and "and
    after the extraction?" go relative to the step named; "and the first?" names a
    step by its place.
    """
    text = latest_text(tracker)
    named = set(named_steps(tracker))
    # "and the first?", "what comes after the 2nd?": a step by its place
    by_place = None if named else navigation.ordinal_step(text)
    if by_place is not None:
        named = {by_place}
    if navigation.is_count_of_steps(text) and not navigation.wants_one_at_a_time(text):
        return show_overview(dispatcher)
    only = next(iter(named)) if len(named) == 1 else None
    # "what precedes it?": relative to the step last shown when none is named
    reference = only if only is not None else (None if named else current_step(tracker))
    relative = navigation.relative_step(text, reference)
    if relative == navigation.DONE:
        dispatcher.utter_message(response="utter_walkthrough_done")
        return [SlotSet(CURRENT_STEP_SLOT, steps.LAST_STEP)]
    if relative == navigation.NO_PREVIOUS:
        dispatcher.utter_message(response="utter_walkthrough_no_previous")
        return show_step(dispatcher, steps.FIRST_STEP)
    if relative is not None:
        return show_step(dispatcher, relative)
    if by_place is not None:
        return show_step(dispatcher, by_place)
    shown = current_step(tracker)
    if navigation.wants_to_resume(text) and not named and shown != steps.LAST_STEP:
        # "let's get back to the steps" after a detour: go on from the last step shown
        return go_forward(dispatcher, tracker)
    return otherwise(dispatcher, tracker)


def show_steps(dispatcher: CollectingDispatcher, named: list[str]) -> list[EventType]:
    """Several steps asked about at once ("the collection and the modification"):
    each in the order asked, then what comes after the last one."""
    for step in named[:-1]:
        dispatcher.utter_message(response=steps.step_response(step))
    return show_step(dispatcher, named[-1])


def named_steps(tracker: Tracker) -> list[str]:
    """The steps the latest message names, each once, in the order named."""
    values = tracker.get_latest_entity_values("step")
    return list(dict.fromkeys(v for v in values if steps.is_step(v)))


def show_named_step(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    named = named_steps(tracker)
    if len(named) > 1:
        return show_steps(dispatcher, named)
    step = named[0] if named else current_step(tracker)
    if step is None:
        return show_overview(dispatcher)
    return show_step(dispatcher, step)


def overview_or_named_step(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The four steps; one step when the question names exactly one ("the lab step");
    step 1, the walk-through's start, when asked for one step at a time."""
    named = set(named_steps(tracker))
    if len(named) == 1:
        return show_step(dispatcher, named.pop())
    # (beside another question, the overview answers more briefly)
    one_at_a_time = navigation.wants_one_at_a_time(latest_text(tracker))
    if one_at_a_time and not is_one_of_two_questions(tracker):
        return show_step(dispatcher, steps.FIRST_STEP)
    return show_overview(dispatcher)


def start_or_resume(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Start at step 1, or go on from the last step shown when asked to resume."""
    shown = current_step(tracker)
    resume = navigation.wants_to_resume(latest_text(tracker))
    if resume and shown is not None and shown != steps.LAST_STEP:
        return go_forward(dispatcher, tracker)
    return show_step(dispatcher, steps.FIRST_STEP)


class ActionStepsOverview(Action):
    def name(self) -> str:
        return "action_steps_overview"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return navigate(dispatcher, tracker, overview_or_named_step)


class ActionStartWalkthrough(Action):
    def name(self) -> str:
        return "action_start_walkthrough"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return navigate(dispatcher, tracker, start_or_resume)


class ActionNextStep(Action):
    def name(self) -> str:
        return "action_next_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        other = wants_the_other(tracker)
        if tracker.get_slot(THREAD_SLOT) == "side_effect" and other is not None:
            # "and the other one?" after a side effect is not the next step
            return explain_side_effect(dispatcher, other)
        return navigate(dispatcher, tracker, go_forward)


class ActionPreviousStep(Action):
    def name(self) -> str:
        return "action_previous_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return navigate(dispatcher, tracker, go_back)


class ActionShowStep(Action):
    """Jump to the step the user named; the walk goes on from there."""

    def name(self) -> str:
        return "action_show_step"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return navigate(dispatcher, tracker, show_named_step)
