"""End-to-end over REST: feelings, a loss, questions the article does not answer.

On the real servers with no site settings, so every reply has the generic wording.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_settings.phrases import generic
from stack.servers import Stack

ROOT = Path(__file__).resolve().parents[2]
RESPONSE_FILES = (
    "domain.yml",
    "data/responses/beyond_faq.yml",
    "data/responses/faq.yml",
)
URGENT = "can't check symptoms"  # utter_symptom_urgent, as served
UNSURE = "not sure I understood"  # the clarifying question


def load_responses() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for name in RESPONSE_FILES:
        loaded = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        responses.update(loaded["responses"])
    return responses


RESPONSES = load_responses()


def reply(name: str) -> str:
    """A response's text as served with no site settings."""
    return generic(RESPONSES[name][0]["text"])


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text", "") for m in messages]


def buttons(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons", [])]


@pytest.mark.parametrize(
    "text",
    [
        "i feel really lonely since my husband started car t",
        "i'm overwhelmed by everything the doctors told us",
        "i'm furious with how this has gone",
        "i'm dreading the day of the infusion",
    ],
)
def test_a_feeling_gets_the_warm_reply_and_the_care_team(stack: Stack, text: str):
    messages = stack.say(new_sender(), text)
    answers = texts(messages)
    assert answers[-1] == reply("utter_feeling_support")
    assert "contact your care team" in answers[-1]
    assert not any(UNSURE in a for a in answers), answers
    assert buttons(messages) == []


@pytest.mark.parametrize(
    "text",
    [
        "i feel like such a burden on my family lately",
        "honestly i feel hopeless about all of it",
    ],
)
def test_a_feeling_in_words_of_despair_gets_the_crisis_line_then_the_warm_reply(
    stack: Stack, text: str
):
    answers = texts(stack.say(new_sender(), text))
    crisis = answers.index(reply("utter_self_harm_urgent"))
    assert answers[crisis + 1 :] == [reply("utter_feeling_support")], answers


def test_a_body_sign_of_nerves_before_treatment_is_no_emergency(stack: Stack):
    messages = stack.say(
        new_sender(), "i threw up this morning from pure nerves before the consult"
    )
    answers = texts(messages)
    assert reply("utter_feeling_support") in answers
    assert reply("utter_when_to_call_care_team") in answers
    assert not any(URGENT in a for a in answers), answers


def test_a_symptom_told_with_fear_gets_the_urgent_reply_first_then_the_warm_one(
    stack: Stack,
):
    sender = new_sender()
    text = "i'm panicking, my wife has had a high temperature since her infusion"
    answers = texts(stack.say(sender, text))
    urgent = next(i for i, a in enumerate(answers) if URGENT in a)
    assert answers[urgent + 1 :] == [reply("utter_feeling_support")], answers
    # asking for a person next: the emergency line first
    person = texts(stack.say(sender, "can i talk to a real person please"))
    assert person == [reply("utter_talk_to_person_urgent")]


@pytest.mark.parametrize(
    "text, answer",
    [
        ("i'm so scared, how long does the whole process take?", "utter_faq_duration"),
        ("honestly i'm dreading it. what does car t cost?", "utter_faq_cost"),
    ],
)
def test_a_feeling_beside_a_question_gets_the_warm_reply_then_the_answer(
    stack: Stack, text: str, answer: str
):
    answers = texts(stack.say(new_sender(), text))
    warm = answers.index(reply("utter_feeling_support"))
    assert answers[warm + 1 :] == [reply(answer)], answers


def test_a_person_sharing_how_things_are_gets_the_warm_reply(stack: Stack):
    text = "my husband just sits and stares at the wall since they mentioned car t"
    answers = texts(stack.say(new_sender(), text))
    assert answers[-1] == reply("utter_feeling_support")
    assert not any(URGENT in a or UNSURE in a for a in answers), answers


def test_a_loss_told_with_a_feeling_gets_condolences_then_the_warm_reply(
    stack: Stack,
):
    sender = new_sender()
    messages = stack.say(sender, "my wife died last year and now i feel so alone")
    answers = texts(messages)
    assert answers[-2:] == [reply("utter_condolences"), reply("utter_feeling_support")]
    assert not any(URGENT in a for a in answers), answers
    assert buttons(messages) == []
    assert texts(stack.say(sender, "is it a cure")) == [reply("utter_faq_cure")]


@pytest.mark.parametrize(
    "loss, question, answer",
    [
        ("my dad passed away after his car t last year", "is it a cure", "faq_cure"),
        (
            "we lost my grandmother in the autumn after her car t",
            "what do t cells do",
            "faq_t_cells",
        ),
        # A symptom in the story of the death is not a report: no escalation.
        (
            "my mother died after she got a high fever from her car t",
            "how much does it cost",
            "faq_cost",
        ),
    ],
)
def test_a_loss_gets_condolences_only_then_the_next_question_is_answered(
    stack: Stack, loss: str, question: str, answer: str
):
    sender = new_sender()
    messages = stack.say(sender, loss)
    answers = texts(messages)
    assert answers[-1] == reply("utter_condolences")
    assert "care team" in answers[-1]
    assert not any(URGENT in a for a in answers), answers
    assert buttons(messages) == []

    assert texts(stack.say(sender, question)) == [reply(f"utter_{answer}")]


@pytest.mark.parametrize(
    "text",
    [
        "can i go swimming after my car t infusion",
        "will i be able to keep working during car t",
        "is it ok to eat sushi after car t",
        "can i drive home after the infusion",
    ],
)
def test_a_question_the_article_does_not_answer_is_said_so(stack: Stack, text: str):
    messages = stack.say(new_sender(), text)
    answers = texts(messages)
    honest = answers.index(reply("utter_not_in_article"))
    assert "contact your care team" in answers[honest]
    # Then the closest covered topic (a button), or where to find the topics.
    after = messages[honest + 1 :]
    assert [m.get("text") for m in after] in (
        [reply("utter_closest_topic")],
        [reply("utter_other_topics")],
    ), after
    if after[0]["text"] == reply("utter_closest_topic"):
        assert len(buttons(after)) == 1, after
    assert reply("utter_out_of_scope") not in answers


@pytest.mark.parametrize(
    "text, closest",
    [
        ("is losing my hair a thing with car t", "Side effects"),
        ("how should i get ready for car t treatment", "How it works: the four steps"),
    ],
)
def test_the_subject_of_the_question_says_the_closest_topic(
    stack: Stack, text: str, closest: str
):
    messages = stack.say(new_sender(), text)
    assert reply("utter_not_in_article") in texts(messages)
    assert buttons(messages)[-1:] == [closest]


def test_the_closest_answer_follows_when_the_article_says_part_of_it(stack: Stack):
    answers = texts(stack.say(new_sender(), "does my health insurance pay for car t"))
    assert answers[-3:] == [
        reply("utter_not_in_article"),
        reply("utter_closest_topic"),
        reply("utter_faq_cost"),
    ]


def test_out_of_scope_keeps_its_own_reply(stack: Stack):
    answers = texts(stack.say(new_sender(), "who is going to win the football tonight"))
    assert answers[-1] == reply("utter_out_of_scope")
    assert reply("utter_not_in_article") not in answers
