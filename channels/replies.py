"""Turn a user's reply back into the payload of a button the bot offered.

Some channels cannot carry a button's payload to the user and back: an SMS has
no buttons at all, and a Telegram button holds at most 64 bytes. Their
connectors send something shorter (a number, a reference) and look the payload
up again in the conversation's tracker when the reply comes in. The tracker is
read from the agent's tracker store, so this works across restarts and with
several Rasa processes, and nothing is kept in memory.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint

from storage.failures import watch_store

logger = logging.getLogger(__name__)

Button = dict[str, Any]

# "2", " 2 ", "2." or "2)" picks the second button.
_NUMBER_REPLY = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")

REFERENCE_PREFIX = "#button:"


def offered_buttons(events: Iterable[Event]) -> list[Button]:
    """The buttons the user can answer now.

    These are the buttons of the bot's latest message that had buttons, as long
    as the user has not written anything since (a turn often ends with a plain
    message after the one with buttons, e.g. "contact your care team").
    """
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return list(event.data["buttons"])
    return []


def number_reply(text: str | None) -> int | None:
    """The number in a reply such as "2", " 2 " or "2.", else None."""
    match = _NUMBER_REPLY.match(text or "")
    return int(match.group(1)) if match else None


def numbered_list(buttons: list[Button]) -> str:
    """ "1. First title\\n2. Second title" """
    return "\n".join(
        f"{number}. {button.get('title', '')}"
        for number, button in enumerate(buttons, 1)
    )


def reference(payload: str) -> str:
    """A short, stable stand-in for a long button payload."""
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    return f"{REFERENCE_PREFIX}{digest}"


def payload_for_reference(events: Iterable[Event], ref: str) -> str | None:
    """The payload of the most recent offered button whose reference is `ref`."""
    for event in reversed(list(events)):
        if isinstance(event, BotUttered):
            for button in event.data.get("buttons") or []:
                payload = button.get("payload")
                if isinstance(payload, str) and reference(payload) == ref:
                    return payload
    return None


class RewritesRepliesInput(InputChannel):
    """Base for a connector that rewrites each incoming message using the tracker.

    It wraps the message handler Rasa passes to `blueprint()`: the connector's
    own webhook code runs unchanged, then `rewrite_text` may replace the text
    before the message reaches the agent.
    """

    async def rewrite_text(self, text: str, sender_id: str, store: TrackerStore) -> str:
        return text

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        blueprint: Blueprint | None = None

        async def rewrite_then_handle(message: UserMessage) -> None:
            store = _tracker_store(blueprint)
            if store is not None and message.text:
                try:
                    message.text = await self.rewrite_text(
                        message.text, message.sender_id, store
                    )
                except Exception:  # never lose the user's message over a lookup
                    logger.exception("Could not look up the offered buttons.")
            with watch_store():  # a turn whose read failed is not saved
                await on_new_message(message)

        blueprint = super().blueprint(rewrite_then_handle)
        return blueprint


def _tracker_store(blueprint: Blueprint | None) -> TrackerStore | None:
    """The tracker store of the agent serving the app this blueprint is part of."""
    if blueprint is None or not blueprint.registered:
        return None
    for app in blueprint.apps:
        agent = getattr(app.ctx, "agent", None)
        if agent is not None:
            return agent.tracker_store
    return None
