"""Delete conversations from Rasa's SQL tracker store: by age, or one sender's.

Rasa's ``SQLTrackerStore`` keeps one row per event in the table ``events``
(``id, sender_id, type_name, timestamp, intent_name, action_name, data``); a
conversation is all the rows of one ``sender_id``.

Retention works on whole conversations: a conversation is deleted when its LAST
event is older than the cut-off, and then all of its events go. A conversation
that is still in use keeps its older events, so the bot never sees half a
history (slots set early on, the walk-through position, the session start).

Only rows of ``events`` are ever deleted; the functions never create a database,
a table or a row, and never read the ``data`` column (the message text). They
are safe to run while the Rasa server is running:

* on SQLite each call is one ``BEGIN IMMEDIATE`` transaction (it takes the
  write lock first, so nothing is written between counting and deleting) with
  a busy timeout, so it waits for the server's short writes instead of failing;
* on other databases (PostgreSQL) each call is one transaction and the
  ``DELETE`` re-checks its condition itself.

On SQLite the deleted rows are also overwritten with zeros (``secure_delete``)
and the write-ahead log is emptied afterwards, so no copy of the deleted text
stays in the database files.

One race remains, inherent to Rasa: if a sender's message is being processed at
the very moment that sender is deleted, Rasa saves the events of its current
session again when it finishes that message. Forget a person when they are not
chatting (or run ``forget`` again afterwards).
"""

from __future__ import annotations

import os
import sqlite3
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.selectable import Subquery

SECONDS_PER_DAY = 86_400
MAX_DAYS = 100 * 366  # a century: more is surely a typo
BUSY_TIMEOUT_SECONDS = 30.0
EVENTS_TABLE = "events"
POSTGRESQL_SCHEMA = "POSTGRESQL_SCHEMA"  # Rasa's variable for a non-default schema

# Only the columns the retention queries need; `data` (the text) is never read.
events = sa.table(
    EVENTS_TABLE,
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("timestamp", sa.Float),
)

DatabaseRef: TypeAlias = Engine | URL | str | Path
"""An SQLAlchemy engine, an SQLAlchemy URL (object or string with ``://``), or
the path of an SQLite file."""


class RetentionError(Exception):
    """A problem with the database (not with the arguments)."""


class DatabaseMissing(RetentionError):
    """The SQLite file does not exist (it is never created)."""


class NotATrackerStore(RetentionError):
    """The database has no ``events`` table: it is not Rasa's SQL tracker store."""


@dataclass(frozen=True)
class Deleted:
    """How much was deleted (or, in a dry run, would be deleted)."""

    conversations: int
    events: int


def check_days(days: object) -> int:
    """Return ``days`` if it is a whole number in 1..MAX_DAYS, else raise ValueError."""
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be a positive whole number, not {days!r}")
    if days > MAX_DAYS:
        raise ValueError(f"days must be at most {MAX_DAYS} (a century), not {days}")
    return days


def check_sender(sender_id: object) -> str:
    """Return ``sender_id`` if it is a non-blank string, else raise ``ValueError``."""
    if not isinstance(sender_id, str) or not sender_id.strip():
        raise ValueError("the sender id must not be empty")
    return sender_id


def sqlite_engine(
    path: str | Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS
) -> Engine:
    """An engine on an EXISTING SQLite file, opened read-write (never created)."""
    file = Path(path)
    if not file.is_file():
        raise DatabaseMissing(f"no tracker store database at {file}")
    uri = file.resolve().as_uri() + "?mode=rw"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=busy_timeout)

    return sa.create_engine("sqlite://", creator=connect, poolclass=NullPool)


def open_engine(db: URL | str | Path) -> Engine:
    """An engine for a URL or an SQLite path; SQLite files must already exist."""
    if isinstance(db, Path) or (isinstance(db, str) and "://" not in db):
        return sqlite_engine(db)
    url = sa.engine.make_url(db)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            return sa.create_engine(url)
        return sqlite_engine(database)
    if url.get_backend_name() == "postgresql" and os.environ.get(POSTGRESQL_SCHEMA):
        # The schema the Rasa server uses too (Rasa reads the same variable).
        search_path = f"-csearch_path={os.environ[POSTGRESQL_SCHEMA]}"
        return sa.create_engine(url, connect_args={"options": search_path})
    return sa.create_engine(url)


