"""A question about CAR T that the article does not answer: say so, offer the closest.

The classifier's ranking says which covered topic comes nearest ("does insurance pay
for it" → cost, "how long is the hospital stay" → how long it takes); that topic is
offered as a button when it is likely enough, otherwise the list of topics is.
When the classifier is confident the message is that FAQ question ("how much does
it cost, will my insurance pay?"), the closest answer itself is given: the person
hears what the article does say, and that the rest is for the care team.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.topics import Topic, topics_by_key

CLOSEST_MIN_CONFIDENCE = 0.1
CLOSEST_AMONG = 3
ANSWER_CONFIDENCE = 0.8
FAQ_PREFIX = "faq_"
NOT_TOPICS = frozenset({"ask_not_in_article", "nlu_fallback"})


def closest_topic(
    parse_data: dict[str, Any],
    min_confidence: float = CLOSEST_MIN_CONFIDENCE,
    among: int = CLOSEST_AMONG,
) -> Topic | None:
    """The covered topic among the `among` next best intents, if likely enough."""
    ranking = [
        r
        for r in parse_data.get("intent_ranking") or []
        if r.get("name") not in NOT_TOPICS
    ]
    for ranked in ranking[:among]:
        topic = topics_by_key().get(str(ranked.get("name")))
        if topic and float(ranked.get("confidence") or 0.0) >= min_confidence:
            return topic
    return None


def answer_not_in_article(
    dispatcher: CollectingDispatcher, parse_data: dict[str, Any]
) -> list[EventType]:
    dispatcher.utter_message(response="utter_not_in_article")
    topic = closest_topic(parse_data)
    if topic is None:
        dispatcher.utter_message(response="utter_other_topics")
    elif topic.key.startswith(FAQ_PREFIX) and closest_topic(
        parse_data, ANSWER_CONFIDENCE, among=1
    ):
        dispatcher.utter_message(response="utter_closest_topic")
        dispatcher.utter_message(response=f"utter_{topic.key}")
    else:
        dispatcher.utter_message(
            response="utter_closest_topic", buttons=[topic.button()]
        )
    return []


class ActionNotInArticle(Action):
    def name(self) -> str:
        return "action_not_in_article"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return answer_not_in_article(dispatcher, tracker.latest_message or {})
