"""Messages not in English: what the language router decides, and what it leaves."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.language_router import (
    GREETING,
    OTHER_LANGUAGE,
    REPORT,
    SELF_HARM,
    LanguageRouter,
    detect,
    foreign_intent,
    load_language_cues,
)

CUES = load_language_cues()


@pytest.mark.parametrize(
    "text",
    [
        "wat is car t",
        "hw long dose it take",
        "is it a cure",
        "crs?",
        "ok thx",
        "i want to die",
        "im scared",
        "hello",
        "hi",
        "yes",
        "no",
        "thanks",
        "help",
        "ICANS?",
        "tell me more",
        "what are the steps",
        "how much does it cost",
        "wat exactly is this car t thing",
        "hw much dose the car t treatmnt cost us",
        "car t cell thearpy side efects",
        "my dad has a fever",
        "can i die from it",
        "was it safe",
        "die cells",
        "me too",
        "de facto",
        "la la land",
        "no se",
        "si",
        "ok",
        "k",
    ],
)
def test_english_even_short_or_with_typos_is_not_foreign(text):
    assert foreign_intent(text, CUES) is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("¿Qué es la terapia CAR T y cómo funciona?", "es"),
        ("¿Cuánto cuesta?", "es"),
        ("Qu'est-ce que la thérapie CAR-T ?", "fr"),
        ("Combien ça coûte ?", "fr"),
        ("Wie lange dauert die CAR-T-Zelltherapie?", "de"),
        ("Was kostet das?", "de"),
        ("Quanto custa a terapia CAR T?", "pt"),
        ("Quali sono gli effetti collaterali della terapia CAR-T?", "it"),
        ("Quanto costa?", "it"),
        ("CAR-T细胞疗法是什么？", "zh"),
    ],
)
def test_a_question_in_another_language_gets_the_english_only_note(text, language):
    assert foreign_intent(text, CUES) == (OTHER_LANGUAGE, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("hola", "es"),
        ("Bonjour !", "fr"),
        ("hallo", "de"),
        ("olá", "pt"),
        ("ciao", "it"),
        ("你好", "zh"),
        ("buenos días", "es"),
    ],
)
def test_a_one_word_greeting_gets_a_greeting_not_a_refusal(text, language):
    assert foreign_intent(text, CUES) == (GREETING, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("mi padre tiene fiebre", "es"),
        ("Mi madre está confundida", "es"),
        ("mon mari a de la fièvre", "fr"),
        ("je ne peux pas respirer", "fr"),
        ("Mein Mann hat Fieber", "de"),
        ("Mein Vater hat einen Krampfanfall", "de"),
        ("meu pai tem febre", "pt"),
        ("mio padre ha la febbre", "it"),
        ("non riesco a respirare", "it"),
        ("我爸爸发烧了", "zh"),
    ],
)
def test_a_symptom_report_in_another_language_escalates(text, language):
    assert foreign_intent(text, CUES) == (REPORT, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("quiero morir", "es"),
        ("je veux mourir", "fr"),
        ("ich will sterben", "de"),
        ("quero morrer", "pt"),
        ("voglio morire", "it"),
        ("我想死", "zh"),
        # self-harm comes before a symptom named in the same message
        ("tengo fiebre y quiero morir", "es"),
    ],
)
def test_self_harm_in_another_language_gets_the_urgent_reply(text, language):
    assert foreign_intent(text, CUES) == (SELF_HARM, language)


def test_a_language_not_answered_in_its_own_words_gets_the_english_variant():
    assert detect("quelque chose", lambda _: {"en": 0.01, "fr": 0.2, "de": 0.2}) == (
        "other"
    )


def test_every_cue_language_is_a_named_language():
    for kind in ("self_harm", "symptoms", "greetings"):
        assert set(CUES.cues[kind]) == set(CUES.names)


def _served(text: str, predicted: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: predicted, "confidence": 0.9})
    LanguageRouter(CUES).process([message])
    return message


@pytest.mark.parametrize(
    "text, predicted, served, language",
    [
        ("¿Cuánto cuesta la terapia CAR T?", "faq_cost", OTHER_LANGUAGE, "es"),
        ("hola", "greet", GREETING, "es"),
        # the safety router's urgent intent is kept as it is
        ("mein Vater hat fever", REPORT, REPORT, None),
        ("what does it cost", "faq_cost", "faq_cost", None),
    ],
)
def test_the_router_sets_the_intent_and_the_language_entity(
    text, predicted, served, language
):
    message = _served(text, predicted)
    assert message.get(INTENT)[INTENT_NAME_KEY] == served
    values = [e["value"] for e in message.get(ENTITIES) or []]
    assert values == ([language] if language else [])
