"""Scope guard: messages that are surely out of scope, whatever the classifier says.

Placed after the classifiers and before the other routers (the safety router still
wins for a symptom report or self-harm). The intent becomes `out_of_scope` when:
- "car" is a vehicle and nothing in the message is about the therapy ("how much
  does a new car cost"; a feeling told beside it is still heard by the beyond-FAQ
  router: "crying in the car park");
- the message has no word at all (emoji, punctuation, a keyboard mash "kjh3k4 ;;");
- it tries to change the bot's instructions ("ignore all previous instructions",
  "developer mode"), or it is abuse aimed at the bot ("you are useless");
- it asks the bot to write or make something not about the therapy ("write me a
  birthday poem").
The beyond-FAQ router leaves the last three alone (`SURELY_OUT_OF_SCOPE`). The cue
words are in nlp/scope_cues.yml.
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
from nlu_components.phrases import fold, has_phrase

logger = logging.getLogger(__name__)

CUES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "scope_cues.yml"
OUT_OF_SCOPE = "out_of_scope"
KEEP = frozenset({"self_harm", "report_symptom", "report_loss"})
# Set on a message this component made `out_of_scope`.
SURELY_OUT_OF_SCOPE = "surely_out_of_scope"
CUE_KEYS = (
    "vehicle",
    "car_t_next",
    "about_car_t",
    "instructions",
    "at_the_bot",
    "making_requests",
    "points_to_the_therapy",
)
PUNCTUATION = "\"'.,;:!?()[]{}<>-_*#%&@/+=~^|`"


@dataclass(frozen=True)
class ScopeCues:
    vehicle: frozenset[str]
    car_t_next: frozenset[str]
    about_car_t: frozenset[str]
    instructions: frozenset[str]
    at_the_bot: frozenset[str]
    making_requests: frozenset[str]
    points_to_the_therapy: frozenset[str]


@lru_cache(maxsize=1)
def load_scope_cues(path: Path = CUES_FILE) -> ScopeCues:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return ScopeCues(**cue_lists(data, CUE_KEYS, path))


def has_no_words(text: str) -> bool:
    """No word of two letters or more, and no number: emoji, punctuation, a
    keyboard mash ("kjh3k4j5h ;;;; ]]][[")."""
    tokens = [token.strip(PUNCTUATION) for token in text.split()]
    return not any(
        (len(token) >= 2 and token.isalpha()) or token.replace(".", "", 1).isdigit()
        for token in tokens
    )


def _has_phrase(text: str, phrases: frozenset[str]) -> bool:
    return has_phrase(fold(text), phrases)


def surely_out_of_scope(text: str, words: Sequence[str], cues: ScopeCues) -> bool:
    """No words, instructions, abuse or a request to make something (`words`: the
    message's tokens). A vehicle is out of scope too, but a feeling told beside it
    ("crying in the car park") is still heard."""
    if has_no_words(text):
        return True
    if _has_phrase(text, cues.instructions) or _has_phrase(text, cues.at_the_bot):
        return True
    return _has_phrase(text, cues.making_requests) and not about_car_t(words, cues)


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


def points_to_the_therapy(text: str, cues: ScopeCues) -> bool:
    """Words that, in this assistant, point back to the therapy without naming it
    ("can you get a rash from it?", "is that one of the things to look out for")."""
    return _has_phrase(text, cues.points_to_the_therapy)


def is_about_a_vehicle(words: Sequence[str], cues: ScopeCues) -> bool:
    """ "car" (or another vehicle) is named and nothing is about the therapy."""
    return bool(set(words) & cues.vehicle) and not about_car_t(words, cues)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ScopeGuard(GraphComponent):
    """Turns messages that are surely out of scope into `out_of_scope`."""

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
            text = str(message.get(TEXT) or "")
            if text.startswith("/"):
                continue  # a button's payload
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) in KEEP:
                continue
            surely = surely_out_of_scope(text, words, self._cues)
            # "CAR" written as the acronym is never the vehicle
            vehicle = "CAR" not in text.split() and is_about_a_vehicle(
                words, self._cues
            )
            if not (surely or vehicle):
                continue
            if surely:
                message.set(SURELY_OUT_OF_SCOPE, True)
            if intent.get(INTENT_NAME_KEY) == OUT_OF_SCOPE:
                continue
            logger.info(
                "Scope guard: '%s' is surely out of scope.",
                intent.get(INTENT_NAME_KEY),
            )
            set_intent(
                message, {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: 1.0}
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
