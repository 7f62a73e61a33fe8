"""Ratings, the report and the export, on a store filled through the running bot."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from privacy.events import read_events
from stack.servers import ROOT, Stack

SHALL_I_GO_ON = "Shall I go on to the next step?"


def new_sender() -> str:
    return f"e2e-feedback-{uuid.uuid4()}"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def rate(stack: Stack, sender: str, rating: str, answer: str) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/feedback/webhook",
        json={"sender": sender, "rating": rating, "answer": answer},
        timeout=30,
    )


def db(stack: Stack) -> Path:
    return stack.workdir / "conversations.db"


def make(target: str, stack: Stack, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRACKER_DB": str(db(stack))}
    args = ["make", "--no-print-directory", target]
    args += [f"{key}={value}" for key, value in variables.items()]
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_thumbs_up_before_yes_leaves_the_walk_through_where_it_was(
    stack: Stack,
) -> None:
    sender = new_sender()
    first = stack.say(sender, "walk me through it step by step")
    assert "Step 1 of 4" in texts(first) and SHALL_I_GO_ON in texts(first)
    step = next(r["text"] for r in first if "Step 1 of 4" in r.get("text", ""))

    assert rate(stack, sender, "up", step).json() == {"status": "saved", "rating": "up"}
    assert rate(stack, sender, "down", SHALL_I_GO_ON).status_code == 200
    assert "Step 2 of 4" in texts(stack.say(sender, "yes"))

    ratings = [
        e.data["data"]
        for e in read_events(db(stack), sender=sender)
        if e.type_name == "agent"
    ]
    assert [r["feedback"] for r in ratings] == ["up", "down"]
    assert all(r["response"].startswith("utter_") for r in ratings), ratings


def test_ratings_are_saved_with_the_action_server_down(stack: Stack) -> None:
    sender = new_sender()
    answer = texts(stack.say(sender, "how much does it cost"))
    actions = stack.servers["actions"]
    actions.stop()
    try:
        last = answer.splitlines()[-1]
        reply = rate(stack, sender, "down", last)
        assert reply.status_code == 200, reply.text
    finally:
        actions.start()


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"sender": "nobody-here", "rating": "up", "answer": "Hello"}, 404),
        ({"sender": "x", "rating": "maybe", "answer": "Hello"}, 400),
        ({"sender": "x", "rating": "up"}, 400),
    ],
)
def test_bad_ratings_get_a_clear_error_and_store_nothing(
    stack: Stack, payload: dict[str, str], status: int
) -> None:
    reply = requests.post(
        f"{stack.rasa_url}/webhooks/feedback/webhook", json=payload, timeout=30
    )
    assert reply.status_code == status
    assert reply.json()["error"].endswith(".")


def fill_store(stack: Stack) -> str:
    """Conversations a report should count; returns the sender who rated."""
    rater = new_sender()
    answer = texts(stack.say(rater, "what is car t cell therapy")).splitlines()[-1]
    assert rate(stack, rater, "up", answer).status_code == 200
    other = new_sender()
    stack.say(other, "can my dog eat grapes? mail me at jo.smith@example.org")
    stack.say(other, "can my dog eat grapes, call 0612345678")
    stack.say(other, "my dad has a high fever since his infusion yesterday")
    return rater


def test_make_report_reads_the_store_and_masks_personal_details(
    stack: Stack,
) -> None:
    fill_store(stack)
    result = make("report", stack, DAYS="30")
    assert result.returncode == 0, result.stderr
    assert "Reading the tracker store" in result.stderr  # the progress bar
    markdown = (ROOT / "reports" / "report.md").read_text(encoding="utf-8")
    html = (ROOT / "reports" / "report.html").read_text(encoding="utf-8")
    for page in (markdown, html):
        assert "grapes" in page
        assert "jo.smith@example.org" not in page and "0612345678" not in page
        assert "[email]" in page and "[phone]" in page
    assert "| Symptom escalations | 0 |" not in markdown
    assert "| Conversations | 0 |" not in markdown
    assert "<svg" in html and "<script" not in html


@pytest.mark.parametrize("days", ["zero", "-3", "0"])
def test_make_report_with_bad_days_says_so(stack: Stack, days: str) -> None:
    result = make("report", stack, DAYS=days)
    assert result.returncode != 0
    assert "DAYS" in result.stderr and "Traceback" not in result.stderr


def test_make_export_writes_one_conversation(stack: Stack, tmp_path: Path) -> None:
    sender = fill_store(stack)
    out = tmp_path / "mine.json"
    result = make("export", stack, SENDER=sender, OUT=str(out))
    assert result.returncode == 0, result.stderr
    lines = json.loads(out.read_text(encoding="utf-8"))["messages"]
    mine = [line for line in lines if line["from"] == "you" and "text" in line]
    assert [line["text"] for line in mine] == ["what is car t cell therapy"]
    assert any(line["from"] == "assistant" for line in lines)
    assert any(line.get("rating") == "up" for line in lines)
    assert not any("grapes" in str(line.get("text")) for line in lines)

    text_out = tmp_path / "mine.txt"
    result = make("export", stack, SENDER=sender, FORMAT="txt", OUT=str(text_out))
    assert result.returncode == 0, result.stderr
    assert "You: what is car t cell therapy" in text_out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "variables, words",
    [
        ({}, "usage: make export SENDER="),
        ({"SENDER": "no-such-sender"}, "no conversation of the given sender"),
        ({"SENDER": "x", "FORMAT": "xml"}, "invalid choice: 'xml'"),
    ],
)
def test_make_export_with_bad_input_says_so(
    stack: Stack, variables: dict[str, str], words: str
) -> None:
    result = make("export", stack, **variables)
    assert result.returncode != 0 and not result.stdout
    assert words in result.stderr and "Traceback" not in result.stderr
