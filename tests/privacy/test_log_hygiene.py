"""The servers' logs (Rasa's default INFO level) never contain what people type."""

from __future__ import annotations

import time
import uuid

from stack.servers import LOGS, Stack


def lines_with(marker: str) -> list[str]:
    """`file:line` of every log line that contains the marker."""
    found = []
    for log in sorted(LOGS.glob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if marker in line:
                found.append(f"{log.name}:{number}: {line[:300]}")
    return found


def test_message_text_never_reaches_the_server_logs(stack: Stack):
    marker = f"zq{uuid.uuid4().hex[:10]}xk"
    sender = f"privacy-log-{uuid.uuid4().hex[:12]}"
    messages = [
        f"my secret marker {marker} has a fever since his infusion",  # safety
        f"what is CRS {marker}",  # side effects (action server)
        f"walk me through it step by step {marker}",  # walk-through (actions)
        f"yes tell me more {marker}",  # continue topic (actions)
        f"should my dad {marker} get car t?",  # medical advice refusal
        f"{marker}",  # nonsense: fallback, clarifying question
        f"what's the weather {marker}",  # out of scope
    ]
    for message in messages:
        assert stack.say(sender, message), message
    time.sleep(1)  # let the servers finish writing

    rasa_log = (LOGS / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert f"Starting Rasa server on {stack.rasa_url}" in rasa_log, (
        "the log of this test run's Rasa server is not where expected"
    )
    leaks = lines_with(marker)
    assert not leaks, "message text in the logs:\n" + "\n".join(leaks)
    # Sender ids identify people (on SMS they are phone numbers): not at INFO either.
    leaks = lines_with(sender)
    assert not leaks, "sender id in the logs:\n" + "\n".join(leaks)
