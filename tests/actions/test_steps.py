"""Step order helpers."""

from __future__ import annotations

import pytest

from actions import steps


@pytest.mark.parametrize(
    "current, following",
    [
        (None, "extraction"),
        ("bogus", "extraction"),
        ("extraction", "modification"),
        ("modification", "expansion"),
        ("expansion", "infusion"),
        ("infusion", None),
    ],
)
def test_next_step(current, following):
    assert steps.next_step(current) == following


@pytest.mark.parametrize(
    "current, before",
    [
        (None, None),
        ("extraction", None),
        ("modification", "extraction"),
        ("expansion", "modification"),
        ("infusion", "expansion"),
    ],
)
def test_previous_step(current, before):
    assert steps.previous_step(current) == before


def test_every_step_has_a_response(domain):
    for step in steps.STEPS:
        assert steps.step_response(step) in domain["responses"]
        assert steps.navigation_response(step) in domain["responses"]


def test_step_slot_values_match_the_steps(domain):
    assert tuple(domain["slots"]["current_step"]["values"]) == steps.STEPS
