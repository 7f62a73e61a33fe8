"""Safety net: a message that reports a symptom is `report_symptom`, whatever DIET says.

Runs last in the NLU pipeline. It reads the spaCy lemmas and the `symptom`
entities of the EntityRuler, so a report such as "my dad is shivering since the
infusion" reaches the safety rule even when the intent classifier is unsure or
wrong. A general question ("does CAR T cause fever?") is left to the classifier.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.patterns import load_safety_cues

logger = logging.getLogger(__name__)

REPORT_INTENT = "report_symptom"
SYMPTOM_ENTITY = "symptom"


def is_symptom_report(
    lemmas: Iterable[str], names_symptom: bool, cues: Mapping[str, FrozenSet[str]]
) -> bool:
    """True when a message naming a symptom describes it happening to someone."""
    if not names_symptom:
        return False
    words = [w.lower() for w in lemmas if w.strip()]
    if not words:
        return False
    words_set = set(words)
    names_person = bool(words_set & cues["person"])
    names_time = bool(words_set & cues["time"])
    is_question = words[0] in cues["question_start"]
    if is_question:
        return names_person and names_time
    return names_person or names_time


def symptom_mentions(doc: Any, cues: Mapping[str, FrozenSet[str]]) -> List[str]:
    """Canonical ids of the symptoms a spaCy doc names as symptoms.

    A mention followed by "about", "by"... ("confused about the steps") is a
    figure of speech, not a symptom, and is left out.
    """
    mentions = []
    for ent in doc.ents:
        if ent.label_ != SYMPTOM_ENTITY:
            continue
        following = doc[ent.end].lemma_.lower() if ent.end < len(doc) else ""
        if following not in cues["not_a_symptom_before"]:
            mentions.append(ent.ent_id_ or ent.text)
    return mentions


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SymptomReportDetector(GraphComponent):
    """Overrides the intent with `report_symptom` when lemma cues say so."""

    def __init__(self, cues: Dict[str, FrozenSet[str]]) -> None:
        self._cues = cues

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SymptomReportDetector":
        return cls(load_safety_cues())

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            names_symptom = bool(symptom_mentions(doc, self._cues))
            lemmas = [token.lemma_ for token in doc if not token.is_punct]
            if not is_symptom_report(lemmas, names_symptom, self._cues):
                continue
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) == REPORT_INTENT:
                continue
            logger.info(
                "Symptom cues override intent '%s' with '%s'.",
                intent.get(INTENT_NAME_KEY),
                REPORT_INTENT,
            )
            override = {INTENT_NAME_KEY: REPORT_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != REPORT_INTENT
            ]
            message.set(INTENT, override, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [override, *ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
