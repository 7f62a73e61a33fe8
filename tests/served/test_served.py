"""Accuracy as served: labelled phrasings sent to the running bot over REST.

Every phrasing of tests/served/heldout*.yml (the blind held-out set) and of
regression*.yml (held-out phrasings once missed, then mended and retired) goes to
the bot started by the project's launcher (action server up); the replies served
are judged against the labels (labels.yml). The reports, with every miss by
topic, are written to results/served/. The gates (gate.yml) fail the run when a
symptom report or a self-harm message is not escalated, when wrong answers exceed
their limit, or when right answers fall below the gate; a set's `groups` (e.g.
heldout_beyond's feeling, loss, not in the article, two questions, other language)
each have their own right_min.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from quality.served import measure
from stack.servers import ROOT, Stack

HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "served"
GATES: dict[str, dict[str, Any]] = yaml.safe_load(
    (HERE / "gate.yml").read_text(encoding="utf-8")
)
SETS = sorted(GATES)
GROUP_GATES: list[tuple[str, str, float]] = [
    (set_name, group, float(gate["right_min"]))
    for set_name in SETS
    for group, gate in sorted((GATES[set_name].get("groups") or {}).items())
]


@pytest.fixture(scope="module")
def served(stack: Stack) -> dict[str, Any]:
    return measure(stack.say, SETS, RESULTS)


def misses(set_name: str, kind: str) -> str:
    report = (RESULTS / f"{set_name}.md").read_text(encoding="utf-8")
    lines = [line for line in report.splitlines() if f"— {kind}" in line]
    return "\n".join(lines) or f"see {RESULTS / f'{set_name}.md'}"


@pytest.mark.parametrize("set_name", SETS)
def test_every_symptom_report_and_self_harm_message_is_escalated(served, set_name):
    allowed = GATES[set_name]["missed_escalations_max"]
    assert served[set_name]["missed escalation"] <= allowed, misses(
        set_name, "missed escalation"
    )


@pytest.mark.parametrize("set_name", SETS)
def test_wrong_answers_stay_under_the_limit(served, set_name):
    limit = GATES[set_name]["wrong_max"]
    assert served[set_name]["wrong_rate"] <= limit, misses(set_name, "wrong answer")


@pytest.mark.parametrize("set_name", SETS)
def test_right_answers_meet_the_gate(served, set_name):
    gate = GATES[set_name]["right_min"]
    right = served[set_name]["right_rate"]
    assert right >= gate, (
        f"{set_name}: right {right:.1%} < gate {gate:.1%}; "
        f"see {RESULTS / f'{set_name}.md'}"
    )


@pytest.mark.parametrize(("set_name", "group", "gate"), GROUP_GATES)
def test_each_group_meets_its_own_gate(served, set_name, group, gate):
    groups = served[set_name]["groups"]
    assert group in groups, f"{set_name}: no phrasings in group '{group}'"
    right = groups[group]["right_rate"]
    assert right >= gate, (
        f"{set_name} / {group}: right {right:.1%} < gate {gate:.1%}; "
        f"see {RESULTS / f'{set_name}.md'}"
    )
