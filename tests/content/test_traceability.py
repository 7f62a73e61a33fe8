"""Every response sentence is traced to the article or marked as safety policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quality import traceability as tr

ARTICLE = """Title of the Article
Side Effects: Patients may experience cytokine release syndrome (CRS).
The process from T-cell extraction to infusion generally takes a few weeks.
It leverages the body’s own immune system — a “new” hope.
Published on: June 24, 2025
Uploaded by: SOMEONE
Powered by a loan company
"""
TERMS = tr.claim_terms(
    {
        "step": {"extraction": ["extraction"]},
        "symptom": {"fever": ["fever", "high temperature"]},
        "side_effect": {"crs": ["cytokine release syndrome", "crs"]},
        "cancer_type": {"lymphoma": ["lymphoma"]},
    }
)


@pytest.mark.parametrize(
    "text, units",
    [
        ("One sentence.", ["One sentence."]),
        (
            "First one. Second one? Third! Fourth",
            ["First one.", "Second one?", "Third!", "Fourth"],
        ),
        (
            "Pick one:\n- first item\n- second item",
            ["Pick one:", "first item", "second item"],
        ),
        (
            "Steps:\n1. Extraction: cells. More.\n2) Infusion",
            ["Steps:", "Extraction: cells.", "More.", "Infusion"],
        ),
        ("Extraction: T cells are collected.", ["Extraction: T cells are collected."]),
        ('Type "help." Then go', ['Type "help."', "Then go"]),
        ("Step 1 of 4: Extraction. T cells", ["Step 1 of 4: Extraction.", "T cells"]),
        ("  spaced   out.  \n\n  next line ", ["spaced out.", "next line"]),
        ("CAR T-cell therapy. 24 June 2025.", ["CAR T-cell therapy.", "24 June 2025."]),
        ("", []),
    ],
)
def test_split_sentences(text: str, units: list[str]) -> None:
    assert tr.split_sentences(text) == units


@pytest.mark.parametrize(
    "text, normal",
    [
        ("The patient’s T-cells", "the patient's t cells"),
        ("the patient's T cells", "the patient's t cells"),
        ("“Quoted” text", '"quoted" text'),
        ("cells — a type – of ‑ cell", "cells a type of cell"),
        ("Long-Term  Remission\n", "long term remission"),
        ("B-cell ALL", "b cell all"),
    ],
)
def test_normalise(text: str, normal: str) -> None:
    assert tr.normalise(text) == normal


def test_article_body_drops_the_footer_but_keeps_the_date() -> None:
    body = tr.article_body(ARTICLE)
    assert body.endswith("Published on: June 24, 2025")
    assert "Uploaded by" not in body and "loan" not in body


@pytest.mark.parametrize(
    "sentence, claims",
    [
        ("Contact your care team right away.", []),
        ("If you have symptoms after treatment, call for help.", []),
        ("Safety first: tell your care team.", []),
        ("A fever needs a doctor.", ["fever"]),
        ("A High Temperature is a sign.", ["high temperature"]),
        ("CRS can happen.", ["crs"]),
        ("It may treat lymphomas.", ["lymphoma", "treat"]),
        ("This causes harm.", ["cause", "causes"]),
        ("Take two doses.", ["dose"]),
        ("It is safe.", ["safe"]),
        ("Wait 24 hours.", ["a digit"]),
        ("The extraction is done.", []),  # step terms are not medical claims
    ],
)
def test_medical_claims(sentence: str, claims: list[str]) -> None:
    assert sorted(tr.medical_claims(sentence, TERMS)) == sorted(claims)


def test_claim_terms_take_the_medical_sections_and_words() -> None:
    assert {"fever", "high temperature", "crs", "lymphoma", "cure", "dose"} <= set(
        TERMS
    )
    assert "extraction" not in TERMS


SENTENCES = {
    "utter_a": ["Patients may have CRS.", "Contact your care team."],
    "utter_b": ["Hello!"],
}
GOOD: dict[str, Any] = {
    "utter_a": [
        {
            "sentence": "Patients may have CRS.",
            "article": "Patients may experience cytokine release syndrome (CRS)",
        },
        {"sentence": "Contact your care team.", "policy": "safety routing"},
    ],
    "utter_b": [{"sentence": "Hello!", "policy": "conversation"}],
}


def check(sentences: dict[str, list[str]], trace: dict[str, Any]) -> list[str]:
    return tr.problems(sentences, trace, tr.article_body(ARTICLE), TERMS)


def test_a_complete_trace_has_no_problems() -> None:
    assert check(SENTENCES, GOOD) == []


def test_passages_match_after_normalising_and_may_be_a_list() -> None:
    trace = {
        "utter_b": [
            {
                "sentence": "Hello!",
                "article": [
                    'the body\'s own immune system - a "new" hope',
                    "from T cell extraction to infusion",
                    "Published on: June 24, 2025",
                ],
            }
        ]
    }
    assert check({"utter_b": ["Hello!"]}, trace) == []


@pytest.mark.parametrize(
    "sentences, trace, expected",
    [
        (
            {**SENTENCES, "utter_b": ["Hello!", "New sentence."]},
            GOOD,
            'utter_b: no entry for "New sentence."',
        ),
        (
            {**SENTENCES, "utter_c": ["Unlisted."]},
            GOOD,
            'utter_c: no entry for "Unlisted."',
        ),
        (
            {**SENTENCES, "utter_b": []},
            GOOD,
            'utter_b: stale entry, not in the response: "Hello!"',
        ),
        (
            {"utter_a": SENTENCES["utter_a"]},
            GOOD,
            'utter_b: stale entry, not a response: "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [{"sentence": "Hello!", "article": "Hello there"}]},
            'utter_b: passage not in the article: "Hello there" (for "Hello!")',
        ),
        (
            SENTENCES,
            {
                **GOOD,
                "utter_b": [{"sentence": "Hello!", "article": "Uploaded by: SOMEONE"}],
            },
            'utter_b: passage not in the article: "Uploaded by: SOMEONE" (for "Hello!")',
        ),
        (
            {**SENTENCES, "utter_b": ["A fever is expected."]},
            {
                "utter_a": GOOD["utter_a"],
                "utter_b": [{"sentence": "A fever is expected.", "policy": "safety"}],
            },
            'utter_b: policy sentence makes a medical claim (fever): "A fever is expected."',
        ),
        (
            {**SENTENCES, "utter_b": ["Call within 2 hours."]},
            {
                "utter_a": GOOD["utter_a"],
                "utter_b": [{"sentence": "Call within 2 hours.", "policy": "safety"}],
            },
            'utter_b: policy sentence makes a medical claim (a digit): "Call within 2 hours."',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [*GOOD["utter_b"], *GOOD["utter_b"]]},
            'utter_b: two entries for "Hello!"',
        ),
        (
            SENTENCES,
            {
                **GOOD,
                "utter_b": [{"sentence": "Hello!", "policy": "x", "article": "Title"}],
            },
            'utter_b: needs exactly one of `article` or `policy`: "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [{"sentence": "Hello!"}]},
            'utter_b: needs exactly one of `article` or `policy`: "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [{"sentence": "Hello!", "policy": " "}]},
            'utter_b: `policy` must say why: "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [{"sentence": "Hello!", "article": []}]},
            'utter_b: `article` must be a passage or a list of passages: "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": [{"sentence": "Hello!", "policy": "x", "source": "y"}]},
            'utter_b: unknown key(s) source for "Hello!"',
        ),
        (
            SENTENCES,
            {**GOOD, "utter_b": "Hello!"},
            "utter_b: expected a list of entries",
        ),
    ],
)
def test_each_problem_is_reported(
    sentences: dict[str, list[str]], trace: dict[str, Any], expected: str
) -> None:
    assert expected in check(sentences, trace)


def test_policy_sentences() -> None:
    assert tr.policy_sentences(GOOD) == [
        ("utter_a", "Contact your care team."),
        ("utter_b", "Hello!"),
    ]


def test_responses_and_their_sentences(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text(
        "responses:\n"
        "  utter_a:\n"
        '  - text: "One. Two."\n'
        '  - text: "Two. Three:\\n- four"\n'
        "  utter_b:\n"
        "  - image: x.png\n",
        encoding="utf-8",
    )
    responses = tr.load_responses([domain])
    assert responses == {"utter_a": ["One. Two.", "Two. Three:\n- four"], "utter_b": []}
    assert tr.response_sentences(responses) == {
        "utter_a": ["One.", "Two.", "Three:", "four"],
        "utter_b": [],
    }


def test_every_response_sentence_is_traced_or_policy() -> None:
    """The real responses, content/traceability.yml and the article."""
    _, found = tr.check()
    assert not found, "content/traceability.yml:\n" + "\n".join(found)
