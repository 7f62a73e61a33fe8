"""End-to-end: forget one person while the real Rasa server is running."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

from site_settings.phrases import generic
from stack.servers import ROOT, Stack
from tests.privacy.conftest import events_by_sender


def stored_text(path: Path, sender: str) -> str:
    """All stored event data of one sender, as one string (read-only)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))
        return "\n".join(data for (data,) in rows)


def test_forget_one_sender_while_the_server_runs(stack: Stack, domain):
    db = stack.workdir / "conversations.db"
    notice = generic(domain["responses"]["utter_disclaimer"][0]["text"])
    assert notice.startswith("I'm an automated assistant, not a doctor")
    forgotten, kept = (f"privacy-{uuid.uuid4().hex[:12]}" for _ in range(2))
    first_words = f"hello, my name is tracer{uuid.uuid4().hex[:8]}"

    assert stack.say(forgotten, first_words)[0]["text"] == notice
    stack.say(forgotten, "what is CRS?")
    assert stack.say(kept, "hello")[0]["text"] == notice
    stack.say(kept, "how much does it cost")
    before = events_by_sender(db)
    assert before[forgotten] > 0 and before[kept] > 0
    assert first_words in stored_text(db, forgotten)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "privacy.cli",
            "forget",
            "--sender",
            forgotten,
            "--db",
            str(db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert f"deleted 1 conversation ({before[forgotten]} events)" in done.stdout
    after = events_by_sender(db)
    assert forgotten not in after
    assert after[kept] == before[kept]
    for sender, count in before.items():  # other tests' conversations too
        if sender != forgotten:
            assert after.get(sender) == count, sender

    # The forgotten sender starts again from nothing: a fresh conversation.
    again = stack.say(forgotten, "what is CRS?")
    assert again[0]["text"] == notice
    assert first_words not in stored_text(db, forgotten)
    # The other one carries on where it was: no new notice.
    assert stack.say(kept, "which cancers does it work for")[0]["text"] != notice
