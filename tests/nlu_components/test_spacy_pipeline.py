"""The project's spaCy pipeline finds steps, side effects, cancers and symptoms."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu_components.build_spacy_pipeline import main
from nlu_components.patterns import PatternFileError, load_entity_phrases


def entities(nlp, text: str) -> list:
    # Rasa's SpacyNLP lowercases text before spaCy sees it (case_sensitive: false).
    return [(ent.label_, ent.ent_id_) for ent in nlp(text.lower()).ents]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what happens in step 3", [("step", "expansion")]),
        ("tell me about the expansion step", [("step", "expansion")]),
        ("how are the T cells collected?", [("step", "extraction")]),
        ("how do they modify the cells", [("step", "modification")]),
        ("the cells are multiplied", [("step", "expansion")]),
        ("what's the infusion like", [("step", "infusion")]),
        ("What is the last step?", [("step", "infusion")]),
        ("what is CRS?", [("side_effect", "cytokine_release_syndrome")]),
        (
            "what is cytokine release syndrome",
            [("side_effect", "cytokine_release_syndrome")],
        ),
        (
            "tell me more about the neurological ones",
            [("side_effect", "neurological_effects")],
        ),
        ("what about the brain?", [("side_effect", "neurological_effects")]),
        (
            "does it treat B-cell acute lymphoblastic leukemia",
            [("cancer_type", "b_cell_all")],
        ),
        ("is it for lymphomas", [("cancer_type", "lymphoma")]),
        ("my dad has a fever", [("symptom", "fever")]),
        ("she is shivering", [("symptom", "chills")]),
        ("he can't breathe", [("symptom", "trouble_breathing")]),
        ("what does it cost", []),
        ("is it all covered", []),
    ],
)
def test_entities_are_found_with_canonical_ids(nlp, text, expected):
    assert entities(nlp, text) == expected


def test_lemmas_come_from_the_lookup_tables(nlp):
    assert [t.lemma_ for t in nlp("cells were collected")] == ["cell", "be", "collect"]


def test_build_writes_a_pipeline_spacy_can_load(tmp_path: Path):
    import spacy

    assert main([str(tmp_path / "pipeline")]) == 0
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["lemmatizer", "entity_ruler"]
    assert [e.ent_id_ for e in loaded("what is crs").ents] == [
        "cytokine_release_syndrome"
    ]


@pytest.mark.parametrize(
    "content",
    [
        "- just a list",
        "step: [extraction]",
        'step:\n  extraction: [""]',
        "step:\n  extraction: oops",
    ],
)
def test_a_malformed_pattern_file_is_refused_with_a_clear_message(
    tmp_path: Path, content: str
):
    path = tmp_path / "patterns.yml"
    path.write_text(content)
    with pytest.raises(PatternFileError, match="patterns.yml"):
        load_entity_phrases(path)


@pytest.mark.parametrize("text", ["name the 4 stages", "what are the four steps"])
def test_a_count_of_steps_is_not_a_step(nlp, text):
    assert [e for e in nlp(text).ents if e.label_ == "step"] == []


def test_an_ordinal_still_names_its_step(nlp):
    assert [e.ent_id_ for e in nlp("what is the fourth step").ents] == ["infusion"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("is there a number i can call", []),
        ("what numbers can i ring", []),
        ("my hands feel numb", [("symptom", "weakness")]),
    ],
)
def test_a_phone_number_is_not_numbness(nlp, text, expected):
    assert entities(nlp, text) == expected
