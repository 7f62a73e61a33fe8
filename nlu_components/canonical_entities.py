"""Give spaCy entities their canonical value (the EntityRuler pattern id).

`SpacyEntityExtractor` reports the matched text ("step 3", "Cytokine storm").
This component, placed right after it, replaces the value with the id of the
pattern that matched ("expansion", "cytokine_release_syndrome"), so slots and
actions see one value per concept.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.patterns import load_entity_phrases
from nlu_components.typos import one_edit_apart

SPACY_EXTRACTOR = "SpacyEntityExtractor"
FUZZY_MIN_LENGTH = 6
TYPO_LABELS = ("step", "side_effect", "symptom")


def typo_entities(
    doc: Any,
    vocabulary: dict[str, tuple[str, str]],
    taken: list[tuple[int, int]],
    processor: str,
) -> list[dict[str, Any]]:
    """Entities for words one typo away from a one-word pattern ("extracton").

    Only words of FUZZY_MIN_LENGTH letters or more, with the same first letter,
    outside the entities spaCy already found.
    """
    found = []
    for token in doc:
        word = token.lower_
        start, end = token.idx, token.idx + len(token.text)
        if len(word) < FUZZY_MIN_LENGTH or word in vocabulary:
            continue
        if any(s <= start < e for s, e in taken):
            continue
        for known, (label, value) in vocabulary.items():
            if known[0] == word[0] and one_edit_apart(word, known):
                found.append(
                    {
                        "entity": label,
                        "value": value,
                        "start": start,
                        "end": end,
                        "extractor": SPACY_EXTRACTOR,
                        "processors": [processor],
                    }
                )
                break
    return found


def one_word_vocabulary(
    phrases: dict[str, dict[str, list[str]]], labels: tuple[str, ...] = TYPO_LABELS
) -> dict[str, tuple[str, str]]:
    """{word: (label, value)} for the one-word phrases long enough to match a typo."""
    vocabulary: dict[str, tuple[str, str]] = {}
    for label in labels:
        for value, value_phrases in phrases.get(label, {}).items():
            for phrase in value_phrases:
                word = phrase.lower()
                if (
                    " " not in word
                    and "-" not in word
                    and len(word) >= FUZZY_MIN_LENGTH
                ):
                    vocabulary.setdefault(word, (label, value))
    return vocabulary


def canonical_values(
    entities: list[dict[str, Any]], span_ids: dict[tuple, str], processor: str
) -> list[dict[str, Any]]:
    """Return entities with `value` set to the id of the span they cover, if any."""
    result = []
    for entity in entities:
        entity_id = span_ids.get((entity.get("start"), entity.get("end")))
        if entity.get("extractor") == SPACY_EXTRACTOR and entity_id:
            entity = {**entity, "value": entity_id}
            entity["processors"] = [*entity.get("processors", []), processor]
        result.append(entity)
    return result


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class SpacyEntityCanonicaliser(GraphComponent):
    """Maps spaCy entity text to its canonical pattern id; adds typo matches."""

    def __init__(self, vocabulary: dict[str, tuple[str, str]] | None = None) -> None:
        self._vocabulary = vocabulary or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyEntityCanonicaliser:
        return cls(one_word_vocabulary(load_entity_phrases()))

    @classmethod
    def required_components(cls) -> list[type]:
        return []

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            doc: Any | None = message.get(SPACY_DOCS[TEXT])
            entities = message.get(ENTITIES) or []
            if doc is None:
                continue
            name = type(self).__name__
            span_ids = {(ent.start_char, ent.end_char): ent.ent_id_ for ent in doc.ents}
            taken = [(ent.start_char, ent.end_char) for ent in doc.ents]
            typos = typo_entities(doc, self._vocabulary, taken, name)
            if not entities and not typos:
                continue
            message.set(
                ENTITIES,
                canonical_values(entities, span_ids, name) + typos,
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
