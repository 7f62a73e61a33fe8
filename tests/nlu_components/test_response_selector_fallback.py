"""An unsure FAQ answer becomes a clarifying question (RasaHQ/rasa #9723)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.response_selector_fallback import ResponseSelectorFallback


def faq_message(intent: str, answer_confidence: float) -> Message:
    message = Message(data={"text": "x"})
    message.set("intent", {"name": intent, "confidence": 0.95})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.95}])
    message.set(
        "response_selector",
        {
            "faq": {
                "response": {
                    "confidence": answer_confidence,
                    "intent_response_key": "faq/cost",
                }
            }
        },
    )
    return message


@pytest.mark.parametrize(
    "intent, answer_confidence, expected",
    [
        ("faq", 0.2, "nlu_fallback"),
        ("faq", 0.49, "nlu_fallback"),
        ("faq", 0.5, "faq"),
        ("faq", 0.99, "faq"),
        ("greet", 0.1, "greet"),  # only the retrieval intent is checked
    ],
)
def test_unsure_answers_fall_back(intent, answer_confidence, expected):
    component = ResponseSelectorFallback({"retrieval_intent": "faq", "threshold": 0.5})
    [message] = component.process([faq_message(intent, answer_confidence)])
    assert message.get("intent")["name"] == expected
    if expected == "nlu_fallback":
        assert message.get("intent")["confidence"] == answer_confidence
        assert [r["name"] for r in message.get("intent_ranking")] == [
            "nlu_fallback",
            "faq",
        ]
