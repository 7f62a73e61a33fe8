"""Two questions in one message: each answered as when asked alone, in order."""

from __future__ import annotations

import pytest

from actions.continue_topic import thread_of
from actions.rule_replies import reply_of_intent
from actions.two_questions import ActionAnswerTwoQuestions
from tests.support.conversation import responses_of

CRS = [{"entity": "side_effect", "value": "cytokine_release_syndrome"}]
NEURO = [{"entity": "side_effect", "value": "neurological_effects"}]


def part(intent: str, answer: bool = True, entities=None, ranking=None) -> dict:
    return {
        "text": "a question",
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        "entities": entities or [],
        "answer": answer,
    }


async def answer(dispatcher, make_tracker, domain, *parts):
    tracker = make_tracker("two_questions", parse_data={"question_parts": list(parts)})
    return await ActionAnswerTwoQuestions().run(dispatcher, tracker, domain)


@pytest.mark.parametrize(
    "parts, responses",
    [
        (
            (part("faq_cost"), part("faq_access")),
            ["utter_faq_cost", "utter_faq_access"],
        ),
        (
            (part("faq_access"), part("faq_cost")),
            ["utter_faq_access", "utter_faq_cost"],
        ),
        # an action's answer, as the rule for that intent gives it
        (
            (part("ask_side_effects"), part("faq_cure")),
            [
                "utter_side_effects_overview",
                "utter_when_to_call_care_team",
                "utter_faq_cure",
            ],
        ),
        # the first answer's offer to go on is left out; the last one's is kept
        (
            (part("steps_overview"), part("faq_cost")),
            ["utter_steps_overview", "utter_faq_cost"],
        ),
        (
            (part("faq_cost"), part("steps_overview")),
            ["utter_faq_cost", "utter_steps_overview", "utter_offer_walkthrough"],
        ),
        # both side effects: each explained, the care-team line once, at the end,
        # and no offer of the one just explained
        (
            (
                part("ask_side_effect_detail", entities=CRS),
                part("ask_side_effect_detail", entities=NEURO),
            ),
            [
                "utter_side_effect_cytokine_release_syndrome",
                "utter_side_effect_neurological_effects",
                "utter_when_to_call_care_team",
            ],
        ),
        (
            (
                part("ask_step", entities=[{"entity": "step", "value": "infusion"}]),
                part("faq_duration"),
            ),
            ["utter_step_infusion", "utter_faq_duration"],
        ),
    ],
)
async def test_both_questions_are_answered_in_the_order_asked(
    dispatcher, make_tracker, domain, parts, responses
):
    await answer(dispatcher, make_tracker, domain, *parts)
    assert responses_of(dispatcher) == responses


async def test_a_part_not_understood_is_offered_as_the_topic_it_leans_to(
    dispatcher, make_tracker, domain
):
    unclear = {**part("nlu_fallback", answer=False), "offer": "faq_cure"}
    await answer(dispatcher, make_tracker, domain, part("faq_cost"), unclear)
    assert responses_of(dispatcher) == ["utter_faq_cost", "utter_other_question_offer"]
    assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == ["/faq_cure"]


async def test_a_part_leaning_to_no_topic_with_a_button_adds_nothing(
    dispatcher, make_tracker, domain
):
    unclear = {**part("nlu_fallback", answer=False), "offer": "ask_step"}
    await answer(dispatcher, make_tracker, domain, part("faq_cost"), unclear)
    assert responses_of(dispatcher) == ["utter_faq_cost"]


async def test_when_the_last_part_adds_nothing_the_first_keeps_its_offer(
    dispatcher, make_tracker, domain
):
    silent = {**part("nlu_fallback", answer=False), "offer": "ask_step"}
    events = await answer(
        dispatcher, make_tracker, domain, part("steps_overview"), silent
    )
    assert responses_of(dispatcher) == [
        "utter_steps_overview",
        "utter_offer_walkthrough",
    ]
    threads = [e["value"] for e in events if e.get("name") == "thread"]
    assert threads[-1] == "steps_overview"


async def test_a_yes_afterwards_goes_on_with_the_last_answer(
    dispatcher, make_tracker, domain
):
    events = await answer(
        dispatcher, make_tracker, domain, part("ask_side_effects"), part("faq_cost")
    )
    threads = [e["value"] for e in events if e.get("name") == "thread"]
    assert threads[-1] is None  # the cost answer leaves nothing open
    events = await answer(
        dispatcher, make_tracker, domain, part("faq_cost"), part("ask_side_effects")
    )
    threads = [e["value"] for e in events if e.get("name") == "thread"]
    assert threads[-1] == "side_effects"
    assert thread_of("action_answer_two_questions", "side_effects") == "side_effects"


async def test_without_parts_the_user_is_asked_again(dispatcher, make_tracker, domain):
    await answer(dispatcher, make_tracker, domain)
    assert responses_of(dispatcher) == ["utter_default"]


def test_the_answers_come_from_the_plain_rules():
    replies = reply_of_intent()
    assert replies["faq_cost"] == "utter_faq_cost"
    assert replies["ask_side_effects"] == "action_explain_side_effects"
    assert replies["ask_not_in_article"] == "action_not_in_article"
    assert replies["two_questions"] == "action_answer_two_questions"
