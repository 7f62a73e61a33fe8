"""The REST channel, hardened: checked input, and always an answer.

Same path and JSON as Rasa's REST channel (POST /webhooks/rest/webhook with
{"sender": ..., "message": ...}), plus:

- the body must be a JSON object with a string `message` and a string (or
  number) `sender`; anything else gets a 4xx with a short JSON error, never a
  traceback;
- control and zero-width characters are removed; empty messages are refused;
  messages are limited to `max_message_chars` (default 2000, set in
  credentials.yml), sender ids to 128 characters;
- if the bot produced no reply (the action server is down), the user gets the
  `utter_trouble` response instead of silence; if the conversation could not
  be read or saved (any tracker store built on storage/sql_tracker_store.py
  reports that through storage/failures.py), a 503 with the same text.
"""

from __future__ import annotations

import json
import logging
import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from storage.failures import watch_store

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
DEFAULT_MAX_MESSAGE_CHARS = 2000
TROUBLE_RESPONSE = "utter_trouble"
TROUBLE_FALLBACK_TEXT = "I'm having trouble right now. Please try again in a moment."
KEEP_CONTROL = {"\n", "\t"}


class BadRequest(ValueError):
    """The request cannot be turned into a user message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RestMessage:
    sender: str
    text: str
    metadata: dict[str, Any] | None


def clean_text(text: str) -> str:
    """Drop control and invisible format characters, normalise, trim."""
    normalised = unicodedata.normalize("NFC", text)
    kept = (
        ch
        for ch in normalised
        if ch in KEEP_CONTROL or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )
    return "".join(kept).strip()


def parse_rest_message(
    body: bytes, content_type: str, max_message_chars: int
) -> RestMessage:
    """Check one REST request body; raise BadRequest with a status and reason."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise BadRequest(415, "Content-Type must be application/json.")
    if not body:
        raise BadRequest(400, "The request body is empty.")
    if len(body) > max_message_chars * 8 + 16_384:
        raise BadRequest(
            413, f"The message is longer than {max_message_chars} characters."
        )
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadRequest(400, "The request body is not valid UTF-8.") from None
    except ValueError:
        raise BadRequest(400, "The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "The request body must be a JSON object.")

    sender = payload.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not clean_text(sender):
        raise BadRequest(400, "'sender' must be a non-empty string.")
    sender = clean_text(sender)
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(400, f"'sender' is longer than {MAX_SENDER_CHARS} characters.")

    message = payload.get("message")
    if not isinstance(message, str):
        raise BadRequest(400, "'message' must be a string.")
    text = clean_text(message)
    if not text:
        raise BadRequest(400, "'message' is empty.")
    if len(text) > max_message_chars:
        raise BadRequest(
            413, f"The message is longer than {max_message_chars} characters."
        )

    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(400, "'metadata' must be a JSON object.")
    return RestMessage(sender=sender, text=text, metadata=metadata)


def trouble_text(app: Any) -> str:
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    domain = getattr(agent, "domain", None)
    variants = (getattr(domain, "responses", None) or {}).get(TROUBLE_RESPONSE) or []
    text = (
        variants[0].get("text", TROUBLE_FALLBACK_TEXT)
        if variants
        else TROUBLE_FALLBACK_TEXT
    )
    # The response generator fills in the site's contact details (site_settings).
    fill_text = getattr(getattr(agent, "nlg", None), "fill_text", None)
    return str(fill_text(text)) if callable(fill_text) else text


class GuardedRestInput(RestInput):
    """Rasa's REST channel with input checks and a guaranteed reply."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> GuardedRestInput:
        credentials = credentials or {}
        limit = credentials.get("max_message_chars", DEFAULT_MAX_MESSAGE_CHARS)
        if not isinstance(limit, int) or limit <= 0:
            raise ValueError("rest: 'max_message_chars' must be a positive integer")
        return cls(max_message_chars=limit)

    def __init__(self, max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS) -> None:
        self.max_message_chars = max_message_chars

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint(f"guarded_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                message = parse_rest_message(
                    request.body or b"",
                    request.content_type or "",
                    self.max_message_chars,
                )
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            return await self._answer(request, message, on_new_message)

        return webhook

    async def _answer(
        self,
        request: Request,
        message: RestMessage,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> HTTPResponse:
        collector = CollectingOutputChannel()
        try:
            with watch_store() as store:
                await on_new_message(
                    UserMessage(
                        message.text,
                        collector,
                        message.sender,
                        input_channel=self.name(),
                        metadata=message.metadata,
                    )
                )
        except Exception:
            logger.error(
                "Could not handle a message from sender '%s'.",
                message.sender,
                exc_info=True,
            )
            return self._trouble(request, message.sender, status=503)
        if store.failed:
            logger.error(
                "The conversation of sender '%s' could not be read or saved.",
                message.sender,
            )
            return self._trouble(request, message.sender, status=503)
        replies: list[dict[str, Any]] = collector.messages
        if not replies:
            logger.error(
                "No reply for sender '%s': is the action server running?",
                message.sender,
            )
            return response.json([self._trouble_message(request, message.sender)])
        return response.json(replies)

    def _trouble_message(self, request: Request, sender: str) -> dict[str, str | Any]:
        return {"recipient_id": sender, "text": trouble_text(request.app)}

    def _trouble(self, request: Request, sender: str, status: int) -> HTTPResponse:
        return response.json([self._trouble_message(request, sender)], status=status)
