"""A report of symptoms is recognised from lemmas and entities, not a classifier alone."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.symptom_report import (
    SymptomReportDetector,
    is_symptom_report,
    symptom_mentions,
)


def detect(nlp, cues, text: str) -> bool:
    doc = nlp(text.lower())
    lemmas = [t.lemma_ for t in doc if not t.is_punct]
    return is_symptom_report(lemmas, bool(symptom_mentions(doc, cues)), cues)


@pytest.mark.parametrize(
    "text",
    [
        "my dad has a fever since his infusion",
        "I got my CAR T cells last week and now I feel confused",
        "my son is shaking and has chills since this morning",
        "she had a seizure after treatment",
        "can't breathe properly since the infusion",
        "my husband is very dizzy today",
        "Is it normal that my mum has a high temperature after the infusion?",
        "fever since yesterday",
        "my dad has a fever",
        "I think I'm having a seizure",
        "my wife cant stop shaking",
        "he's been talking nonsense since yesterday",
        "pt febrile and confused post infusion",
    ],
)
def test_reports_are_recognised(nlp, cues, text):
    assert detect(nlp, cues, text)


@pytest.mark.parametrize(
    "text",
    [
        "does CAR T cause fever?",
        "can it cause seizures?",
        "what are the side effects",
        "what is cytokine release syndrome",
        "will I get a fever?",  # a question about the future, no time reference
        "how long does it take",
        "fever",
        "I'm confused about how it works",
        "my mum is confused about the steps",
        "my dad is confused by the treatment plan",
    ],
)
def test_questions_and_other_messages_are_not_reports(nlp, cues, text):
    assert not detect(nlp, cues, text)


def message_for(nlp, text: str, intent: str) -> Message:
    doc = nlp(text.lower())
    message = Message(data={"text": text, "text_spacy_doc": doc})
    message.set("intent", {"name": intent, "confidence": 0.9})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
    message.set(
        "entities",
        [
            {
                "entity": e.label_,
                "value": e.ent_id_,
                "start": e.start_char,
                "end": e.end_char,
            }
            for e in doc.ents
        ],
    )
    return message


def test_component_overrides_a_wrong_intent(nlp, cues):
    detector = SymptomReportDetector(cues)
    [message] = detector.process(
        [message_for(nlp, "my wife has chills since the infusion", "faq")]
    )
    assert message.get("intent")["name"] == "report_symptom"
    assert message.get("intent_ranking")[0]["name"] == "report_symptom"


def test_component_leaves_questions_to_the_classifier(nlp, cues):
    detector = SymptomReportDetector(cues)
    [message] = detector.process(
        [message_for(nlp, "does car t cause fever?", "ask_side_effects")]
    )
    assert message.get("intent")["name"] == "ask_side_effects"
