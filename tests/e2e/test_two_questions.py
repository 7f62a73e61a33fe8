"""End-to-end over REST: two questions in one message, on the real servers."""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml

from site_settings.phrases import generic
from stack.servers import Stack

ROOT = Path(__file__).resolve().parents[2]
FAQ = yaml.safe_load((ROOT / "data/responses/faq.yml").read_text(encoding="utf-8"))[
    "responses"
]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]


def answer(name: str) -> str:
    return generic((FAQ.get(name) or DOMAIN[name])[0]["text"])


def conversation(stack: Stack):
    sender = f"e2e-{uuid.uuid4().hex[:12]}"
    return lambda text: [m.get("text", "") for m in stack.say(sender, text)]


def test_both_answers_come_in_the_order_asked(stack: Stack):
    say = conversation(stack)
    replies = say("how long does the treatment take and which cancers can it treat?")
    duration, cancers = (
        answer("utter_faq_duration"),
        answer("utter_faq_cancers_treated"),
    )
    assert duration in replies and cancers in replies
    assert replies.index(duration) < replies.index(cancers)
    # the next message is answered on its own
    assert say("is it a cure?")[-1] == answer("utter_faq_cure")


def test_a_question_that_only_contains_and_gets_one_answer(stack: Stack):
    replies = conversation(stack)("is it pricey and tough to get hold of")
    assert answer("utter_faq_cost") in replies
    assert answer("utter_faq_access") not in replies


def test_a_symptom_report_in_either_part_is_urgent_first(stack: Stack):
    replies = conversation(stack)(
        "what does it cost and what should I do, I've had a high fever since my infusion"
    )
    urgent = answer("utter_symptom_urgent")
    assert urgent in replies
    cost = answer("utter_faq_cost")
    assert cost not in replies[: replies.index(urgent)]
