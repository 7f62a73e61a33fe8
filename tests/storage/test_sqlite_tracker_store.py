"""The SQLite tracker store: WAL, busy timeout, loud failures (storage/sqlite_tracker_store.py)."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from channels.rest import GuardedRestInput, RestMessage
from storage.failures import StoreUnavailable, report_store_failure, watch_store
from storage.sqlite_tracker_store import BUSY_TIMEOUT_MS, SQLiteTrackerStore

SECRET_TEXT = "my dad has a fever zq81xk"


def tracker(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(SECRET_TEXT)])


def make_store(path: Path) -> SQLiteTrackerStore:
    return SQLiteTrackerStore(db=str(path), domain=Domain.empty())


def test_the_folder_is_created_and_wal_is_on(tmp_path: Path):
    path = tmp_path / "new" / "folder" / "conversations.db"
    store = make_store(path)
    assert path.exists()
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert (
            connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            == BUSY_TIMEOUT_MS
        )


async def test_conversations_survive_a_new_store_on_the_same_file(tmp_path: Path):
    path = tmp_path / "conversations.db"
    await make_store(path).save(tracker("alice"))
    again = await make_store(path).retrieve("alice")
    assert again is not None and again.latest_message.text == SECRET_TEXT


async def test_a_failed_write_is_logged_reported_and_raised(tmp_path: Path, caplog):
    path = tmp_path / "conversations.db"
    store = make_store(path)
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE events")
    with (
        watch_store() as health,
        caplog.at_level(logging.ERROR),
        pytest.raises(StoreUnavailable, match="no such table") as raised,
    ):
        await store.save(tracker("bob"))
    assert SECRET_TEXT not in str(raised.value)  # Rasa logs it
    assert health.failed
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and "bob" in errors[0].getMessage()
    assert all(SECRET_TEXT not in r.getMessage() for r in caplog.records)
    assert all(not r.exc_info for r in caplog.records)  # tracebacks carry the SQL


async def test_a_failed_read_is_reported_and_the_turn_is_not_saved(tmp_path: Path):
    path = tmp_path / "conversations.db"
    store = make_store(path)
    await store.save(tracker("carol"))
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE events RENAME TO moved")
    with watch_store() as health:
        with pytest.raises(StoreUnavailable):
            await store.retrieve("carol")
        with pytest.raises(StoreUnavailable):
            await store.save(tracker("carol"))
    assert health.failed
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE moved RENAME TO events")
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone() == (1,)
    with watch_store() as health:  # a new message: the store works again
        await store.save(tracker("dave"))
    assert not health.failed


def test_a_report_outside_a_watch_changes_nothing():
    report_store_failure()
    with watch_store() as health:
        assert not health.failed


def fake_request() -> Any:
    domain = SimpleNamespace(
        responses={"utter_trouble": [{"text": "I'm having trouble."}]}
    )
    return SimpleNamespace(
        app=SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=domain)))
    )


async def test_rest_answers_503_when_the_store_failed():
    async def failing_store(message: Any) -> None:
        report_store_failure()

    reply = await GuardedRestInput()._answer(
        fake_request(), RestMessage("u", "hi", None), failing_store
    )
    assert reply.status == 503
    assert json.loads(reply.body) == [
        {"recipient_id": "u", "text": "I'm having trouble."}
    ]


async def test_rest_answers_the_trouble_text_when_no_reply_came():
    async def silent_bot(message: Any) -> None:
        return None

    reply = await GuardedRestInput()._answer(
        fake_request(), RestMessage("u", "next", None), silent_bot
    )
    assert reply.status == 200
    assert json.loads(reply.body)[0]["text"] == "I'm having trouble."


async def test_rest_answers_503_when_handling_raises():
    async def broken(message: Any) -> None:
        raise RuntimeError("database is locked")

    reply = await GuardedRestInput()._answer(
        fake_request(), RestMessage("u", "hi", None), broken
    )
    assert reply.status == 503
