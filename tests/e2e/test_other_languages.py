"""End-to-end over REST: messages not in English, on the real servers."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_settings.phrases import generic
from stack.servers import Stack

ROOT = Path(__file__).resolve().parents[2]
REPLIES = yaml.safe_load(
    (ROOT / "data/responses/other_language.yml").read_text(encoding="utf-8")
)["responses"]


def variant(name: str, language: str | None) -> str:
    """The text of a response's variant for `language` (None: the English one)."""
    for candidate in REPLIES[name]:
        values = [c["value"] for c in candidate.get("condition", [])]
        if values == ([language] if language else []):
            return generic(candidate["text"])
    raise KeyError(f"{name} has no variant for {language}")


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text", "") for m in messages]


def say(stack: Stack, text: str) -> list[str]:
    return texts(stack.say(f"e2e-{uuid.uuid4().hex[:12]}", text))


@pytest.mark.parametrize(
    "text, language",
    [
        ("¿Cuánto cuesta la terapia CAR T?", "es"),
        ("Combien coûte la thérapie CAR-T ?", "fr"),
        ("Wie lange dauert die Behandlung?", "de"),
        ("Quanto tempo dura o tratamento?", "pt"),
        ("Quali sono gli effetti collaterali?", "it"),
        ("CAR-T细胞疗法多少钱？", "zh"),
    ],
)
def test_a_question_in_another_language_gets_the_note_in_that_language(
    stack: Stack, text, language
):
    replies = say(stack, text)
    assert replies[-1] == variant("utter_english_only", language)
    assert "care team" in replies[-1]


@pytest.mark.parametrize("text, language", [("hola", "es"), ("你好", "zh")])
def test_a_greeting_gets_a_greeting_then_the_note(stack: Stack, text, language):
    replies = say(stack, text)
    assert replies[-2:] == [
        variant("utter_greet_other_language", language),
        variant("utter_english_only", language),
    ]


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("mi esposo tiene fiebre desde anoche", "Please contact your care team now."),
        ("je veux mourir", "You deserve help right now."),
    ],
)
def test_foreign_symptoms_and_self_harm_get_the_urgent_reply(
    stack: Stack, text, urgent
):
    replies = " ".join(say(stack, text))
    assert urgent in replies
    assert variant("utter_english_only", "es") not in replies


def test_english_with_typos_is_answered_not_refused(stack: Stack):
    replies = " ".join(say(stack, "hw much dose it cost"))
    assert "only answer in English" not in replies
    assert "expensive" in replies
