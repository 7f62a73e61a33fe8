"""Topic buttons: the "what can you do?" menu and the clarifying question."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import navigation, steps
from actions.conversation import latest_text
from actions.side_effects import (
    THREAD_SLOT,
    explain_side_effect,
    is_side_effect,
    wants_the_other,
)
from actions.topics import clarifying_buttons, menu_buttons
from actions.walkthrough import current_step, show_step
from nlu_components.ranking import report_is_likely


def show_menu(dispatcher: CollectingDispatcher) -> list[EventType]:
    """What the assistant can do, with the main topics as buttons."""
    dispatcher.utter_message(response="utter_capabilities", buttons=menu_buttons())
    return []


class ActionShowCapabilities(Action):
    def name(self) -> str:
        return "action_show_capabilities"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return show_menu(dispatcher)


NAMED_ENTITIES = ("step", "side_effect")


def named_topic(parse_data: dict[str, Any]) -> tuple[str, str] | None:
    """(entity, value) when an unsure message names exactly one step or side effect.

    "step three", "the genetic engineering stage?": the classifier is unsure, but
    the words say which step is meant, so that step is a better reply than a list.
    """
    named = {
        (e.get("entity"), e.get("value"))
        for e in parse_data.get("entities") or []
        if e.get("entity") in NAMED_ENTITIES
    }
    if len(named) != 1:
        return None
    entity, value = next(iter(named))
    if entity == "step" and steps.is_step(value):
        return entity, str(value)
    if entity == "side_effect" and is_side_effect(value):
        return entity, str(value)
    return None


# Threads the steps leave open (actions/walkthrough.py).
STEP_THREADS = frozenset({"walkthrough", "steps_overview"})


def meant_in_context(tracker: Tracker) -> tuple[str, str] | None:
    """(entity, value) when the conversation makes an unsure message clear: "what
    about the other one" on the side effects; "and the first?" or "what precedes
    it?" on the steps."""
    other = wants_the_other(tracker)
    if other is not None:
        return "side_effect", other
    shown = current_step(tracker)
    if shown is None and tracker.get_slot(THREAD_SLOT) not in STEP_THREADS:
        return None
    text = latest_text(tracker)
    step = navigation.ordinal_step(text)
    if step is None and shown is not None:
        relative = navigation.relative_step(text, shown)
        step = relative if steps.is_step(relative) else None
    return ("step", step) if step is not None else None


def answer_named(
    dispatcher: CollectingDispatcher, entity: str, value: str
) -> list[EventType]:
    if entity == "step":
        return show_step(dispatcher, value)
    return explain_side_effect(dispatcher, value)


class ActionClarify(Action):
    """Offer the 2-3 closest topics instead of guessing an answer."""

    def name(self) -> str:
        return "action_clarify"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        parse_data = tracker.latest_message or {}
        if report_is_likely(parse_data.get("intent_ranking") or []):
            dispatcher.utter_message(response="utter_symptom_urgent")
        else:
            named = named_topic(parse_data) or meant_in_context(tracker)
            if named is not None:
                return answer_named(dispatcher, *named)
        buttons = clarifying_buttons(parse_data)
        if buttons:
            dispatcher.utter_message(response="utter_clarify", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_default")
        return []
