"""privacy.retention against real tracker stores written by Rasa's SQLTrackerStore."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from privacy.retention import (
    MAX_DAYS,
    DatabaseMissing,
    Deleted,
    NotATrackerStore,
    RetentionError,
    forget_sender,
    purge_older_than,
    tracker_store_url,
)
from tests.privacy.conftest import (
    NOW,
    TEXT_MARKER,
    Conversations,
    StoreFactory,
    events_by_sender,
    save_conversations,
)

MINUTE = 1 / 1440  # in days

PURGE_CASES = [
    # id, conversations (ages of events, in days), --days, senders deleted
    ("old conversation is deleted", {"old": [40, 39.9, 39.9]}, 30, {"old"}),
    ("recent conversation is kept", {"new": [3, 2.9]}, 30, set()),
    (
        "old start but recent end is kept whole",
        {"long": [90, 60, 45, 1]},
        30,
        set(),
    ),
    (
        "mixed senders: only the idle ones go",
        {
            "old": [45, 44.9],
            "new": [5],
            "long": [200, 10],
            "ancient": [400, 399, 398],
        },
        30,
        {"old", "ancient"},
    ),
    (
        "a minute either side of the limit",
        {"over": [30 + MINUTE], "under": [30 - MINUTE]},
        30,
        {"over"},
    ),
    ("one day", {"yesterday": [1.5, 1.2], "today": [0.1]}, 1, {"yesterday"}),
    ("empty store", {}, 30, set()),
]


def expected(conversations: Conversations, deleted: set[str]) -> Deleted:
    return Deleted(
        conversations=len(deleted),
        events=sum(len(conversations[sender]) for sender in deleted),
    )


@pytest.mark.parametrize(
    "conversations, days, deleted",
    [case[1:] for case in PURGE_CASES],
    ids=[case[0] for case in PURGE_CASES],
)
async def test_purge_deletes_whole_conversations_idle_for_days(
    make_store: StoreFactory, conversations: Conversations, days: int, deleted: set[str]
):
    path = await make_store(conversations)

    result = purge_older_than(path, days, now=NOW)

    assert result == expected(conversations, deleted)
    assert events_by_sender(path) == {
        sender: len(ages)
        for sender, ages in conversations.items()
        if sender not in deleted
    }


@pytest.mark.parametrize(
    "conversations, days, deleted",
    [case[1:] for case in PURGE_CASES],
    ids=[case[0] for case in PURGE_CASES],
)
async def test_purge_dry_run_counts_but_deletes_nothing(
    make_store: StoreFactory, conversations: Conversations, days: int, deleted: set[str]
):
    path = await make_store(conversations)
    before = events_by_sender(path)

    result = purge_older_than(path, days, now=NOW, dry_run=True)

    assert result == expected(conversations, deleted)
    assert events_by_sender(path) == before


async def test_rasa_still_reads_the_kept_conversations_after_a_purge(
    make_store: StoreFactory, tmp_path: Path
):
    path = await make_store({"old": [50, 49], "long": [90, 60, 2, 1]})

    purge_older_than(path, 30, now=NOW)

    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
    try:
        assert set(await store.keys()) == {"long"}
        tracker = await store.retrieve_full_tracker("long")
        assert tracker is not None and len(tracker.events) == 4
        assert await store.retrieve("old") is None
    finally:
        store.engine.dispose()


FORGET_STORE: dict[str, list] = {
    "alice": [3, 2, 1],
    "bob": [5, 4],
    "bob-2": [5, 4],
    "BOB2": [1],
    "x' OR '1'='1": [1],
    "+15551230000": [2, 1],
}

FORGET_CASES = [
    # id, sender to forget, senders deleted
    ("one sender gone, others intact", "bob", {"bob"}),
    ("phone number sender (SMS)", "+15551230000", {"+15551230000"}),
    ("quotes are data, not SQL", "x' OR '1'='1", {"x' OR '1'='1"}),
    ("unknown sender deletes nothing", "nobody", set()),
    ("exact match only, not a prefix", "bob-", set()),
    ("no wildcards", "bob%", set()),
    ("case-sensitive", "ALICE", set()),
]


@pytest.mark.parametrize(
    "sender, deleted",
    [case[1:] for case in FORGET_CASES],
    ids=[case[0] for case in FORGET_CASES],
)
async def test_forget_deletes_exactly_one_senders_events(
    make_store: StoreFactory, sender: str, deleted: set[str]
):
    path = await make_store(FORGET_STORE)

    result = forget_sender(path, sender)

    assert result == expected(FORGET_STORE, deleted)
    assert events_by_sender(path) == {
        name: len(ages) for name, ages in FORGET_STORE.items() if name not in deleted
    }


async def test_forget_dry_run_deletes_nothing(make_store: StoreFactory):
    path = await make_store(FORGET_STORE)

    assert forget_sender(path, "alice", dry_run=True) == Deleted(1, 3)
    assert events_by_sender(path) == {s: len(a) for s, a in FORGET_STORE.items()}


async def test_accepts_an_engine_a_url_or_a_path(make_store: StoreFactory):
    path = await make_store({"a": [40], "b": [40], "c": [40], "d": [1]})
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        assert forget_sender(engine, "a") == Deleted(1, 1)
    finally:
        engine.dispose()
    assert forget_sender(f"sqlite:///{path}", "b") == Deleted(1, 1)
    assert forget_sender(str(path), "c") == Deleted(1, 1)
    assert events_by_sender(path) == {"d": 1}


async def test_waits_for_a_writer_holding_the_lock(make_store: StoreFactory):
    """Like the Rasa server saving a tracker at that moment: wait, then delete."""
    path = await make_store({"old": [40], "new": [1]})
    writer = sqlite3.connect(path, timeout=5, check_same_thread=False)
    writer.isolation_level = None
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO events (sender_id, type_name, timestamp) VALUES ('new', 'user', ?)",
        (NOW,),
    )
    release = threading.Timer(1.0, lambda: writer.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    try:
        assert purge_older_than(path, 30, now=NOW) == Deleted(1, 1)
    finally:
        release.join()
        writer.close()
    assert time.monotonic() - started >= 0.9
    assert events_by_sender(path) == {"new": 2}


# --- bad input: nothing is created, nothing is deleted -----------------------


@pytest.mark.parametrize(
    "days", [0, -1, -30, 1.5, "30", None, True, MAX_DAYS + 1], ids=repr
)
async def test_purge_rejects_days_that_are_not_a_positive_whole_number(
    make_store: StoreFactory, days
):
    path = await make_store({"old": [400]})
    with pytest.raises(ValueError, match="days"):
        purge_older_than(path, days, now=NOW)
    assert events_by_sender(path) == {"old": 1}


@pytest.mark.parametrize("sender", ["", "   ", "\t\n", None], ids=repr)
async def test_forget_rejects_an_empty_sender(make_store: StoreFactory, sender):
    path = await make_store({"alice": [1]})
    with pytest.raises(ValueError, match="sender"):
        forget_sender(path, sender)
    assert events_by_sender(path) == {"alice": 1}


@pytest.mark.parametrize(
    "as_given", [str, Path, lambda p: f"sqlite:///{p}"], ids=["str", "Path", "URL"]
)
def test_a_missing_database_is_an_error_and_is_not_created(tmp_path: Path, as_given):
    missing = tmp_path / "var" / "conversations.db"
    with pytest.raises(DatabaseMissing):
        purge_older_than(as_given(missing), 30)
    with pytest.raises(DatabaseMissing):
        forget_sender(as_given(missing), "alice")
    assert not missing.exists() and not missing.parent.exists()


def test_a_database_without_events_is_not_a_tracker_store(tmp_path: Path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (sender_id TEXT, timestamp REAL)")
        db.execute("INSERT INTO notes VALUES ('alice', 0)")
    with pytest.raises(NotATrackerStore):
        purge_older_than(path, 1)
    with pytest.raises(NotATrackerStore):
        forget_sender(path, "alice")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM notes").fetchone() == (1,)
        tables = db.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]


# --- the database of an endpoints file, as the Rasa server finds it -------------

ROOT = Path(__file__).resolve().parents[2]


async def test_endpoints_yml_gives_the_sqlite_file_of_tracker_db(
    make_store: StoreFactory, monkeypatch
):
    path = await make_store({"old": [400], "new": [1]})
    monkeypatch.setenv("TRACKER_DB", str(path))
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:1/webhook")

    url = tracker_store_url(ROOT / "endpoints.yml")

    assert sa.engine.make_url(url).database == str(path)
    assert purge_older_than(url, 30, now=NOW) == Deleted(1, 1)


@pytest.mark.parametrize(
    "content, message",
    [
        ("action_endpoint:\n  url: http://x\n", "no tracker store"),
        ("tracker_store:\n  type: redis\n  url: localhost\n", "not an SQL one"),
        ("tracker_store:\n  type: no.such.Store\n", "not an SQL one"),
        (
            "tracker_store:\n  type: SQL\n  db: ${PRIVACY_UNSET_VARIABLE}\n",
            "cannot read",
        ),
        ("tracker_store:\n  type: SQL\n  port: abc\n", "port"),
    ],
    ids=["none", "redis", "unknown class", "unset variable", "bad port"],
)
def test_endpoints_without_an_sql_tracker_store_are_refused(
    tmp_path: Path, monkeypatch, content, message
):
    monkeypatch.delenv("PRIVACY_UNSET_VARIABLE", raising=False)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(content)
    with pytest.raises(RetentionError, match=message):
        tracker_store_url(endpoints)


def test_a_missing_endpoints_file_is_refused(tmp_path: Path):
    with pytest.raises(RetentionError, match="no endpoints file"):
        tracker_store_url(tmp_path / "nope.yml")


def test_sql_endpoints_keep_host_port_database_user_and_query(tmp_path: Path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: db.internal\n"
        "  port: 5433\n  db: rasa\n  username: rasa\n  password: pw\n"
        "  query:\n    sslmode: require\n"
    )
    url = sa.engine.make_url(tracker_store_url(endpoints))
    assert url.render_as_string(hide_password=False) == (
        "postgresql://rasa:pw@db.internal:5433/rasa?sslmode=require"
    )


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
async def test_deleted_text_does_not_linger_in_the_files(
    make_store: StoreFactory, journal_mode: str
):
    """Like the server's store (WAL, storage/sqlite_tracker_store.py), with a reader."""
    path = await make_store({"keep": [1]})
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA journal_mode = {journal_mode}")
    secret = b"gone-7f3k2"
    await save_conversations(path, {"forget-me": [2, 2, 1], "old": [60, 59]})
    server = sqlite3.connect(path)  # an idle connection, as the server keeps
    server.execute("SELECT COUNT(*) FROM events").fetchall()
    for sender in ("forget-me", "old"):
        with sqlite3.connect(path) as db:
            db.execute(
                "UPDATE events SET data = replace(data, ?, ?) WHERE sender_id = ?",
                (TEXT_MARKER, secret.decode(), sender),
            )

    try:
        assert forget_sender(path, "forget-me") == Deleted(1, 3)
        assert purge_older_than(path, 30, now=NOW) == Deleted(1, 2)
    finally:
        server.close()

    files = sorted(path.parent.glob(path.name + "*"))
    assert secret not in b"".join(file.read_bytes() for file in files)
    assert TEXT_MARKER.encode() in path.read_bytes()  # "keep" is still there
