"""Rasa's SQL tracker store, reporting failed reads and saves (storage/failures.py).

endpoints.prod.yml uses `ReportingSQLTrackerStore` for PostgreSQL; the SQLite
store of endpoints.yml (storage/sqlite_tracker_store.py) builds on the same
`ReportsStoreFailures`.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Optional, Text

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

    Errors are logged with the sender's id, never the conversation's text, then
    raised for Rasa's FailSafeTrackerStore as before. After a failure the
    connection pool is emptied, so a database that comes back is used again
    at once (no stale connections).
    """

    def _failed(self, action: str, sender_id: Text) -> None:
        report_store_failure()
        logger.error(
            "Could not %s the conversation of sender '%s' (%s tracker store).",
            action,
            sender_id,
            self.engine.dialect.name,
            exc_info=True,
        )
        with contextlib.suppress(Exception):
            self.engine.dispose()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if store_failed_in_this_message():
            # The turn started from a failed read: saving it could store a
            # conversation without its history. Store nothing instead.
            raise StoreUnavailable(
                f"not saving sender '{tracker.sender_id}': its read failed"
            )
        try:
            await super().save(tracker)
        except Exception:
            self._failed("save", tracker.sender_id)
            raise

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except Exception:
            self._failed("read", sender_id)
            raise

    async def retrieve_full_tracker(
        self, sender_id: Text
    ) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except Exception:
            self._failed("read", sender_id)
            raise


class ReportingSQLTrackerStore(ReportsStoreFailures):
    """Rasa's `type: SQL` store (PostgreSQL in endpoints.prod.yml), reporting failures."""
