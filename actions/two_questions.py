"""Two questions in one message: each answered as if asked alone, in the order asked.

The NLU pipeline (nlu_components/two_questions.py) puts the two parts of such a
message in the parse data's `question_parts`, each with its own intent, ranking and
entities. A part the classifier read is answered by the reply its plain rule gives
(actions/rule_replies.py), run on a tracker whose latest message is that part; a
part it could not read is offered as the topic it leans to, with that topic's
button. The follow-up ("yes" after "Shall I go on?") then goes on with the thread
the last answer left open.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions
from actions.rule_replies import reply_of_intent
from actions.side_effects import SIDE_EFFECTS
from actions.topics import topics_by_key
from actions.walkthrough import THREAD_SLOT

NAME = "action_answer_two_questions"
PARTS_KEY = "question_parts"
OFFER = "utter_other_question_offer"
OFFER_KEY = "offer"


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    subs: list[type] = cls.__subclasses__()
    for sub in subs:
        found.extend([sub, *_subclasses(sub)])
    return found


@lru_cache(maxsize=1)
def actions_by_name() -> dict[str, Action]:
    """Every custom action of the `actions` package, by name."""
    for module in pkgutil.iter_modules(actions.__path__):
        importlib.import_module(f"actions.{module.name}")
    return {
        action.name(): action
        for action in (
            cls()
            for cls in _subclasses(Action)
            if cls.__module__.startswith("actions.")
        )
    }


def part_tracker(
    tracker: Tracker, part: dict[str, Any], slots: dict[str, Any]
) -> Tracker:
    """The conversation as if the part were the whole latest message."""
    return Tracker(
        tracker.sender_id,
        dict(slots),
        part,
        tracker.events,
        False,
        None,
        tracker.active_loop,
        tracker.latest_action_name,
    )


def offer_topic(dispatcher: CollectingDispatcher, part: dict[str, Any]) -> None:
    """The topic the part not understood leans to, as a button; else nothing (the
    other part's answer stands alone)."""
    topic = topics_by_key().get(str(part.get(OFFER_KEY)))
    if topic is not None:
        dispatcher.utter_message(response=OFFER, buttons=[topic.button()])


async def answer_part(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    part: dict[str, Any],
    slots: dict[str, Any],
) -> list[EventType]:
    intent = str((part.get("intent") or {}).get("name") or "")
    reply = reply_of_intent().get(intent) if part.get("answer") else None
    if reply is None:
        offer_topic(dispatcher, part)
        return []
    if reply.startswith("utter_"):
        dispatcher.utter_message(response=reply)
        return []
    action = actions_by_name().get(reply)
    if action is None or action.name() == NAME:
        offer_topic(dispatcher, part)
        return []
    return list(
        await action.run(dispatcher, part_tracker(tracker, part, slots), domain)
    )


def has_buttons(message: dict[str, Any], domain: dict[str, Any]) -> bool:
    """The message offers buttons, its own or its response's in the domain."""
    if message.get("buttons"):
        return True
    variants = (domain.get("responses") or {}).get(message.get("response") or "") or []
    return any(isinstance(v, dict) and v.get("buttons") for v in variants)


def follow_ups_dropped(
    messages: list[dict[str, Any]], domain: dict[str, Any]
) -> list[dict[str, Any]]:
    """An earlier part's answer without its follow-up offers (messages with buttons
    after its first): only the last answer may end on a question."""
    return messages[:1] + [m for m in messages[1:] if not has_buttons(m, domain)]


def without_repeats(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each reply once, where it last comes ("when to call the care team" after the
    second side effect), and no offer of a side effect this turn explained."""
    names = [m.get("response") for m in messages]
    answered = {
        f"utter_offer_{n}" for n in SIDE_EFFECTS if f"utter_side_effect_{n}" in names
    }
    kept = []
    for position, message in enumerate(messages):
        name = message.get("response")
        if name in answered or (name and name in names[position + 1 :]):
            continue
        kept.append(message)
    return kept


def _slot_events(events: list[EventType]) -> dict[str, Any]:
    return {e["name"]: e.get("value") for e in events if e.get("event") == "slot"}


async def answer_two_questions(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType]:
    parts = [
        p
        for p in (tracker.latest_message or {}).get(PARTS_KEY) or []
        if isinstance(p, dict)
    ]
    if not parts:
        # Reached without the parts (a typed "/two_questions"): ask again.
        dispatcher.utter_message(response="utter_default")
        return []
    events: list[EventType] = []
    slots = {**tracker.slots, THREAD_SLOT: None}
    answers: list[tuple[list[dict[str, Any]], list[EventType]]] = []
    for part in parts:
        collected = CollectingDispatcher()
        new = await answer_part(collected, tracker, domain, part, slots)
        slots.update(_slot_events(new))
        events.extend(e for e in new if e.get("name") != THREAD_SLOT)
        answers.append((collected.messages, new))
    given = [i for i, (messages, _) in enumerate(answers) if messages]
    last = given[-1] if given else None
    messages: list[dict[str, Any]] = []
    for i, (part_messages, _) in enumerate(answers):
        # Every answer but the last one given loses its follow-up offers.
        kept = part_messages if i == last else follow_ups_dropped(part_messages, domain)
        messages.extend(kept)
    # Only the last answer's thread is open for a "yes" that follows.
    thread = (
        _slot_events(answers[last][1]).get(THREAD_SLOT) if last is not None else None
    )
    events.append(SlotSet(THREAD_SLOT, thread))
    dispatcher.messages.extend(without_repeats(messages))
    return events


class ActionAnswerTwoQuestions(Action):
    def name(self) -> str:
        return NAME

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return await answer_two_questions(dispatcher, tracker, domain)
