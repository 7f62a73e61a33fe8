"""Store-neutral reporting of failed conversation reads and saves.

Rasa wraps every tracker store in a FailSafeTrackerStore: a failed `retrieve`
returns None (the turn starts from an empty conversation) and a failed `save`
goes to an in-memory store, so a message is answered as if nothing had gone
wrong and the turn is lost. The two sides meet here, and only here:

- a channel watches one message: `with watch_store() as health: ...`, then
  answers "having trouble" (503) if `health.failed` (the REST channel); the
  Telegram, SMS and Messenger connectors watch too, for the guard below;
- a tracker store built on `storage.sql_tracker_store.ReportsStoreFailures`
  reports every failed read
  or save to the watch of the message being handled. After a failed read in a
  watch it refuses to save in the same turn (the turn would be based on an empty
  conversation), so a failed turn stores nothing.

The channel imports this module, never a store; any store (SQLite, PostgreSQL)
reports through it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass


class StoreUnavailable(Exception):
    """The conversation could not be read or saved."""


@dataclass
class StoreHealth:
    """What happened to the tracker store while one message was handled."""

    failed: bool = False


# A mutable object rather than a flag, so a report made in a task that copied
# the context still reaches the channel's watch.
_current: contextvars.ContextVar[StoreHealth | None] = contextvars.ContextVar(
    "store_health", default=None
)


@contextlib.contextmanager
def watch_store() -> Iterator[StoreHealth]:
    """Collect store failures of the message handled inside the block."""
    health = StoreHealth()
    token = _current.set(health)
    try:
        yield health
    finally:
        _current.reset(token)


def report_store_failure() -> None:
    """Mark the message being handled as failed (nothing outside a watch)."""
    health = _current.get()
    if health is not None:
        health.failed = True


def store_failed_in_this_message() -> bool:
    health = _current.get()
    return health is not None and health.failed
