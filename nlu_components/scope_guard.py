"""Scope guard: "car" the vehicle is not CAR T ("how much does a new car cost").

Placed after the classifiers and before the safety router (which still wins for a
symptom report or self-harm). When a message uses "car" as a vehicle and nothing in
it is about the therapy, the intent becomes `out_of_scope`. The cue words are in
nlp/scope_cues.yml.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.cue_lists import cue_lists
from nlu_components.intents import set_intent

logger = logging.getLogger(__name__)

CUES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "scope_cues.yml"
OUT_OF_SCOPE = "out_of_scope"
KEEP = frozenset({"self_harm", "report_symptom", "report_loss"})


@dataclass(frozen=True)
class ScopeCues:
    vehicle: frozenset[str]
    car_t_next: frozenset[str]
    about_car_t: frozenset[str]


@lru_cache(maxsize=1)
def load_scope_cues(path: Path = CUES_FILE) -> ScopeCues:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return ScopeCues(**cue_lists(data, ("vehicle", "car_t_next", "about_car_t"), path))


def about_car_t(words: Sequence[str], cues: ScopeCues) -> bool:
    """The words speak of the therapy: "car t", "CAR-T", "cancer", "infusion"..."""
    for i, word in enumerate(words):
        if word in cues.about_car_t:
            return True
        # "car t." ending a sentence is tokenised "car", "t.": the stop is no word
        following = words[i + 1].rstrip(".") if i + 1 < len(words) else ""
        if word in ("car", "cars") and following in cues.car_t_next:
            return True
    return False


def is_about_a_vehicle(words: Sequence[str], cues: ScopeCues) -> bool:
    """ "car" (or another vehicle) is named and nothing is about the therapy."""
    return bool(set(words) & cues.vehicle) and not about_car_t(words, cues)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ScopeGuard(GraphComponent):
    """Turns messages about a vehicle "car" into `out_of_scope`."""

    def __init__(self, cues: ScopeCues) -> None:
        self._cues = cues

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyTokenizer]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ScopeGuard:
        return cls(load_scope_cues())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            tokens = message.get(TOKENS_NAMES[TEXT]) or []
            words = [token.text.lower() for token in tokens]
            if "CAR" in str(message.get(TEXT) or "").split():
                continue  # the acronym, written as such
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) in (KEEP | {OUT_OF_SCOPE}):
                continue
            if not is_about_a_vehicle(words, self._cues):
                continue
            logger.info(
                "Scope guard: '%s' is about a vehicle, not CAR T.",
                intent.get(INTENT_NAME_KEY),
            )
            set_intent(
                message, {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: 1.0}
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
