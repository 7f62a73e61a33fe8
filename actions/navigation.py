"""Which step a request means: relative to a named step, resumed, or all four.

Pure functions over the message text, the step it names and the step last
shown; the cue words are in nlp/navigation_cues.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from actions import steps

CUES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "navigation_cues.yml"
CUE_KINDS = ("before", "after", "resume", "counting", "one_at_a_time")

DONE = "done"
NO_PREVIOUS = "no_previous"


@dataclass(frozen=True)
class Cues:
    before: tuple[str, ...]
    after: tuple[str, ...]
    resume: tuple[str, ...]
    counting: tuple[str, ...]
    one_at_a_time: tuple[str, ...]
    # {step: its ordinal words}
    ordinals: tuple[tuple[str, tuple[str, ...]], ...] = ()


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES_FILE) -> Cues:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lists = {}
    for kind in CUE_KINDS:
        words = data.get(kind)
        if not isinstance(words, list) or not words:
            raise ValueError(f"{path}: '{kind}' must be a non-empty list")
        lists[kind] = tuple(str(w).lower() for w in words)
    ordinals = data.get("ordinals")
    if not isinstance(ordinals, dict) or set(ordinals) != set(steps.STEPS):
        raise ValueError(
            f"{path}: 'ordinals' must give words for each of {steps.STEPS}"
        )
    return Cues(
        **lists,
        ordinals=tuple(
            (step, tuple(str(w).lower() for w in ordinals[step]))
            for step in steps.STEPS
        ),
    )


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()) + " "


def says(text: str, phrases: tuple[str, ...]) -> bool:
    padded = _words(text)
    return any(f" {phrase} " in padded for phrase in phrases)


def is_count_of_steps(text: str, cues: Cues | None = None) -> bool:
    """ "the 4 steps", "all four steps": the whole process, not step 4."""
    return says(text, (cues or load_cues()).counting)


def relative_step(text: str, named: str | None, cues: Cues | None = None) -> str | None:
    """The step before/after the one named ("what comes before the expansion?").

    Returns a step, DONE after the last, NO_PREVIOUS before the first, or None
    when the message does not ask relative to a named step.
    """
    cues = cues or load_cues()
    if not steps.is_step(named):
        return None
    if says(text, cues.before):
        return steps.previous_step(named) or NO_PREVIOUS
    if says(text, cues.after):
        return steps.next_step(named) or DONE
    return None


def ordinal_step(text: str, cues: Cues | None = None) -> str | None:
    """The one step the words give by its place ("and the first?"), if exactly one;
    not in a count of steps ("all four steps")."""
    cues = cues or load_cues()
    if is_count_of_steps(text, cues):
        return None
    meant = {step for step, words in cues.ordinals if says(text, words)}
    return meant.pop() if len(meant) == 1 else None


def wants_to_resume(text: str, cues: Cues | None = None) -> bool:
    return says(text, (cues or load_cues()).resume)


def wants_one_at_a_time(text: str, cues: Cues | None = None) -> bool:
    """ "step by step", "take me through the four stages": the walk-through."""
    return says(text, (cues or load_cues()).one_at_a_time)
