"""Give spaCy entities their canonical value (the EntityRuler pattern id).

`SpacyEntityExtractor` reports the matched text ("step 3", "Cytokine storm").
This component, placed right after it, replaces the value with the id of the
pattern that matched ("expansion", "cytokine_release_syndrome"), so slots and
actions see one value per concept.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

SPACY_EXTRACTOR = "SpacyEntityExtractor"


def canonical_values(
    entities: List[Dict[str, Any]], span_ids: Dict[tuple, str], processor: str
) -> List[Dict[str, Any]]:
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
    """Maps spaCy entity text to its canonical pattern id."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SpacyEntityCanonicaliser":
        return cls()

    @classmethod
    def required_components(cls) -> List[type]:
        return []

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            doc: Optional[Any] = message.get(SPACY_DOCS[TEXT])
            entities = message.get(ENTITIES) or []
            if doc is None or not entities:
                continue
            span_ids = {(ent.start_char, ent.end_char): ent.ent_id_ for ent in doc.ents}
            message.set(
                ENTITIES,
                canonical_values(entities, span_ids, type(self).__name__),
                add_to_output=True,
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
