"""The synthetic two-question examples of the multi-intent bench."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.multi_intent_data import (
    JOINERS,
    intent_pairs,
    join_questions,
    merge_orders,
    two_question_examples,
)

EXAMPLES = {
    "faq_cost": ["how much does it cost?", "what is the price", "is it expensive"],
    "faq_access": [
        "where is it offered?",
        "which hospitals do it",
        "where can i get it",
    ],
    "ask_step": ["what is extraction", "what happens at the infusion", "step 3?"],
}
STEP_OF = {
    "what is extraction": "extraction",
    "what happens at the infusion": "infusion",
    "step 3?": "expansion",
}


def test_pairs_are_ordered_and_same_intent_only_for_entity_intents() -> None:
    pairs = intent_pairs(EXAMPLES)
    assert ("faq_cost", "faq_access") in pairs
    assert ("faq_access", "faq_cost") in pairs
    assert ("ask_step", "ask_step") in pairs
    assert ("faq_cost", "faq_cost") not in pairs
    assert len(pairs) == 3 * 2 + 1


@pytest.mark.parametrize(
    ("first", "second", "template", "joined"),
    [
        ("how much is it?", "where is it offered?", "{a} and {b}?",
         "how much is it and where is it offered?"),
        ("how much is it.", "where is it", "{a}? {b}?",
         "how much is it? where is it?"),
        ("how much is it", "where is it?", "{a}, plus {b}",
         "how much is it, plus where is it"),
    ],
)  # fmt: skip
def test_join_drops_the_parts_own_end_marks(
    first: str, second: str, template: str, joined: str
) -> None:
    assert join_questions(first, second, template) == joined


def test_each_pair_gets_its_number_of_distinct_examples_in_the_order_asked() -> None:
    made = two_question_examples(
        EXAMPLES, intent_pairs(EXAMPLES), per_pair=4, entity_of=STEP_OF
    )
    assert Counter(len(texts) for texts in made.values()) == {4: 7}
    assert all(len(set(texts)) == 4 for texts in made.values())
    for text in made["faq_cost+faq_access"]:
        cost = min(
            text.find(e.rstrip("?"))
            for e in EXAMPLES["faq_cost"]
            if e.rstrip("?") in text
        )
        access = max(
            text.find(e.rstrip("?"))
            for e in EXAMPLES["faq_access"]
            if e.rstrip("?") in text
        )
        assert cost == 0 < access


def test_same_intent_pairs_name_two_different_steps() -> None:
    made = two_question_examples(
        EXAMPLES, [("ask_step", "ask_step")], per_pair=3, entity_of=STEP_OF
    )
    for text in made["ask_step+ask_step"]:
        named = {v for t, v in STEP_OF.items() if t.rstrip("?") in text}
        assert len(named) == 2


def test_seeded_and_the_joiners_vary() -> None:
    pairs = intent_pairs(EXAMPLES)
    first = two_question_examples(EXAMPLES, pairs, 5, seed=7, entity_of=STEP_OF)
    again = two_question_examples(EXAMPLES, pairs, 5, seed=7, entity_of=STEP_OF)
    assert first == again
    texts = [t for texts in first.values() for t in texts]
    assert sum(" and " in t for t in texts) < len(texts)
    assert any("plus" in t or "also" in t or ";" in t for t in texts)
    assert len(JOINERS) >= 4


@pytest.mark.parametrize(
    ("examples", "pairs", "message"),
    [
        ({"faq_cost": ["a"]}, [("faq_cost", "faq_access")], "no training examples"),
        ({"ask_step": ["a", "b"]}, [("ask_step", "ask_step")], "too few"),
    ],
)
def test_missing_examples_are_a_clear_error(
    examples: dict[str, list[str]], pairs: list[tuple[str, str]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        two_question_examples(examples, pairs, per_pair=2)


def test_one_label_per_pair_keeps_every_example_of_both_orders() -> None:
    made = {"faq_cost+faq_access": ["x", "y"], "faq_access+faq_cost": ["z"]}
    assert merge_orders(made) == {"faq_access+faq_cost": ["x", "y", "z"]}
