"""spaCy entities carry their canonical value."""

from __future__ import annotations

import pytest

from nlu_components.canonical_entities import canonical_values


def test_spacy_entities_get_the_pattern_id_others_are_untouched():
    entities = [
        {
            "entity": "step",
            "value": "step 3",
            "start": 17,
            "end": 23,
            "extractor": "SpacyEntityExtractor",
        },
        {
            "entity": "step",
            "value": "step 3",
            "start": 17,
            "end": 23,
            "extractor": "DIETClassifier",
        },
        {
            "entity": "symptom",
            "value": "hot",
            "start": 0,
            "end": 3,
            "extractor": "SpacyEntityExtractor",
        },
    ]
    result = canonical_values(entities, {(17, 23): "expansion"}, "Canon")
    assert [e["value"] for e in result] == ["expansion", "step 3", "hot"]
    assert result[0]["processors"] == ["Canon"]
    assert entities[0]["value"] == "step 3", "the input is not modified"


@pytest.mark.parametrize(
    "text, value",
    [
        ("wat happens at the extracton stage", "extraction"),
        ("nurological efects of car t?", "neurological_effects"),
        ("how do they make milions of cells", "expansion"),
    ],
)
def test_a_typo_of_a_pattern_word_is_still_found(nlp, text, value):
    from nlu_components.canonical_entities import one_word_vocabulary, typo_entities
    from nlu_components.patterns import load_entity_phrases

    doc = nlp(text)
    taken = [(e.start_char, e.end_char) for e in doc.ents]
    found = typo_entities(doc, one_word_vocabulary(load_entity_phrases()), taken, "t")
    assert [e["value"] for e in found] == [value]


def test_ordinary_words_are_not_read_as_typos(nlp):
    from nlu_components.canonical_entities import one_word_vocabulary, typo_entities
    from nlu_components.patterns import load_entity_phrases

    doc = nlp("what is the procedure and the forecast for ever after")
    assert typo_entities(doc, one_word_vocabulary(load_entity_phrases()), [], "t") == []
