"""Rasa's SQL tracker store, reporting failed reads and saves (storage/failures.py).

endpoints.prod.yml uses `ReportingSQLTrackerStore` for PostgreSQL; the SQLite
store of endpoints.yml (storage/sqlite_tracker_store.py) builds on the same
`ReportsStoreFailures`.
"""

from __future__ import annotations

import contextlib
import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from storage.failures import (
    StoreUnavailable,
    report_store_failure,
    store_failed_in_this_message,
)

logger = logging.getLogger(__name__)


class ReportsStoreFailures(SQLTrackerStore):
    """Rasa's SQL tracker store that reports failures and logs them loudly.

    Errors are logged with the sender's id and the database's own error message,
    without a traceback: SQLAlchemy's message and traceback carry the statement's
    parameters, i.e. the conversation's text. A `StoreUnavailable` with that
    summary is raised instead, for Rasa's FailSafeTrackerStore to catch. After a
    failure the connection pool is emptied, so a database that comes back is
    used again at once (no stale connections).
    """

    def _failed(
        self, action: str, sender_id: str, error: Exception
    ) -> StoreUnavailable:
        """Report, log and empty the pool; the error to raise instead of `error`."""
        report_store_failure()
        cause = getattr(error, "orig", None) or error  # the DBAPI error, no SQL
        summary = (
            f"could not {action} the conversation of sender '{sender_id}' "
            f"({self.engine.dialect.name} tracker store): {type(cause).__name__}: "
            f"{(str(cause).strip().splitlines() or [''])[0][:200]}"
        )
        logger.error(summary[0].upper() + summary[1:])
        with contextlib.suppress(Exception):
            self.engine.dispose()
        return StoreUnavailable(summary)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if store_failed_in_this_message():
            # The turn started from a failed read: saving it could store a
            # conversation without its history. Store nothing instead.
            raise StoreUnavailable(
                f"not saving sender '{tracker.sender_id}': its read failed"
            )
        try:
            await super().save(tracker)
        except Exception as error:
            # Raised without the original: Rasa logs it, and SQLAlchemy's
            # message and traceback carry the statement's parameters.
            raise self._failed("save", tracker.sender_id, error) from None

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        try:
            return await super().retrieve(sender_id)
        except Exception as error:
            raise self._failed("read", sender_id, error) from None

    async def retrieve_full_tracker(
        self, sender_id: str
    ) -> DialogueStateTracker | None:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception as error:
            raise self._failed("read", sender_id, error) from None


class ReportingSQLTrackerStore(ReportsStoreFailures):
    """Rasa's `type: SQL` store (PostgreSQL in endpoints.prod.yml), reporting failures."""
