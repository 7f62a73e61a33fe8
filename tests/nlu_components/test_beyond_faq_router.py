"""Feelings, questions the article does not answer, despair: what the router decides."""

from __future__ import annotations

import pytest

from nlu_components.beyond_faq_router import (
    FEELING,
    NOT_IN_ARTICLE,
    SELF_HARM,
    decide,
    load_beyond_cues,
)
from nlu_components.scope_guard import load_scope_cues


def route(text: str, predicted: str = "nlu_fallback", **kwargs) -> str | None:
    return decide(text, predicted, load_beyond_cues(), load_scope_cues(), **kwargs)


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("i'm terrified of the treatment", "nlu_fallback"),
        ("honestly I feel overwhelmed by all of this", "ask_capabilities"),
        ("i feel so alone going through this", "start_walkthrough"),
        ("I'm so angry about all of this", "out_of_scope"),
        ("so stressed about my daughter's cancer", "faq_solid_tumors"),
        ("I am really worried about my husband's treatment", "report_symptom"),
    ],
)
def test_a_feeling_gets_the_feelings_reply(text, predicted):
    assert route(text, predicted, confidence=0.4) == FEELING


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("can I drink alcohol after car t", "nlu_fallback"),
        ("will I lose my hair with car t", "personal_advice"),
        ("how many days will I stay in hospital for car t", "faq_duration"),
        ("will my insurance pay for car t", "faq_cost"),
        ("does car t affect fertility", "ask_side_effects"),
        ("can i exercise after the infusion", "out_of_scope"),
        # a question with a feeling in it is still a question
        ("i'm worried, can i drive after the infusion?", "nlu_fallback"),
    ],
)
def test_a_subject_the_article_leaves_out_is_said_so(text, predicted):
    assert route(text, predicted, confidence=0.9) == NOT_IN_ARTICLE


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("best car insurance for a young driver", "out_of_scope"),  # a vehicle
        ("what should i eat for dinner tonight", "out_of_scope"),  # not CAR T
        ("how does car t work", "steps_overview"),  # "work" is no cue
        ("risk to the nervous system", "ask_side_effects"),  # not a feeling
        ("i'm scared, what are the side effects?", "ask_side_effects"),
        ("worried about money, roughly how much is it", "faq_cost"),
        ("what is car t", "faq_what_is"),
    ],
)
def test_questions_the_article_answers_keep_their_answer(text, predicted):
    assert route(text, predicted, confidence=0.9) is None


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("i'm scared and i feel hopeless", "express_feeling"),
        ("i'm so tired of everything, so upset, i'm giving up", "nlu_fallback"),
    ],
)
def test_a_feeling_in_words_of_despair_is_self_harm_language(text, predicted):
    assert route(text, predicted) == SELF_HARM


@pytest.mark.parametrize(
    "text, predicted, unwell",
    [
        ("i want to die, i'm so scared", "self_harm", False),
        ("my husband is unwell and i'm scared", "report_symptom", True),
        ("my mum died after car t and i'm angry", "report_loss", False),
    ],
)
def test_safety_intents_are_left_to_the_safety_router(text, predicted, unwell):
    assert route(text, predicted, unwell=unwell) is None
