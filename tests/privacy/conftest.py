"""Real Rasa SQL tracker stores (SQLite) with conversations at chosen times."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Awaitable, Callable
from contextlib import closing
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

DAY = 86_400.0
NOW = 1_750_000_000.0  # a fixed "now" (June 2025), so ages are exact
TEXT_MARKER = "pz7private"  # in every stored message: must never be printed

Conversations = dict[str, list[float]]
"""sender id -> the age, in days before NOW, of each of its events (oldest first)."""

StoreFactory = Callable[..., Awaitable[Path]]


def conversation_events(ages: list[float], now: float = NOW) -> list[Event]:
    """A user message and the bot's reply, alternately, ``ages`` days before ``now``."""
    events: list[Event] = []
    for index, age in enumerate(ages):
        text = f"{TEXT_MARKER} message {index}: my dad has a fever"
        timestamp = now - age * DAY
        if index % 2 == 0:
            events.append(
                UserUttered(text, intent={"name": "greet"}, timestamp=timestamp)
            )
        else:
            events.append(BotUttered(text, timestamp=timestamp))
    return events


async def save_conversations(
    path: Path, conversations: Conversations, now: float = NOW
) -> None:
    """Save each conversation with Rasa's own SQLTrackerStore (creates the file)."""
    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
    try:
        for sender, ages in conversations.items():
            tracker = DialogueStateTracker.from_events(
                sender, conversation_events(ages, now)
            )
            await store.save(tracker)
    finally:
        store.engine.dispose()


@pytest.fixture
def make_store(tmp_path: Path) -> StoreFactory:
    """`await make_store({"alice": [40, 39.9], ...}, now=...)` -> a new store's path."""

    async def build(conversations: Conversations, now: float = NOW) -> Path:
        path = tmp_path / "conversations.db"
        await save_conversations(path, conversations, now)
        return path

    return build


def events_by_sender(path: Path) -> dict[str, int]:
    """How many rows each sender has in the `events` table (read-only)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as db:
        rows = db.execute(
            "SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id"
        ).fetchall()
    return {sender: count for sender, count in rows}


ROOT = Path(__file__).resolve().parents[2]
MAKE_VARIABLES = ("DAYS", "SENDER", "DRY_RUN", "MAKEFLAGS", "MAKELEVEL")


def run_make(*arguments: str) -> subprocess.CompletedProcess:
    """Run `make ARGUMENTS` in the project as a user would, without this run's make variables."""
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARIABLES}
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "-C", str(ROOT), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
