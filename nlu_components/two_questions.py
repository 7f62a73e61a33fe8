"""Two questions in one message: each part classified by the whole pipeline.

`QuestionSplitter` comes first in the pipeline. When a message holds two questions
(nlu_components/question_split.py) it adds the two parts as messages of their own,
so the tokenizer, featurizers, classifier, fallback and routers read each part as
they read any message. `QuestionJoiner` comes last: it takes the parts out again
and decides what the whole message gets:

- the whole message keeps its reading when a router decided it (a symptom report,
  self-harm, a loss, a symptom question, a feeling, another language) or when the
  parts do not make two answerable questions;
- a part the classifier reads as a symptom report or self-harm keeps the whole
  message whole: the safety router has judged every clause of it already;
- a whole message the classifier is sure is one question keeps that reading unless
  a part is that question, or the classifier is as sure of each part ("what's the
  difference between ... and how is ..." read as one comparison stays one);
- two confident, different answerable parts: intent `two_questions`, with the
  parts in `question_parts` (answered in the order asked by
  actions/two_questions.py);
- one confident part and one the classifier cannot read, when the whole message
  reads as the confident part and the other leans to a topic of its own:
  `two_questions` too, that part answered and the other's topic offered ("Did you
  also want to know about this?"); otherwise the cut is in doubt and the whole
  message keeps its reading;
- a message the beyond-FAQ router marked as telling a feeling beside its
  question(s): the feelings reply first, then the answer(s), as parts of
  `two_questions` too.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.beyond_faq_router import (
    FEELING,
    FEELING_AT_RISK,
    FEELING_TOLD,
    NOT_IN_ARTICLE,
    WORRY,
)
from nlu_components.intents import set_intent
from nlu_components.question_split import (
    SplitCues,
    load_split_cues,
    split_in_two,
    without_context,
)
from nlu_components.safety_router import (
    LOSS,
    LOSS_AND_FEELING,
    LOSS_AT_RISK,
    QUESTION,
    SELF_HARM,
    SYMPTOM_URGENT,
)

logger = logging.getLogger(__name__)

TWO_QUESTIONS = "two_questions"
# Intents with no training examples: only this component predicts them.
ROUTER_ONLY_INTENTS = frozenset({TWO_QUESTIONS})
PARTS_KEY = "question_parts"
# Set on a part while it goes through the pipeline: the index of its message.
PART_OF = "question_part_of"
# Set on the first part's question without the statement before it ("my brother's
# lymphoma didn't respond to chemo. what's the price": "what's the price").
BARE = "question_part_bare"
FALLBACK = "nlu_fallback"
# Intents besides the FAQ topics whose rule answers them in one step...
ANSWER_INTENTS = frozenset(
    {"steps_overview", "ask_step", "ask_side_effects", "ask_side_effect_detail"}
)
# A part asking to be walked through the steps is answered with their overview: a
# walkthrough, one step a turn, does not fit beside another answer.
AS_PART = {"start_walkthrough": "steps_overview"}
# ... and with the questions the article does not answer, what a part can be.
PART_INTENTS = ANSWER_INTENTS | {NOT_IN_ARTICLE} | set(AS_PART)
FAQ_PREFIX = "faq_"
# A part is answered when the classifier is at least this sure of it.
PART_MIN_CONFIDENCE = 0.4
# A whole message the classifier reads as one answerable question this surely keeps
# that reading unless one of the parts is that question too.
WHOLE_SURE_CONFIDENCE = 0.8
# A part that is one of these makes the whole message one (urgent replies first).
URGENT = SYMPTOM_URGENT | {SELF_HARM}
# A whole message a router decided keeps its reply.
ROUTED = URGENT | frozenset(
    {
        LOSS,
        LOSS_AND_FEELING,
        LOSS_AT_RISK,
        QUESTION,
        FEELING,
        FEELING_AT_RISK,
        WORRY,
        "other_language",
        "greet_other_language",
    }
)
RANKING_KEPT = 5
# An unread part is offered back as the topic it leans to when that is this likely.
OFFER_MIN_CONFIDENCE = 0.3
OFFER_KEY = "offer"


def _intent(message: Message) -> tuple[str | None, float]:
    intent = message.get(INTENT) or {}
    name = intent.get(INTENT_NAME_KEY)
    return name, float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)


def is_part_intent(name: str | None) -> bool:
    """A FAQ topic or another intent a part can be answered with."""
    return bool(name) and (str(name).startswith(FAQ_PREFIX) or name in PART_INTENTS)


def answerable(name: str | None, confidence: float) -> bool:
    return is_part_intent(name) and confidence >= PART_MIN_CONFIDENCE


def unread(name: str | None, confidence: float) -> bool:
    """The classifier could not tell what the part asks."""
    return name in (None, FALLBACK) or confidence < PART_MIN_CONFIDENCE


def _entity_values(message: Message) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (str(e.get("entity")), str(e.get("value")))
            for e in message.get(ENTITIES) or []
        )
    )


def part_summary(part: Message, answer: bool) -> dict[str, Any]:
    name, confidence = _intent(part)
    name = AS_PART.get(str(name), name)
    return {
        TEXT: part.get(TEXT),
        INTENT: {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence},
        INTENT_RANKING_KEY: list(part.get(INTENT_RANKING_KEY) or [])[:RANKING_KEPT],
        ENTITIES: list(part.get(ENTITIES) or []),
        "answer": answer,
    }


# A part the classifier cannot read that names exactly one step or side effect ("and
# how is it given back to me?") asks about that one.
ENTITY_INTENTS = {"step": "ask_step", "side_effect": "ask_side_effect_detail"}


def read_by_its_entity(part: Message) -> None:
    """Give an unread part the intent of the one step or side effect it names."""
    if not unread(*_intent(part)):
        return
    named = {
        (str(e.get("entity")), str(e.get("value"))) for e in part.get(ENTITIES) or []
    }
    kinds = {kind for kind, _ in named if kind in ENTITY_INTENTS}
    if len(named) != 1 or len(kinds) != 1:
        return
    set_intent(
        part,
        {
            INTENT_NAME_KEY: ENTITY_INTENTS[kinds.pop()],
            PREDICTED_CONFIDENCE_KEY: PART_MIN_CONFIDENCE,
        },
    )


# A question with one of these points back into the statement before it ("is it an
# option for that kind of cancer?"): it keeps its context.
POINTS_BACK = frozenset({"that", "those"})


def reads_better(bare: Message, with_context: Message) -> bool:
    """The first question without its context is answered, and more surely than with
    it: the statement before it named another topic ("...didn't respond to chemo")."""
    name, confidence = _intent(bare)
    words = set(str(bare.get(TEXT) or "").lower().split())
    return (
        answerable(name, confidence)
        and confidence > _intent(with_context)[1]
        and not words & POINTS_BACK
    )


def decide(whole: Message, parts: list[Message]) -> list[dict[str, Any]] | None:
    """The summaries of the parts to answer, or None to keep the whole reading."""
    whole_name, whole_confidence = _intent(whole)
    if whole_name in ROUTED:
        return None
    readings = [_intent(part) for part in parts]
    names = [name for name, _ in readings]
    if any(name in URGENT for name in names):
        return None
    whole_sure = (
        is_part_intent(whole_name) and whole_confidence >= WHOLE_SURE_CONFIDENCE
    )
    # ... unless the classifier is as sure of each part ("what is the infusion like
    # and how long is the whole process": two questions, whatever the whole reads as)
    parts_sure = all(
        is_part_intent(name) and confidence >= WHOLE_SURE_CONFIDENCE
        for name, confidence in readings
    )
    if whole_sure and whole_name not in names and not parts_sure:
        return None
    answers = [answerable(*reading) for reading in readings]
    if all(answers):
        first, second = parts
        if names[0] == names[1] and _entity_values(first) == _entity_values(second):
            return None  # the same question twice: one answer
        return [part_summary(part, True) for part in parts]
    # One part read, one not: the cut is in doubt (the unread part often leans on
    # the other: "...? how does that bit work"). Only when the classifier reads the
    # whole message as the read part, and the other part leans to a topic of its
    # own, is that topic offered after the answer.
    read = {name for (name, _), answer in zip(readings, answers, strict=True) if answer}
    if not (any(answers) and whole_name in read):
        return None
    summaries = []
    for part, answer, reading in zip(parts, answers, readings, strict=True):
        summary = part_summary(part, answer)
        if not answer:
            offer = offered_topic(part, read) if unread(*reading) else None
            if offer is None:
                return None
            summary[OFFER_KEY] = offer
        summaries.append(summary)
    return summaries


# A feeling told beside a question: the warm reply first, then the answer, when
# the whole message gets an answer of these or of a part.
ANSWERED_AFTER_A_FEELING = frozenset({"personal_advice"})


def with_the_feeling_first(
    whole: Message, decision: list[dict[str, Any]] | None
) -> list[dict[str, Any]] | None:
    """The parts to answer, the feeling's warm reply first when the message tells
    one beside its question(s) ("i'm so scared. how long does it all take?")."""
    if not whole.get(FEELING_TOLD):
        return decision
    if decision is None:
        name, confidence = _intent(whole)
        if name in ROUTED or not (
            answerable(name, confidence) or name in ANSWERED_AFTER_A_FEELING
        ):
            return None
        decision = [part_summary(whole, True)]
    told = Message(
        data={
            TEXT: whole.get(TEXT),
            INTENT: {INTENT_NAME_KEY: FEELING, PREDICTED_CONFIDENCE_KEY: 1.0},
        }
    )
    return [part_summary(told, True), *decision]


def offered_topic(part: Message, read: set[str | None]) -> str | None:
    """The topic an unread part leans to, if likely enough and not answered."""
    for ranked in part.get(INTENT_RANKING_KEY) or []:
        name = ranked.get(INTENT_NAME_KEY)
        if name in (FALLBACK, NOT_IN_ARTICLE) or name in read:
            continue
        likely = (
            float(ranked.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= OFFER_MIN_CONFIDENCE
        )
        return str(name) if likely and is_part_intent(name) else None
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class QuestionSplitter(GraphComponent):
    """First in the pipeline: adds the two parts of a two-question message."""

    def __init__(self, cues: SplitCues) -> None:
        self._cues = cues

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionSplitter:
        return cls(load_split_cues())

    def process(self, messages: list[Message]) -> list[Message]:
        parts = []
        for index, message in enumerate(messages):
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue
            split = split_in_two(text, self._cues)
            if split is None:
                continue
            for part_text in split:
                parts.append(Message(data={TEXT: part_text, PART_OF: index}))
            bare = without_context(split[0])
            if bare != split[0]:
                parts.append(Message(data={TEXT: bare, PART_OF: index, BARE: True}))
        return [*messages, *parts]

    def process_training_data(self, training_data: Any) -> Any:
        return training_data


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class QuestionJoiner(GraphComponent):
    """Last in the pipeline: takes the parts out and decides (see above)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionJoiner:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        wholes = [m for m in messages if m.get(PART_OF) is None]
        for index, whole in enumerate(wholes):
            mine = [m for m in messages if m.get(PART_OF) == index]
            parts = [m for m in mine if not m.get(BARE)]
            bare = next((m for m in mine if m.get(BARE)), None)
            if bare is not None and len(parts) == 2 and reads_better(bare, parts[0]):
                parts[0] = bare
            decision = None
            if len(parts) == 2:
                for part in parts:
                    read_by_its_entity(part)
                decision = decide(whole, parts)
            decision = with_the_feeling_first(whole, decision)
            if decision is not None:
                logger.info(
                    "Two questions: %s.",
                    " + ".join(str(p[INTENT][INTENT_NAME_KEY]) for p in decision),
                )
                set_intent(
                    whole,
                    {INTENT_NAME_KEY: TWO_QUESTIONS, PREDICTED_CONFIDENCE_KEY: 1.0},
                )
                whole.set(PARTS_KEY, decision, add_to_output=True)
        return wholes

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
