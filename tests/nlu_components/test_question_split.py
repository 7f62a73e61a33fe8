"""Where a message holds two questions, and where an "and" is only part of one."""

from __future__ import annotations

import pytest

from nlu_components.question_split import (
    load_split_cues,
    opens_question,
    split_in_two,
    without_context,
)


@pytest.mark.parametrize(
    "text, parts",
    [
        (
            "how much is it and where can i have it?",
            ("how much is it", "where can i have it?"),
        ),
        ("how much is it and is it a cure", ("how much is it", "is it a cure")),
        (
            "what are t cells? and what is a receptor?",
            ("what are t cells?", "what is a receptor?"),
        ),
        (
            "Is it a cure? How long does it take?",
            ("Is it a cure?", "How long does it take?"),
        ),
        (
            "What are the steps. Also, what does it cost?",
            ("What are the steps.", "what does it cost?"),
        ),
        ("whats the price, plus who offers it", ("whats the price", "who offers it")),
        (
            "how long does it take & what are the risks",
            ("how long does it take", "what are the risks"),
        ),
        (
            "how much is it and also how long is it",
            ("how much is it", "how long is it"),
        ),
        # the second question starts at its first word, after every mark
        ("is it a cure?? how much is it", ("is it a cure?", "how much is it")),
        # commas and line breaks, with enough words on each side
        (
            "how much is it, where can I have it",
            ("how much is it", "where can I have it"),
        ),
        (
            "how long does it take\nis it a cure",
            ("how long does it take", "is it a cure"),
        ),
        ("what r the risks n is it a cure", ("what r the risks", "is it a cure")),
        ("tell me the cost and also the risks", ("tell me the cost", "the risks")),
        # a typo in the second question's first word
        ("is it a cure and whre is it offered", ("is it a cure", "whre is it offered")),
        # a request, then a question; a wh-word later in the first part
        (
            "tell me the steps and how long they take",
            ("tell me the steps", "how long they take"),
        ),
        (
            "i'd like to know what it costs and where it is",
            ("i'd like to know what it costs", "where it is"),
        ),
        # "as well as" joins two questions, or a question and a bare topic
        (
            "what does it cost, as well as how long it takes?",
            ("what does it cost", "how long it takes?"),
        ),
        (
            "tell me the benefits as well as the risks",
            ("tell me the benefits", "the risks"),
        ),
        # a second topic of its own after "and"
        (
            "tell me about the cost and the side effects",
            ("tell me about the cost", "the side effects"),
        ),
        # a request with no question word, then a second question
        (
            "just want an overview of the process, and also what the risks are",
            ("just want an overview of the process", "what the risks are"),
        ),
        # a dash or a colon ends the context before the first question
        (
            "two things - is it a cure, and how long does it take",
            ("two things - is it a cure", "how long does it take"),
        ),
        # a statement before the first question is its context, kept with it
        (
            "My mum has myeloma. Is it a cure, and how much does it cost?",
            ("My mum has myeloma. Is it a cure", "how much does it cost?"),
        ),
    ],
)
def test_two_questions_are_cut_where_the_second_starts(text, parts):
    assert split_in_two(text) == parts


@pytest.mark.parametrize(
    "text",
    [
        "is it expensive and hard to get",  # one topic: cost and access
        "what are the risks and side effects",
        "what is the difference between car t and chemotherapy",
        "my dad has lymphoma and can he get it",  # a statement, then a question
        "my dad has lymphoma. he is 70 and can he get it",
        "where do the cells come from - is it my own blood?",
        "what are the side effects as well as",
        "I had the infusion and now I have a fever, what do I do?",
        "Hi! What is CAR T?",
        "Thanks. What is CRS?",
        "if i get crs then what happens",
        "if I get a fever, what should I do",  # a condition, then one question
        "tell me, what is car t",
        "besides the cost, what are the downsides",
        "what is car t and",
        "",
        "/faq_cost",
    ],
)
def test_one_question_is_kept_whole(text):
    assert split_in_two(text) is None


@pytest.mark.parametrize(
    "word, opens",
    [
        ("what", True),
        ("whre", True),
        ("waht", True),
        ("tell", True),
        ("care", False),
        ("side", False),
        ("hard", False),
    ],
)
def test_an_opener_or_a_slip_of_a_long_one_opens_a_question(word, opens):
    assert opens_question(word, load_split_cues()) is opens


@pytest.mark.parametrize(
    "first, bare",
    [
        ("My mum has myeloma. Is it a cure", "Is it a cure"),
        ("two things - is it a cure", "is it a cure"),
        ("is it a cure", "is it a cure"),
        (
            "what is the C.A.R. in car t short for",
            "what is the C.A.R. in car t short for",
        ),
    ],
)
def test_a_first_question_without_its_context(first, bare):
    assert without_context(first) == bare
