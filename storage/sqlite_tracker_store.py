"""Rasa's SQL tracker store on SQLite, set up for a server that writes concurrently.

- WAL journal and a busy timeout, so a reader (a purge, a backup) or a second
  writer waits instead of failing with "database is locked";
- the folder of the database file is created if missing;
- a failed read or write is logged as an error with the sender's id (never
  the text) and reported to the request that caused it (storage/failures.py),
  so the channel can tell the user instead of silently carrying on in memory:
  Rasa wraps every tracker store in a FailSafeTrackerStore that falls back to
  an in-memory store on errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from storage.sql_tracker_store import ReportsStoreFailures

BUSY_TIMEOUT_MS = 10_000


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


class SQLiteTrackerStore(ReportsStoreFailures):
    """SQLTrackerStore for SQLite with WAL, a busy timeout and reported failures."""

    def __init__(self, db: str = "var/conversations.db", **kwargs: Any) -> None:
        kwargs["dialect"] = "sqlite"
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        super().__init__(db=db, **kwargs)
        event.listen(self.engine, "connect", _set_pragmas)
        with self.engine.connect() as connection:  # apply to the file now
            _use_wal(connection.connection)
