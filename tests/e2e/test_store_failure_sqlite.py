"""A failed read or save of the conversation, SQLite (endpoints.yml), through the server.

The real fault: the tracker store's folder is a small tmpfs the test mounts and then
remounts read-only, so no process (not even root) can write the database, and SQLite
in WAL mode cannot open it. The user gets the "having trouble" reply with a 503; once
the mount is writable again the conversation goes on, with nothing of the failed turn
stored, nothing earlier lost and nothing stored twice.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from site_settings.phrases import generic
from stack.servers import MODEL, Stack

Row = tuple[str, str]
FAILED_TURN = "how much does CAR T-cell therapy cost?"


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def ro_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Path]]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first.")
    folder = tmp_path_factory.mktemp("store-mount")
    try:
        mount("-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", str(folder))
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.fail(f"this test needs to mount a tmpfs (run as root): {error}")
    running = Stack(folder)
    try:
        running.start()
        yield running, folder
    finally:
        running.stop()
        subprocess.run(["umount", "-l", str(folder)], check=False, timeout=30)


def post(stack: Stack, sender: str, text: str) -> requests.Response:
    return requests.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=120,
    )


def stored(folder: Path, sender: str) -> list[Row]:
    # closing(): a connection left open holds the database (and its WAL) open
    # for writing, and the read-only remount then fails as "busy".
    with contextlib.closing(sqlite3.connect(folder / "conversations.db")) as db:
        return list(
            db.execute(
                "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id",
                (sender,),
            )
        )


def user_texts(rows: list[Row]) -> list[str]:
    return [json.loads(data).get("text") for kind, data in rows if kind == "user"]


def test_read_only_database_gives_503_then_the_conversation_goes_on(
    ro_stack: tuple[Stack, Path], domain
) -> None:
    stack, folder = ro_stack
    trouble = generic(domain["responses"]["utter_trouble"][0]["text"])
    user = f"ro-{uuid.uuid4().hex[:12]}"
    first = post(stack, user, "what is car t")
    assert first.status_code == 200
    before = stored(folder, user)
    assert user_texts(before) == ["what is car t"]

    mount("-o", "remount,ro", str(folder))
    try:
        failed = post(stack, user, FAILED_TURN)
        assert failed.status_code == 503
        assert failed.json() == [{"recipient_id": user, "text": trouble}]
    finally:
        mount("-o", "remount,rw", str(folder))

    assert stored(folder, user) == before  # the failed turn left nothing
    after = post(stack, user, "what is CRS?")
    assert after.status_code == 200
    assert "Cytokine release syndrome (CRS)" in after.text
    rows = stored(folder, user)
    assert rows[: len(before)] == before  # nothing earlier lost
    assert user_texts(rows) == ["what is car t", "what is CRS?"]
    assert len(set(rows)) == len(rows)  # nothing stored twice
