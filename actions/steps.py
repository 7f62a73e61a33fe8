"""The four treatment steps in order, and which responses show them."""

from __future__ import annotations

STEPS = ("extraction", "modification", "expansion", "infusion")
FIRST_STEP = STEPS[0]
LAST_STEP = STEPS[-1]


def is_step(value: object) -> bool:
    return isinstance(value, str) and value in STEPS


def next_step(current: str | None) -> str | None:
    """The step after `current`; the first one when there is none; None after the last."""
    if not is_step(current):
        return FIRST_STEP
    index = STEPS.index(current)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(current: str | None) -> str | None:
    """The step before `current`; None at the first step or when there is none."""
    if not is_step(current):
        return None
    index = STEPS.index(current)
    return STEPS[index - 1] if index > 0 else None


def step_response(step: str) -> str:
    return f"utter_step_{step}"


def navigation_response(step: str) -> str:
    """What to offer after showing `step`: go on, go back, or related topics at the end."""
    if step == FIRST_STEP:
        return "utter_walkthrough_offer_first"
    if step == LAST_STEP:
        return "utter_walkthrough_done"
    return "utter_walkthrough_offer_next"
