"""Rasa's SQL tracker store on SQLite, set up for a server that writes concurrently.

- WAL journal and a busy timeout, so a reader (a purge, a backup) or a second
  writer waits instead of failing with "database is locked";
- the folder of the database file is created if missing;
- a failed write is logged as an error with the sender's id (never the text)
  and flagged for the request that caused it (`store_failed`), so the
  channel can tell the user instead of silently carrying on in memory: Rasa
  wraps every tracker store in a FailSafeTrackerStore that falls back to an
  in-memory store on errors.
"""

from __future__ import annotations

import contextvars
import logging
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_store_failed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tracker_store_failed", default=False
)


def reset_failure_flag() -> None:
    _store_failed.set(False)


def store_failed() -> bool:
    """True when reading or saving a tracker failed in the current request."""
    return _store_failed.get()


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per-connection settings (SQLAlchemy opens a connection per session here)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _use_wal(dbapi_connection: Any) -> None:
    """WAL is a property of the database file: set once, it stays."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


class SQLiteTrackerStore(SQLTrackerStore):
    """SQLTrackerStore for SQLite with WAL, a busy timeout and loud write errors."""

    def __init__(self, db: Text = "var/conversations.db", **kwargs: Any) -> None:
        kwargs["dialect"] = "sqlite"
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        super().__init__(db=db, **kwargs)
        event.listen(self.engine, "connect", _set_pragmas)
        with self.engine.connect() as connection:  # apply to the file now
            _use_wal(connection.connection)

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            await super().save(tracker)
        except Exception:
            _store_failed.set(True)
            logger.error(
                "Could not save the conversation of sender '%s' to the SQLite "
                "tracker store.",
                tracker.sender_id,
                exc_info=True,
            )
            raise

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except Exception:
            _store_failed.set(True)
            logger.error(
                "Could not read the conversation of sender '%s' from the SQLite "
                "tracker store.",
                sender_id,
                exc_info=True,
            )
            raise
