"""Side effects, conversationally: name them, then explain the one asked about.

Plain functions over the tracker; the actions are in actions/side_effect_actions.py.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_entity, latest_text

SIDE_EFFECTS = ("cytokine_release_syndrome", "neurological_effects")
NEUROLOGICAL = "neurological_effects"
# Symptom entities (nlp/entity_patterns.yml) that are signs of the brain and nerves.
NEUROLOGICAL_SIGNS = frozenset(
    {"confusion", "trouble_speaking", "trouble_writing", "seizure"}
)
SIDE_EFFECT_SLOT = "side_effect"
# "and the other one?", "the second side effect": the one not yet explained.
OTHER_WORDS = frozenset({"other", "second", "another", "next", "remaining"})
THREAD_SLOT = "thread"


def is_side_effect(value: object) -> bool:
    return isinstance(value, str) and value in SIDE_EFFECTS


def other_side_effect(side_effect: str) -> str:
    return next(s for s in SIDE_EFFECTS if s != side_effect)


def side_effect_meant(tracker: Tracker) -> str | None:
    """The side effect named in this message, else the one its signs belong to,
    else the one the conversation is on."""
    for value in (
        latest_entity(tracker, "side_effect"),
        side_effect_of_signs(tracker),
        tracker.get_slot(SIDE_EFFECT_SLOT),
    ):
        if is_side_effect(value):
            return value
    return None


def side_effect_of_signs(tracker: Tracker) -> str | None:
    """ "can it cause confusion or trouble speaking?": the neurological effects,
    when every symptom the message names is a sign of the brain and nerves."""
    signs = set(tracker.get_latest_entity_values("symptom"))
    return NEUROLOGICAL if signs and signs <= NEUROLOGICAL_SIGNS else None


def explain_side_effect(
    dispatcher: CollectingDispatcher, side_effect: str
) -> list[EventType]:
    """Explain one side effect, say when to call the care team, offer the other."""
    dispatcher.utter_message(response=f"utter_side_effect_{side_effect}")
    dispatcher.utter_message(response="utter_when_to_call_care_team")
    dispatcher.utter_message(response=f"utter_offer_{other_side_effect(side_effect)}")
    return [SlotSet(SIDE_EFFECT_SLOT, side_effect), SlotSet(THREAD_SLOT, "side_effect")]


def explain_side_effects(dispatcher: CollectingDispatcher) -> list[EventType]:
    """Name the side effects, say when to call the care team, ask which one."""
    dispatcher.utter_message(response="utter_side_effects_overview")
    dispatcher.utter_message(response="utter_when_to_call_care_team")
    return [SlotSet(THREAD_SLOT, "side_effects")]


def wants_the_other(tracker: Tracker) -> str | None:
    """The side effect not explained yet, when the message asks for "the other one"
    and names none itself ("other brain problems" names the neurological ones)."""
    if latest_entity(tracker, "side_effect") is not None:
        return None
    words = set(latest_text(tracker).lower().replace("?", " ").split())
    current = tracker.get_slot(SIDE_EFFECT_SLOT)
    if words & OTHER_WORDS and is_side_effect(current):
        return other_side_effect(current)
    return None


def answer_side_effects(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The side effect the message names or asks for, else both, by name."""
    meant = latest_entity(tracker, "side_effect")
    if meant is not None and is_side_effect(meant):
        return explain_side_effect(dispatcher, meant)
    other = wants_the_other(tracker)
    if other is not None:
        return explain_side_effect(dispatcher, other)
    return explain_side_effects(dispatcher)
