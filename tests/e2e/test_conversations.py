"""End-to-end: the real action server and Rasa server, spoken to over HTTP (REST)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from actions.topics import topics
from site_settings.phrases import generic
from stack.servers import Stack


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: list[dict[str, Any]]) -> list[str]:
    return [b["title"] for m in messages for b in m.get("buttons", [])]


def response_text(domain: dict[str, Any], name: str) -> str:
    """The response as served with no site settings (generic wording)."""
    return generic(domain["responses"][name][0]["text"])


def test_first_message_gets_the_notice_then_the_answer(stack: Stack, domain):
    replies = stack.say(new_sender(), "hello")
    assert replies[0]["text"] == response_text(domain, "utter_disclaimer")
    assert "CAR T-cell therapy" in replies[-1]["text"]


@pytest.mark.parametrize(
    "question, expected_response",
    [
        ("what is car t cell therapy in simple words", "utter_faq_what_is"),
        ("how much will it cost us", "utter_faq_cost"),
        ("which cancers does it work for", "utter_faq_cancers_treated"),
        ("how long does the whole thing take", "utter_faq_duration"),
        ("will it cure my cancer", "utter_faq_cure"),
    ],
)
def test_faq_questions_get_the_article_answer(
    stack: Stack, domain, question, expected_response
):
    replies = stack.say(new_sender(), question)
    assert response_text(domain, expected_response) in texts(replies)


@pytest.mark.parametrize(
    "topic", [t for t in topics() if t.key.startswith("faq_")], ids=lambda t: t.key
)
def test_every_topic_button_answers_its_topic(stack: Stack, domain, topic):
    replies = stack.say(new_sender(), topic.payload)
    assert response_text(domain, f"utter_{topic.key}") in texts(replies)


def test_walk_forward_back_jump_and_detour(stack: Stack):
    sender = new_sender()
    assert "Step 1 of 4: Extraction" in texts(
        stack.say(sender, "walk me through it step by step")
    )
    assert buttons(stack.say(sender, "ok what's next")) == [
        "Next step",
        "Back",
        "All steps",
    ]
    assert "Step 3 of 4: Expansion" in texts(stack.say(sender, "and then?"))
    assert "Step 2 of 4: Modification" in texts(
        stack.say(sender, "what comes before that?")
    )
    # a detour through an FAQ keeps the place in the walk
    assert "expensive" in texts(stack.say(sender, "how much does it cost"))
    assert "Step 3 of 4: Expansion" in texts(stack.say(sender, "/next_step"))
    # a jump, and the walk goes on from there
    assert "Step 4 of 4: Infusion" in texts(
        stack.say(sender, "what's the infusion like")
    )
    closing = stack.say(sender, "next")
    assert "last of the four steps" in texts(closing)
    assert "Side effects" in buttons(closing)


def test_side_effects_then_follow_ups(stack: Stack, domain):
    sender = new_sender()
    overview = stack.say(sender, "what are the side effects")
    assert "cytokine release syndrome" in texts(overview).lower()
    assert buttons(overview) == ["Cytokine release syndrome", "Neurological effects"]
    assert response_text(domain, "utter_when_to_call_care_team") in texts(overview)

    crs = stack.say(sender, "what is CRS?")
    assert texts(crs).startswith("Cytokine release syndrome (CRS)")
    assert response_text(domain, "utter_when_to_call_care_team") in texts(crs)

    neuro = stack.say(sender, "what about the brain?")
    assert "Neurological effects" in texts(neuro)
    assert response_text(domain, "utter_when_to_call_care_team") in texts(neuro)


def test_symptom_report_mid_walk_comes_first_then_the_walk_goes_on(
    stack: Stack, domain
):
    sender = new_sender()
    stack.say(sender, "take me through the steps")
    urgent = stack.say(
        sender, "my husband has a high fever and chills since his infusion yesterday"
    )
    assert urgent[0]["text"] == response_text(domain, "utter_symptom_urgent")
    assert "Step 2 of 4" in texts(stack.say(sender, "next step"))


@pytest.mark.parametrize(
    "report",
    [
        "my mum is confused and slurring since the car t",
        "I had a seizure this morning, I got CAR T two weeks ago",
        "dad can't breathe properly after the infusion",
        "my dad has a fever",
        "I think I'm having a seizure",
    ],
)
def test_symptom_reports_go_to_the_care_team(stack: Stack, domain, report):
    replies = stack.say(new_sender(), report)
    assert response_text(domain, "utter_symptom_urgent") in texts(replies)


def test_a_question_about_fever_is_answered_with_the_safety_line(stack: Stack, domain):
    replies = stack.say(new_sender(), "does car t cause fever?")
    assert response_text(domain, "utter_symptom_urgent") not in texts(replies)
    assert response_text(domain, "utter_when_to_call_care_team") in texts(replies)


@pytest.mark.parametrize("message", ["I'm confused about how the steps work"])
def test_confused_about_something_is_not_a_symptom_report(
    stack: Stack, domain, message
):
    replies = stack.say(new_sender(), message)
    assert response_text(domain, "utter_symptom_urgent") not in texts(replies)


def test_out_of_scope_is_declined_then_the_bot_recovers(stack: Stack, domain):
    sender = new_sender()
    assert response_text(domain, "utter_out_of_scope") in texts(
        stack.say(sender, "what's the weather tomorrow")
    )
    assert response_text(domain, "utter_faq_duration") in texts(
        stack.say(sender, "how long does car t take")
    )


def test_personal_advice_is_declined_with_general_topics(stack: Stack, domain):
    replies = stack.say(new_sender(), "should I get CAR T?")
    assert response_text(domain, "utter_cannot_advise") in texts(replies)
    assert buttons(replies)


def test_conversations_do_not_mix(stack: Stack):
    first, second = new_sender(), new_sender()
    stack.say(first, "walk me through the steps")
    stack.say(first, "next")
    stack.say(second, "walk me through the steps")
    assert "Step 3 of 4" in texts(stack.say(first, "next"))
    assert "Step 2 of 4" in texts(stack.say(second, "next"))


def test_walk_continues_after_the_rasa_server_restarts(stack: Stack):
    sender = new_sender()
    stack.say(sender, "walk me through it step by step")
    assert "Step 2 of 4" in texts(stack.say(sender, "next"))
    stack.servers["rasa"].restart()
    assert "Step 3 of 4" in texts(stack.say(sender, "next"))


@pytest.mark.parametrize(
    "response",
    [
        "utter_side_effects_overview",
        "utter_offer_cytokine_release_syndrome",
        "utter_offer_neurological_effects",
    ],
)
def test_side_effect_buttons_explain_their_side_effect(stack: Stack, domain, response):
    for button in domain["responses"][response][0]["buttons"]:
        replies = stack.say(new_sender(), button["payload"])
        explained = texts(replies)
        assert button["title"].lower() in explained.lower(), (button, explained[:120])
        assert response_text(domain, "utter_when_to_call_care_team") in explained
