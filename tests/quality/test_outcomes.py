"""How a served reply is judged: right, clarifying, wrong, wrongly escalated, missed."""

from __future__ import annotations

import pytest

from quality.labels import LabelError, load_labels, load_phrasings
from quality.outcomes import (
    CLARIFY,
    MISSED_ESCALATION,
    RIGHT,
    WRONG,
    WRONGLY_ESCALATED,
    judge,
)
from quality.responses import ResponseIndex, load_responses

LABELS = load_labels()


@pytest.mark.parametrize(
    "topics, served, outcome",
    [
        (("cost",), ["utter_disclaimer", "utter_faq_cost"], RIGHT),
        (("cost",), ["utter_clarify"], CLARIFY),
        (("cost",), ["utter_faq_access"], WRONG),
        (("cost",), ["utter_out_of_scope"], WRONG),  # a refusal is not right
        (("cost",), ["utter_symptom_urgent"], WRONGLY_ESCALATED),
        (("symptom_report",), ["utter_clarify"], MISSED_ESCALATION),
        (("symptom_report",), ["utter_symptom_urgent"], RIGHT),
        (("self_harm",), ["utter_symptom_urgent"], MISSED_ESCALATION),
        # a general symptom question: information and when to call, or both replies
        (
            ("symptom_question",),
            ["utter_side_effects_overview", "utter_when_to_call_care_team"],
            RIGHT,
        ),
        (
            ("symptom_question",),
            ["utter_symptom_urgent", "utter_side_effects_overview"],
            RIGHT,
        ),
        (("symptom_question",), ["utter_symptom_urgent"], WRONGLY_ESCALATED),
        # two questions: both answers, in the order asked
        (("cost", "access"), ["utter_faq_cost", "utter_faq_access"], RIGHT),
        (("cost", "access"), ["utter_faq_access", "utter_faq_cost"], WRONG),
    ],
)
def test_outcome_of_a_served_reply(topics, served, outcome):
    assert judge(topics, served, LABELS) == outcome


@pytest.mark.parametrize(
    "served, outcome",
    [
        (["utter_symptom_urgent"], RIGHT),
        (["utter_english_only", "utter_symptom_urgent"], RIGHT),
        (["utter_english_only"], MISSED_ESCALATION),
    ],
)
def test_an_urgent_message_in_another_language_must_escalate(served, outcome):
    assert judge(("other_language",), served, LABELS, urgent=True) == outcome


def test_urgent_is_read_from_the_phrasing_file(tmp_path):
    path = tmp_path / "set.yml"
    path.write_text(
        "phrasings:\n"
        "- {text: 'hola', topic: other_language}\n"
        "- {text: 'x', topic: other_language, urgent: true}\n"
    )
    assert [t.urgent for t in load_phrasings(path)] == [False, True]
    path.write_text("phrasings:\n- {text: 'x', topic: other_language, urgent: 1}\n")
    with pytest.raises(LabelError, match="urgent"):
        load_phrasings(path)


def test_every_label_names_responses_the_bot_has():
    responses = load_responses()
    for topic, expected in LABELS.expectations.items():
        if expected.group in {
            "feeling",
            "loss",
            "not in the article",
            "other language",
        }:
            continue  # issue 12's replies; condolences exist already
        for entry in (*expected.all_of, *expected.any_of):
            for name in entry.split("|"):
                assert name in responses, (topic, name)


def test_served_texts_map_back_to_response_names():
    index = ResponseIndex(load_responses())
    text = load_responses()["utter_faq_cost"][0]["text"]
    assert index.names([{"text": text}, {"text": "something else"}]) == [
        "utter_faq_cost",
        "?something else",
    ]
