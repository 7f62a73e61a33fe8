"""A CAR T question the article does not answer: honest reply, then the closest topic."""

from __future__ import annotations

import pytest

from actions.not_in_article import ActionNotInArticle
from tests.support.conversation import responses_of


def ranking(*intents: tuple, text: str = "") -> dict:
    return {
        "text": text,
        "intent_ranking": [{"name": n, "confidence": c} for n, c in intents],
    }


@pytest.mark.parametrize(
    "parse_data, responses, button",
    [
        # the classifier is sure it is the cost question: the cost answer follows
        (
            ranking(("ask_not_in_article", 1.0), ("faq_cost", 0.97)),
            ["utter_not_in_article", "utter_closest_topic", "utter_faq_cost"],
            None,
        ),
        # a likely topic, not a sure one: offered as a button
        (
            ranking(("ask_not_in_article", 1.0), ("faq_duration", 0.6)),
            ["utter_not_in_article", "utter_closest_topic"],
            "/faq_duration",
        ),
        (
            ranking(("ask_not_in_article", 1.0), ("ask_side_effects", 0.85)),
            ["utter_not_in_article", "utter_closest_topic"],
            "/ask_side_effects",
        ),
        # an unlikely guess is not offered ("the future" for a glass of wine)
        (
            ranking(
                ("ask_not_in_article", 1.0), ("faq_cure", 0.36), text="a glass of wine?"
            ),
            ["utter_not_in_article", "utter_other_topics"],
            None,
        ),
        # the subject says the closest topic, whatever the classifier guessed
        (
            ranking(
                ("ask_not_in_article", 1.0),
                ("faq_future", 0.55),
                text="will my hair fall out",
            ),
            ["utter_not_in_article", "utter_closest_topic"],
            "/ask_side_effects",
        ),
        (
            ranking(
                ("ask_not_in_article", 1.0),
                ("faq_cost", 0.96),
                text="does insurance pay",
            ),
            ["utter_not_in_article", "utter_closest_topic", "utter_faq_cost"],
            None,
        ),
        # nothing close: the list of topics
        (
            ranking(("ask_not_in_article", 1.0), ("greet", 0.3), ("faq_cost", 0.02)),
            ["utter_not_in_article", "utter_other_topics"],
            None,
        ),
    ],
)
async def test_not_in_article_is_honest_and_offers_the_closest_topic(
    dispatcher, make_tracker, domain, parse_data, responses, button
):
    tracker = make_tracker("ask_not_in_article", parse_data=parse_data)
    await ActionNotInArticle().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == responses
    buttons = [b["payload"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert buttons == ([button] if button else [])
