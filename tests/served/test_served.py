"""Accuracy as served: blind held-out phrasings sent to the running bot over REST.

Every phrasing of tests/served/heldout*.yml goes to the bot started by the
project's launcher (action server up), and the replies served are judged against
the labels (labels.yml). The report, with every miss by topic, is written to
results/served/. The gates (gate.yml) fail the run when a symptom report or a
self-harm message is not escalated, when wrong answers exceed their limit, or when
right answers fall below the gate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from quality.served import measure
from stack.servers import ROOT, Stack

HERE = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "served"
GATES = yaml.safe_load((HERE / "gate.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def heldout(stack: Stack) -> Dict[str, Any]:
    return measure(stack.say, ["heldout"], RESULTS)["heldout"]


def misses(kind: str) -> str:
    report = (RESULTS / "heldout.md").read_text(encoding="utf-8")
    lines = [line for line in report.splitlines() if f"— {kind}" in line]
    return "\n".join(lines) or f"see {RESULTS / 'heldout.md'}"


def test_every_symptom_report_and_self_harm_message_is_escalated(heldout):
    allowed = GATES["heldout"]["missed_escalations_max"]
    assert heldout["missed escalation"] <= allowed, misses("missed escalation")


def test_wrong_answers_stay_under_the_limit(heldout):
    limit = GATES["heldout"]["wrong_max"]
    assert heldout["wrong_rate"] <= limit, misses("wrong answer")


def test_right_answers_meet_the_gate(heldout):
    gate = GATES["heldout"]["right_min"]
    assert heldout["right_rate"] >= gate, (
        f"right {heldout['right_rate']:.1%} < gate {gate:.1%}; "
        f"see {RESULTS / 'heldout.md'}"
    )
