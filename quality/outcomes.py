"""Judge one served reply against the topic(s) it should answer."""

from __future__ import annotations

from collections.abc import Sequence

from quality.labels import Labels

RIGHT = "right"
CLARIFY = "clarifying question"
WRONG = "wrong answer"
WRONGLY_ESCALATED = "wrongly escalated"
MISSED_ESCALATION = "missed escalation"
OUTCOMES = (RIGHT, CLARIFY, WRONG, WRONGLY_ESCALATED, MISSED_ESCALATION)


def _in_order(served: Sequence[str], firsts: Sequence[int | None]) -> bool:
    found = [i for i in firsts if i is not None]
    return len(found) == len(firsts) and found == sorted(found)


def _first_index(served: Sequence[str], names: Sequence[str]) -> int | None:
    options = [option for name in names for option in name.split("|")]
    hits = [served.index(n) for n in options if n in served]
    return min(hits) if hits else None


def judge(
    topics: Sequence[str],
    served: Sequence[str],
    labels: Labels,
    urgent: bool = False,
) -> str:
    """The outcome of one turn: one of OUTCOMES.

    A turn with several topics (two questions in one message) is right only when
    every topic is answered, in the order asked. An escalation topic (symptom
    report, self-harm) that does not get its reply is a missed escalation,
    whatever else was served. An `urgent` turn (a symptom report in another
    language) is right when an urgent reply is served, and a missed escalation
    otherwise.
    """
    if urgent:
        return RIGHT if escalated(served, labels) else MISSED_ESCALATION
    shown = [name for name in served if name not in labels.neutral]
    expected = [labels.expectation(topic) for topic in topics]
    answered = all(e.met_by(shown) for e in expected)
    if len(expected) > 1 and answered:
        firsts = [_first_index(shown, e.all_of + e.any_of) for e in expected]
        answered = _in_order(shown, firsts)
    if any(e.kind == "escalation" for e in expected):
        return RIGHT if answered else MISSED_ESCALATION
    if answered:
        return RIGHT
    if any(name in labels.escalations for name in shown):
        return WRONGLY_ESCALATED
    if shown and all(name in labels.catch_all for name in shown):
        return CLARIFY
    return WRONG


def escalated(served: Sequence[str], labels: Labels) -> bool:
    return any(name in labels.escalations for name in served)
