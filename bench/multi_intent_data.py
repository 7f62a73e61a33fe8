"""The multi-intent variant's training data: two-question examples made by joining.

Pure functions, tested alone (tests/bench/test_multi_intent_data.py). A synthetic
example joins two single-question training examples of two answerable intents
with a joiner ("and", "?", "also", "plus"...) and is labelled in Rasa's
multi-intent format, `faq_cost+faq_access`, in the order the parts are asked.
Only the project's training examples are used, never the labelled phrasings of
tests/served/.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from itertools import permutations

SPLIT_SYMBOL = "+"
# How two questions are joined; {a} and {b} are the two examples without a final
# question mark or full stop.
JOINERS = (
    "{a} and {b}",
    "{a} and {b}?",
    "{a}? and {b}?",
    "{a}? {b}?",
    "{a}. {b}?",
    "{a}, also {b}",
    "{a}? also, {b}?",
    "{a} and also {b}",
    "{a}, plus {b}",
    "{a}? plus {b}?",
    "{a}; {b}",
    "{a}, and {b}?",
)
# Intents that say which step or side effect through an entity: two questions of
# the same intent are two questions when they name two different ones.
ENTITY_INTENTS = frozenset({"ask_step", "ask_side_effect_detail"})


def combined(first: str, second: str) -> str:
    return f"{first}{SPLIT_SYMBOL}{second}"


def intent_pairs(
    intents: Iterable[str], same_allowed: frozenset[str] = ENTITY_INTENTS
) -> list[tuple[str, str]]:
    """Every ordered pair of two different intents, plus (x, x) for entity intents."""
    names = sorted(set(intents))
    pairs = list(permutations(names, 2))
    pairs += [(name, name) for name in names if name in same_allowed]
    return sorted(pairs)


def _bare(text: str) -> str:
    return text.strip().rstrip("?.! ").strip()


def join_questions(first: str, second: str, template: str) -> str:
    return template.format(a=_bare(first), b=_bare(second))


def two_question_examples(
    examples: Mapping[str, Sequence[str]],
    pairs: Sequence[tuple[str, str]],
    per_pair: int,
    seed: int = 42,
    entity_of: Mapping[str, str] | None = None,
) -> dict[str, list[str]]:
    """`per_pair` joined examples for each pair: {"a+b": [text, ...]}.

    Seeded, so the same data gives the same examples. The two parts are two
    different examples; the joiners take turns so each pair gets a mix of them.
    For a pair of one intent twice, `entity_of` (text -> the step or side effect
    it names) must give both parts a value, and two different ones.
    """
    entity_of = entity_of or {}
    if per_pair < 1:
        raise ValueError("per_pair must be at least 1")
    rng = random.Random(seed)
    made: dict[str, list[str]] = {}
    for first, second in pairs:
        if not examples.get(first) or not examples.get(second):
            raise ValueError(f"no training examples for '{first}' or '{second}'")
        if first == second and len(set(examples[first])) < 2:
            raise ValueError(f"'{first}' needs two different examples to pair")
        texts: list[str] = []
        seen: set[str] = set()
        offset = rng.randrange(len(JOINERS))
        attempts = 0
        while len(texts) < per_pair and attempts < per_pair * 20:
            attempts += 1
            a = rng.choice(examples[first])
            b = rng.choice(examples[second])
            if a == b:
                continue
            if first == second and (
                a not in entity_of or b not in entity_of or entity_of[a] == entity_of[b]
            ):
                continue
            template = JOINERS[(offset + len(texts)) % len(JOINERS)]
            text = join_questions(a, b, template)
            if text not in seen:
                seen.add(text)
                texts.append(text)
        if len(texts) < per_pair:
            raise ValueError(f"too few distinct examples for '{first}+{second}'")
        made[combined(first, second)] = texts
    return made


def merge_orders(made: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """One label per pair whatever the order asked: `b+a` examples go to `a+b`.

    DIET embeds an intent label as the bag of its `+` tokens, so `a+b` and `b+a`
    get the same embedding and cannot be told apart; one label for both is the
    honest form of what the model can learn.
    """
    merged: dict[str, list[str]] = {}
    for name, texts in made.items():
        key = SPLIT_SYMBOL.join(sorted(name.split(SPLIT_SYMBOL)))
        merged.setdefault(key, []).extend(texts)
    return merged
