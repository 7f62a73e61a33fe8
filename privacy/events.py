"""Read events from Rasa's SQL tracker store (read only), for export and reports.

Rows come in store order (``id``), each with its parsed ``data`` JSON. Nothing
is written, no table is created; an SQLite file must already exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import sqlalchemy as sa
from sqlalchemy.engine import URL

from privacy.retention import EVENTS_TABLE, NotATrackerStore, open_engine

DbRef: TypeAlias = URL | str | Path
CHUNK_ROWS = 500

events_table = sa.table(
    EVENTS_TABLE,
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("timestamp", sa.Float),
    sa.column("intent_name", sa.String),
    sa.column("action_name", sa.String),
    sa.column("data", sa.Text),
)


@dataclass(frozen=True)
class StoredEvent:
    sender_id: str
    type_name: str
    timestamp: float
    intent_name: str | None
    action_name: str | None
    data: dict[str, Any]


def parse_data(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def read_events(
    db: DbRef,
    *,
    sender: str | None = None,
    since: float | None = None,
    on_total: Callable[[int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> Iterator[StoredEvent]:
    """Every stored event (of one sender, and/or from `since` on), oldest first.

    ``on_total(n)`` is called once with the number of rows, ``on_rows(k)`` after
    each chunk of k rows read: hooks for a progress bar.
    """
    where = []
    if sender is not None:
        where.append(events_table.c.sender_id == sender)
    if since is not None:
        where.append(events_table.c.timestamp >= since)
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table(EVENTS_TABLE):
                raise NotATrackerStore("the database has no events table")
            if on_total is not None:
                count = sa.select(sa.func.count()).select_from(events_table)
                on_total(int(conn.execute(count.where(*where)).scalar() or 0))
            query = sa.select(events_table).where(*where).order_by(events_table.c.id)
            last_id = -1
            while True:
                chunk = conn.execute(
                    query.where(events_table.c.id > last_id).limit(CHUNK_ROWS)
                ).fetchall()
                if not chunk:
                    break
                last_id = chunk[-1].id
                for row in chunk:
                    yield StoredEvent(
                        sender_id=row.sender_id,
                        type_name=row.type_name,
                        timestamp=float(row.timestamp or 0.0),
                        intent_name=row.intent_name,
                        action_name=row.action_name,
                        data=parse_data(row.data),
                    )
                if on_rows is not None:
                    on_rows(len(chunk))
    finally:
        engine.dispose()
