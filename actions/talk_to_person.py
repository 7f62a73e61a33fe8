"""Asking for a person: the care team's contact, or the emergency line first when
the bot's last turn was the urgent reply to a symptom.

The urgent reply may come alone (a report), before the warm reply (a report told
with a feeling), before the side effects (a report or a question it cannot tell
apart) or before the topic buttons (the clarifying question): the bot's replies
are read, not the rule that sent them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import replies_before_latest_message

URGENT_SYMPTOM_REPLY = "utter_symptom_urgent"
PERSON_REPLY = "utter_talk_to_person"
URGENT_PERSON_REPLY = "utter_talk_to_person_urgent"


def person_reply(events: Iterable[dict[str, Any]]) -> str:
    urgent = URGENT_SYMPTOM_REPLY in replies_before_latest_message(events)
    return URGENT_PERSON_REPLY if urgent else PERSON_REPLY


class ActionTalkToPerson(Action):
    def name(self) -> str:
        return "action_talk_to_person"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        dispatcher.utter_message(response=person_reply(tracker.events))
        return []
