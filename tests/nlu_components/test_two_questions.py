"""What a two-question message gets: both answers, one, or its whole reading."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.beyond_faq_router import FEELING, FEELING_TOLD
from nlu_components.question_split import load_split_cues
from nlu_components.two_questions import (
    BARE,
    PART_OF,
    PARTS_KEY,
    TWO_QUESTIONS,
    QuestionJoiner,
    QuestionSplitter,
    decide,
    reads_better,
)


def message(text: str, intent: str | None, confidence: float = 0.9, **data) -> Message:
    m = Message(data={"text": text, **data})
    m.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    m.set(
        "intent_ranking",
        [{"name": intent, "confidence": confidence}],
        add_to_output=True,
    )
    return m


def names(decision) -> list:
    return [(p["intent"]["name"], p["answer"]) for p in decision]


def test_an_unread_part_offers_the_topic_it_leans_to():
    unread = message("b", "faq_cost", 0.38)
    unread.set(
        "intent_ranking",
        [
            {"name": "faq_cost", "confidence": 0.38},
            {"name": "faq_access", "confidence": 0.36},
        ],
    )
    decision = decide(
        message("a and b", "faq_cost"), [message("a", "faq_cost"), unread]
    )
    assert decision[1]["offer"] == "faq_access"  # the cost is answered already


@pytest.mark.parametrize(
    "whole, first, second, expected",
    [
        # two confident answers: both, in the order asked
        (
            "faq_cost",
            ("faq_cost", 0.9),
            ("faq_access", 0.8),
            [("faq_cost", True), ("faq_access", True)],
        ),
        (
            "nlu_fallback",
            ("ask_side_effects", 0.7),
            ("faq_cure", 0.6),
            [("ask_side_effects", True), ("faq_cure", True)],
        ),
        (
            "faq_cost",
            ("faq_cost", 0.9),
            ("ask_not_in_article", 1.0),
            [("faq_cost", True), ("ask_not_in_article", True)],
        ),
        # a request to be walked through the steps, beside another question: the
        # steps' overview (a walkthrough goes one step a turn)
        (
            "start_walkthrough",
            ("start_walkthrough", 0.9),
            ("ask_side_effect_detail", 0.9),
            [("steps_overview", True), ("ask_side_effect_detail", True)],
        ),
        # one read, one not: the one answered, the other offered back
        # an unread part that leans to no topic: nothing to offer, one answer
        ("faq_cost", ("faq_cost", 0.9), ("nlu_fallback", 0.3), None),
        (
            "faq_cure",
            ("faq_duration", 0.38),
            ("faq_cure", 0.95),
            [("faq_duration", False), ("faq_cure", True)],
        ),
        # a part the classifier is fairly sure of is answered
        (
            "faq_cure",
            ("faq_duration", 0.45),
            ("faq_cure", 0.95),
            [("faq_duration", True), ("faq_cure", True)],
        ),
        # ... but an unread part leaning to no topic of its own adds nothing
        ("faq_cure", ("faq_duration", 0.2), ("faq_cure", 0.95), None),
        ("faq_cure", ("faq_cure", 0.3), ("faq_cure", 0.95), None),
        # ... an unread whole: the unread part may lean on the other, keep it whole
        ("nlu_fallback", ("faq_cost", 0.9), ("nlu_fallback", 0.3), None),
        # ... unless the whole message reads as something else: the cut is in doubt
        ("faq_vs_chemo", ("faq_cost", 0.9), ("nlu_fallback", 0.3), None),
        ("ask_step", ("steps_overview", 0.9), ("nlu_fallback", 0.3), None),
        # the whole message is surely one other question: it stays one...
        ("faq_vs_chemo", ("faq_what_is", 0.9), ("faq_cost", 0.7), None),
        # ... unless the classifier is as sure of each part
        (
            "faq_vs_chemo",
            ("faq_what_is", 0.9),
            ("faq_cost", 0.9),
            [("faq_what_is", True), ("faq_cost", True)],
        ),
        # the same question twice: one answer, from the whole reading
        ("faq_cost", ("faq_cost", 0.9), ("faq_cost", 0.8), None),
        # nothing answerable, or a confident part that is not a question
        ("faq_cost", ("nlu_fallback", 0.2), ("nlu_fallback", 0.1), None),
        ("faq_cost", ("faq_cost", 0.9), ("thank", 0.9), None),
        # a router decided the whole message: it keeps its reply
        ("report_symptom", ("faq_cost", 0.9), ("faq_access", 0.9), None),
        ("report_loss", ("faq_cost", 0.9), ("faq_cure", 0.9), None),
        ("express_feeling", ("faq_cost", 0.9), ("faq_cure", 0.9), None),
        ("other_language", ("faq_cost", 0.9), ("faq_cure", 0.9), None),
        ("symptom_question", ("ask_side_effects", 0.9), ("faq_cure", 0.9), None),
    ],
)
def test_what_the_whole_message_gets(whole, first, second, expected):
    parts = [message("a", *first), message("b", *second)]
    decision = decide(message("a and b", whole), parts)
    assert (names(decision) if isinstance(decision, list) else decision) == expected


@pytest.mark.parametrize("urgent", ["report_symptom", "self_harm", "symptom_unsure"])
def test_a_part_read_as_urgent_leaves_the_whole_to_the_safety_router(urgent):
    # the safety router has judged every clause of the whole message already
    parts = [message("a", "faq_cost"), message("b", urgent, 1.0)]
    assert decide(message("a and b", "faq_cost"), parts) is None


def test_an_unread_part_naming_one_step_asks_about_that_step():
    joiner = QuestionJoiner()
    whole = message("can it help? and how is it given back to me?", "faq_cure", 0.9)
    first = message("can it help?", "faq_cure", 0.9, **{PART_OF: 0})
    second = message("how is it given back to me?", "nlu_fallback", 0.3, **{PART_OF: 0})
    second.set("entities", [{"entity": "step", "value": "infusion"}])
    [result] = joiner.process([whole, first, second])
    assert [p["intent"]["name"] for p in result.get(PARTS_KEY)] == [
        "faq_cure",
        "ask_step",
    ]


def test_two_steps_or_two_side_effects_are_two_questions():
    crs = message("a", "ask_side_effect_detail")
    crs.set(
        "entities", [{"entity": "side_effect", "value": "cytokine_release_syndrome"}]
    )
    neuro = message("b", "ask_side_effect_detail")
    neuro.set("entities", [{"entity": "side_effect", "value": "neurological_effects"}])
    decision = decide(message("a and b", "ask_side_effect_detail"), [crs, neuro])
    assert [p["entities"][0]["value"] for p in decision] == [
        "cytokine_release_syndrome",
        "neurological_effects",
    ]


def test_the_splitter_adds_the_parts_and_the_joiner_takes_them_out():
    splitter = QuestionSplitter(load_split_cues())
    whole = Message(data={"text": "how much is it and is it a cure"})
    single = Message(data={"text": "what is car t"})
    messages = splitter.process([whole, single])
    assert [m.get("text") for m in messages] == [
        "how much is it and is it a cure",
        "what is car t",
        "how much is it",
        "is it a cure",
    ]
    assert [m.get(PART_OF) for m in messages[2:]] == [0, 0]
    # what the classifier would have said of each
    intents = ["faq_cost", "faq_what_is", "faq_cost", "faq_cure"]
    for m, intent in zip(messages, intents, strict=True):
        m.set("intent", {"name": intent, "confidence": 0.9}, add_to_output=True)
    joined = QuestionJoiner().process(messages)
    assert joined == [whole, single]
    assert whole.get("intent")["name"] == TWO_QUESTIONS
    assert [p["text"] for p in whole.get(PARTS_KEY)] == [
        "how much is it",
        "is it a cure",
    ]
    assert whole.as_dict(only_output_properties=True)[PARTS_KEY]
    assert single.get("intent")["name"] == "faq_what_is"


def test_button_payloads_are_never_split():
    splitter = QuestionSplitter(load_split_cues())
    payload = Message(data={"text": "/faq_cost and /faq_cure?"})
    assert splitter.process([payload]) == [payload]


def part_names(whole: Message) -> list[str]:
    return [p["intent"]["name"] for p in whole.get(PARTS_KEY) or []]


@pytest.mark.parametrize(
    "intent, confidence, parts",
    [
        # the warm reply first, then the answer
        ("faq_duration", 0.9, [FEELING, "faq_duration"]),
        ("personal_advice", 0.9, [FEELING, "personal_advice"]),
        # an answer the classifier is unsure of, or a reply of another kind: the
        # message keeps its reading
        ("faq_duration", 0.2, []),
        ("greet", 0.9, []),
        ("report_symptom", 1.0, []),
    ],
)
def test_a_feeling_beside_a_question_gets_the_warm_reply_then_the_answer(
    intent, confidence, parts
):
    whole = message("i'm so scared, how long does it take", intent, confidence)
    whole.set(FEELING_TOLD, True)
    QuestionJoiner().process([whole])
    assert part_names(whole) == parts
    assert whole.get("intent")["name"] == (TWO_QUESTIONS if parts else intent)


def test_a_feeling_beside_two_questions_comes_before_both_answers():
    whole = message("i'm scared. what does it cost and is it a cure", "faq_cost")
    whole.set(FEELING_TOLD, True)
    parts = [
        message("what does it cost", "faq_cost", 0.9, **{PART_OF: 0}),
        message("is it a cure", "faq_cure", 0.9, **{PART_OF: 0}),
    ]
    QuestionJoiner().process([whole, *parts])
    assert part_names(whole) == [FEELING, "faq_cost", "faq_cure"]


@pytest.mark.parametrize(
    "bare, with_context, used",
    [
        # the statement before the question named another topic: the bare reading
        (("faq_cost", 0.95), ("faq_resistant_cancers", 0.6), True),
        # no surer without it, or unread without it: the context stays
        (("faq_cost", 0.5), ("faq_cure", 0.9), False),
        (("nlu_fallback", 0.2), ("faq_cure", 0.3), False),
    ],
)
def test_the_first_question_is_read_without_its_context_when_that_reads_better(
    bare, with_context, used
):
    whole = message(
        "my brother's lymphoma came back. what's the price and is it a cure", "faq_cost"
    )
    parts = [
        message(
            "my brother's lymphoma came back. what's the price",
            *with_context,
            **{PART_OF: 0},
        ),
        message("is it a cure", "faq_cure", 0.9, **{PART_OF: 0}),
        message("what's the price", *bare, **{PART_OF: 0, BARE: True}),
    ]
    QuestionJoiner().process([whole, *parts])
    first = (whole.get(PARTS_KEY) or [{}])[0].get("text")
    assert (first == "what's the price") is used


def test_a_question_pointing_back_keeps_its_context():
    bare = message("is it an option for that kind", "faq_cancers_treated", 0.95)
    assert not reads_better(
        bare, message("my tumour is in the lung. is it...", "faq_solid_tumors", 0.6)
    )
