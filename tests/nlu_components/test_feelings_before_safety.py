"""Both routers in pipeline order: what a worried person is served.

The beyond-FAQ router hears a feeling; the safety router after it still
escalates a symptom happening now and self-harm language, whatever came before.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.beyond_faq_router import BeyondFaqRouter, load_beyond_cues
from nlu_components.safety_router import SafetyRouter
from nlu_components.scope_guard import load_scope_cues


def served(nlp, cues, text: str, guess: str, confidence: float) -> str:
    doc = nlp(text.lower())
    entities = [{"entity": ent.label_, "value": ent.ent_id_} for ent in doc.ents]
    message = Message(data={"text": text, "text_spacy_doc": doc, "entities": entities})
    message.set("intent", {"name": guess, "confidence": confidence})
    message.set("intent_ranking", [{"name": guess, "confidence": confidence}])
    for router in (
        BeyondFaqRouter(load_beyond_cues(), load_scope_cues(), cues),
        SafetyRouter(cues, load_scope_cues()),
    ):
        [message] = router.process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    "text, guess, confidence, intent",
    [
        # a feeling: the feelings reply
        ("i'm so lonely going through this", "nlu_fallback", 0.3, "express_feeling"),
        # fear of a side effect that might come: the feelings reply, then the facts
        (
            "i'm scared of getting a fever after the infusion",
            "ask_side_effects",
            0.9,
            "express_worry",
        ),
        (
            "the idea of confusion after car t scares me",
            "nlu_fallback",
            0.3,
            "express_worry",
        ),
        (
            "so nervous about the crs they warned us about",
            "ask_side_effect_detail",
            1.0,
            "express_worry",
        ),
        ("the side effects frighten me", "ask_side_effects", 0.9, "express_worry"),
        # a symptom now, told with a feeling: the urgent reply first, then the warm one
        (
            "i'm scared, my wife has a fever since her infusion",
            "report_symptom",
            0.9,
            "report_symptom_with_feeling",
        ),
        (
            "i'm worried because my son has a temperature",
            "faq_duration",
            0.5,
            "report_symptom_with_feeling",
        ),
        (
            "so frightened, i've been dizzy all day",
            "express_feeling",
            0.4,
            "report_symptom_with_feeling",
        ),
        # the same symptom told with no feeling: the urgent reply alone
        (
            "my wife has a fever since her infusion",
            "report_symptom",
            0.9,
            "report_symptom",
        ),
        # self-harm language with a feeling: the crisis reply
        ("so frightened i want to end my life", "self_harm", 0.4, "self_harm"),
        ("i want to die, i'm so scared", "self_harm", 0.9, "self_harm"),
        # words of despair: the crisis reply, then the warm one
        (
            "i'm terrified and i feel hopeless",
            "nlu_fallback",
            0.3,
            "express_feeling_at_risk",
        ),
        # the classifier is sure of self-harm, the words tell a feeling: both
        ("i'm so fed up and lonely", "self_harm", 0.9, "express_feeling_at_risk"),
        # a question with a feeling in it keeps its answer
        ("i'm worried about the cost, how much is it", "faq_cost", 0.9, "faq_cost"),
        ("is a fever normal after car t", "report_symptom", 0.5, "symptom_question"),
    ],
)
def test_what_a_worried_person_is_served(nlp, cues, text, guess, confidence, intent):
    assert served(nlp, cues, text, guess, confidence) == intent
