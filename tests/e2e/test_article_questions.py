"""The article answers itself: its own questions and headings, verbatim, get their answer.

Each line below is checked to be in ../shared/knowledge/car-t-article.txt, then sent
to the running bot over REST; the reply must include one of the responses named.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from quality.responses import ResponseIndex, load_responses
from stack.servers import ROOT, Stack

ARTICLE = ROOT.parent / "shared" / "knowledge" / "car-t-article.txt"

STEPS = ("utter_steps_overview",)
SIDE_EFFECTS = ("utter_side_effects_overview",)

QUESTIONS_AND_HEADINGS: list[tuple[str, tuple[str, ...]]] = [
    # the FAQ section's questions
    (
        "What cancers can CAR T-cell therapy currently treat?",
        ("utter_faq_cancers_treated",),
    ),
    ("How long does CAR T-cell therapy take?", ("utter_faq_duration",)),
    ("Are there risks involved with CAR T-cell therapy?", SIDE_EFFECTS),
    ("Is CAR T-cell therapy a cure for cancer?", ("utter_faq_cure",)),
    ("How accessible is CAR T-cell therapy worldwide?", ("utter_faq_access",)),
    # section headings
    ("What is CAR T-Cell Therapy?", ("utter_faq_what_is",)),
    ("How CAR T-Cell Therapy Works", STEPS),
    ("Benefits of CAR T-Cell Therapy", ("utter_faq_benefits",)),
    ("The Future of CAR T-Cell Therapy", ("utter_faq_future",)),
    (
        "Challenges and Considerations",
        (*SIDE_EFFECTS, "utter_faq_cost", "utter_faq_access"),
    ),
    # the headings inside sections
    ("Extraction", ("utter_step_extraction",)),
    ("Modification", ("utter_step_modification",)),
    ("Expansion", ("utter_step_expansion",)),
    ("Infusion", ("utter_step_infusion",)),
    ("Targeted Action", ("utter_faq_vs_chemo", "utter_faq_benefits")),
    ("Potential for Long-Term Remission", ("utter_faq_cure",)),
    ("Treatment for Resistant Cancers", ("utter_faq_resistant_cancers",)),
    ("Side Effects", SIDE_EFFECTS),
    ("Cost and Accessibility", ("utter_faq_cost", "utter_faq_access")),
    (
        "Limited to Certain Cancers",
        ("utter_faq_cancers_treated", "utter_faq_solid_tumors"),
    ),
]


def article_text() -> str:
    text = ARTICLE.read_text(encoding="utf-8")
    return text.split("Published on:")[0]


def test_every_line_is_the_articles_own():
    text = article_text()
    for line, _ in QUESTIONS_AND_HEADINGS:
        assert line in text, line


def test_every_faq_question_of_the_article_is_in_the_table():
    listed = {line for line, _ in QUESTIONS_AND_HEADINGS}
    faq = article_text().split("FAQ Section")[1]
    questions = [q.strip() for q in faq.splitlines() if q.strip().endswith("?")]
    assert questions and set(questions) <= listed


@pytest.fixture(scope="module")
def index() -> ResponseIndex:
    return ResponseIndex(load_responses())


@pytest.mark.parametrize(
    "line, expected", QUESTIONS_AND_HEADINGS, ids=[q for q, _ in QUESTIONS_AND_HEADINGS]
)
def test_the_article_answers_itself(
    stack: Stack, index: ResponseIndex, line: str, expected: tuple[str, ...]
):
    replies: list[dict[str, Any]] = stack.say(f"article-{uuid.uuid4().hex[:8]}", line)
    served = index.names(replies)
    assert set(served) & set(expected), f"{line!r} got {served}"
