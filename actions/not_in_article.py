"""A question about CAR T that the article does not answer: say so, offer the closest.

The closest covered topic is the one nlp/closest_topics.yml gives the question's
subject ("does insurance pay for it" → cost, "how long is the hospital stay" → how
long it takes, "will my hair fall out" → the side effects), else the classifier's
nearest topic when it is likely (an unlikely guess offers "the future of CAR T" for
hair loss); it is offered as a button, otherwise the pointer to the topics is.
When the classifier is confident the message is that FAQ question ("how much does
it cost, will my insurance pay?"), the closest answer itself is given: the person
hears what the article does say, and that the rest is for the care team.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.navigation import says
from actions.topics import Topic, topics_by_key

CLOSEST_TOPICS_FILE = (
    Path(__file__).resolve().parent.parent / "nlp" / "closest_topics.yml"
)
CLOSEST_MIN_CONFIDENCE = 0.5
CLOSEST_AMONG = 3
ANSWER_CONFIDENCE = 0.8
FAQ_PREFIX = "faq_"
NOT_TOPICS = frozenset({"ask_not_in_article", "nlu_fallback"})


@lru_cache(maxsize=1)
def subject_topics(
    path: Path = CLOSEST_TOPICS_FILE,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(topic key, words of its subjects), in the file's order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    known = topics_by_key()
    entries = []
    for key, words in data.items():
        if key not in known or not isinstance(words, list) or not words:
            raise ValueError(f"{path}: '{key}' must be a topic with a list of words")
        entries.append((str(key), tuple(str(w).lower() for w in words)))
    return tuple(entries)


def named_subject_topic(text: str) -> Topic | None:
    """The topic nlp/closest_topics.yml gives a subject the text names."""
    for key, words in subject_topics():
        if says(text, words):
            return topics_by_key()[key]
    return None


def closest_topic(parse_data: dict[str, Any]) -> Topic | None:
    """The subject's topic, else the classifier's nearest if likely enough."""
    named = named_subject_topic(str(parse_data.get("text") or ""))
    return named or ranked_topic(parse_data)


def ranked_topic(
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
    elif (
        topic.key.startswith(FAQ_PREFIX)
        and ranked_topic(parse_data, ANSWER_CONFIDENCE, among=1) == topic
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
