"""Fallback when the ResponseSelector is unsure of the FAQ answer.

Rasa's FallbackClassifier only looks at the intent's confidence
(RasaHQ/rasa #9723): a confident `faq` intent with an unsure answer would be
answered anyway. This component, placed after the ResponseSelector and the
FallbackClassifier, turns such a message into `nlu_fallback`, so the
clarifying reply offers the closest topics instead of a guess.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message


def answer_confidence(
    parse_data: Dict[str, Any], retrieval_intent: str
) -> Optional[float]:
    """Confidence of the selected answer for `retrieval_intent`, if there is one."""
    selector = parse_data.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
    prediction = (selector.get(retrieval_intent) or {}).get(
        RESPONSE_SELECTOR_PREDICTION_KEY
    ) or {}
    confidence = prediction.get(PREDICTED_CONFIDENCE_KEY)
    return float(confidence) if confidence is not None else None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ResponseSelectorFallback(GraphComponent):
    """Predicts `nlu_fallback` when the retrieval answer's confidence is low."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._retrieval_intent = config["retrieval_intent"]
        self._threshold = float(config["threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ResponseSelectorFallback":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != self._retrieval_intent:
                continue
            confidence = answer_confidence(message.data, self._retrieval_intent)
            if confidence is None or confidence >= self._threshold:
                continue
            fallback = {
                INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                PREDICTED_CONFIDENCE_KEY: confidence,
            }
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
