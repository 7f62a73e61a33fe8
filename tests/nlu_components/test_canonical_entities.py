"""spaCy entities carry their canonical value."""

from __future__ import annotations

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