def tracker_store_url(endpoints_file: str | Path) -> URL | str:
    """The database of the SQL tracker store in an endpoints file, as Rasa builds it.

    Reads ``tracker_store`` the way ``rasa run --endpoints`` does (``${VAR}`` taken
    from the environment), so the password stays in the environment, not on a
    command line. Works for ``type: SQL`` and for subclasses of Rasa's
    SQLTrackerStore given by module path (keyword arguments as Rasa's).
    """
    with warnings.catch_warnings():  # Rasa's import-time deprecation noise
        warnings.simplefilter("ignore")
        os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
        from rasa.core.tracker_store import SQLTrackerStore, validate_port
        from rasa.shared.utils.common import class_from_module_path
        from rasa.utils.endpoints import read_endpoint_config

    file = Path(endpoints_file)
    if not file.is_file():
        raise RetentionError(f"no endpoints file at {file}")
    try:
        config = read_endpoint_config(str(file), "tracker_store")
    except Exception as error:  # e.g. a ${VAR} that is not set
        raise RetentionError(f"cannot read {file}: {error}") from None
    if config is None or not config.type:
        raise RetentionError(f"{file} configures no tracker store (in memory)")
    if config.type.lower() != "sql":
        try:
            store_class = class_from_module_path(config.type)
        except (AttributeError, ImportError):
            store_class = None
        if not (
            isinstance(store_class, type) and issubclass(store_class, SQLTrackerStore)
        ):
            raise RetentionError(
                f"the tracker store in {file} ({config.type}) is not an SQL one"
            )
    options = config.kwargs
    try:
        port = validate_port(options.get("port"))
    except Exception:
        raise RetentionError(
            f"the tracker store port in {file} is not a number"
        ) from None
    with warnings.catch_warnings():  # "Calling URL() directly is deprecated"
        warnings.simplefilter("ignore")
        return SQLTrackerStore.get_db_url(
            dialect=options.get("dialect") or "sqlite",
            host=config.url,
            port=port,
            db=options.get("db") or "rasa.db",
            username=options.get("username"),
            password=options.get("password"),
            login_db=None,  # the conversations are in `db`
            query=options.get("query"),
        )


@contextmanager
def _engine(db: DatabaseRef) -> Iterator[Engine]:
    """Use the caller's engine as is, or open (and afterwards dispose) our own."""
    if isinstance(db, Engine):
        yield db
        return
    engine = open_engine(db)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _transaction(
    db: DatabaseRef, dry_run: bool, busy_timeout: float = BUSY_TIMEOUT_SECONDS
) -> Iterator[Connection]:
    """One write transaction; rolled back on error or in a dry run.

    On SQLite, deleted rows are overwritten with zeros (``secure_delete``) and,
    after the commit, the write-ahead log is checkpointed and emptied, so the
    deleted text does not linger in the file or in ``<db>-wal``.
    """
    with _engine(db) as engine, engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        transaction = conn.begin()
        try:
            if sqlite:
                conn.exec_driver_sql(
                    f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}"
                )
                conn.exec_driver_sql("PRAGMA secure_delete = ON")
                # Take the write lock now, not at the first DELETE.
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            if not sa.inspect(conn).has_table(EVENTS_TABLE):
                raise NotATrackerStore(
                    f"the database has no table '{EVENTS_TABLE}': "
                    "it is not a Rasa SQL tracker store"
                )
            yield conn
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
            return
        transaction.commit()
        if sqlite:
            # Best effort: a reader in the middle of a query keeps old pages in
            # the WAL until the server's next checkpoint. The deletion is done.
            try:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except sa.exc.DBAPIError:
                pass


def _delete_senders(conn: Connection, senders: Subquery, dry_run: bool) -> Deleted:
    """Count, then (unless ``dry_run``) delete, every event of ``senders``."""
    sender_ids = sa.select(senders.c.sender_id)
    conversations = conn.execute(
        sa.select(sa.func.count()).select_from(senders)
    ).scalar_one()
    count = conn.execute(
        sa.select(sa.func.count())
        .select_from(events)
        .where(events.c.sender_id.in_(sender_ids))
    ).scalar_one()
    if not dry_run and count:
        result = conn.execute(events.delete().where(events.c.sender_id.in_(sender_ids)))
        if result.rowcount is not None and result.rowcount >= 0:
            count = result.rowcount
    return Deleted(conversations=int(conversations), events=int(count))


def cutoff_timestamp(days: int, now: float | None = None) -> float:
    """Unix time ``days`` days before ``now`` (default: the current time)."""
    return (time.time() if now is None else now) - check_days(days) * SECONDS_PER_DAY


def purge_older_than(
    db: DatabaseRef, days: int, *, now: float | None = None, dry_run: bool = False
) -> Deleted:
    """Delete every conversation whose last event is more than ``days`` days old.

    A conversation is deleted whole (all its events) or kept whole. ``now``
    (unix seconds) is for tests; ``dry_run`` counts without deleting.
    """
    cutoff = cutoff_timestamp(days, now)
    stale = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
        .subquery("stale")
    )
    with _transaction(db, dry_run) as conn:
        return _delete_senders(conn, stale, dry_run)


def forget_sender(db: DatabaseRef, sender_id: str, *, dry_run: bool = False) -> Deleted:
    """Delete every event of one sender (exact match); others are untouched."""
    check_sender(sender_id)
    wanted = (
        sa.select(events.c.sender_id)
        .where(events.c.sender_id == sender_id)
        .distinct()
        .subquery("wanted")
    )
    with _transaction(db, dry_run) as conn:
        return _delete_senders(conn, wanted, dry_run)
