"""Facebook Messenger, with buttons as quick replies.

Credentials key `channels.facebook.QuickReplyFacebookInput` (same settings as
Rasa's `facebook` connector); Messenger posts to /webhooks/facebook/webhook.

Rasa's Messenger output sends up to three buttons as a button template and
drops all buttons (sending the bare text) when there are more, so the topic
menu lost its buttons. Quick replies allow up to 13, show above the composer
and post the chosen title into the conversation; Rasa's Messenger input
already reads their payload. Requests without a valid X-Hub-Signature(-256)
are refused with 403 (Rasa's connector answers 200 "not validated"). Everything
else (the verify-token handshake, "seen"/typing indicators) is Rasa's connector.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fbmessenger import MessengerClient
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from storage.failures import watch_store

logger = logging.getLogger(__name__)

SIGNATURE_HEADERS = (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1"))
MAX_QUICK_REPLIES = (
    13  # set by Messenger; titles over 20 characters are shortened by it
)


def send_or_log(
    client: MessengerClient, message: dict[str, Any], recipient_id: str
) -> None:
    """Send through the Send API; log an error reply (fbmessenger returns it)."""
    result = client.send(message, recipient_id, "RESPONSE")
    error = result.get("error") if isinstance(result, dict) else None
    if error:
        details = error if isinstance(error, dict) else {"message": str(error)}
        logger.error(
            "Messenger refused a message to recipient '%s': code %s, %s",
            recipient_id,
            details.get("code"),
            details.get("message"),
        )


class QuickReplyMessengerBot(MessengerBot):
    """Messenger output that sends buttons as quick replies and logs refusals."""

    def send(self, recipient_id: str, element: Any) -> None:
        send_or_log(self.messenger_client, element.to_dict(), recipient_id)

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        if any("payload" not in button for button in buttons):
            # e.g. a link button: only the button template can show it
            await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
            return
        if len(buttons) > MAX_QUICK_REPLIES:
            logger.warning(
                "Messenger shows at most %d quick replies; dropping %d.",
                MAX_QUICK_REPLIES,
                len(buttons) - MAX_QUICK_REPLIES,
            )
        message = {
            "text": text,
            "quick_replies": [
                {
                    "content_type": "text",
                    "title": button["title"],
                    "payload": button["payload"],
                }
                for button in buttons[:MAX_QUICK_REPLIES]
            ],
        }
        send_or_log(self.messenger_client, message, recipient_id)


def is_signed(app_secret: str, body: bytes, headers: Mapping[str, str]) -> bool:
    """True if a Meta signature header matches the body (constant-time compare)."""
    for header, algorithm in SIGNATURE_HEADERS:
        prefix, _, given = (headers.get(header) or "").partition("=")
        if prefix != algorithm or not given:
            continue
        expected = hmac.new(app_secret.encode("utf-8"), body, algorithm).hexdigest()
        if hmac.compare_digest(expected, given):
            return True
    return False


class QuickReplyFacebookInput(FacebookInput):
    """Rasa's Facebook input, answering through `QuickReplyMessengerBot`."""

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        async def answer_with_quick_replies(message: UserMessage) -> None:
            output = message.output_channel
            if isinstance(output, MessengerBot) and not isinstance(
                output, QuickReplyMessengerBot
            ):
                message.output_channel = QuickReplyMessengerBot(output.messenger_client)
            with watch_store():  # a turn whose read failed is not saved
                await on_new_message(message)

        webhook = super().blueprint(answer_with_quick_replies)

        @webhook.middleware("request")
        async def refuse_unsigned(request: Request) -> HTTPResponse | None:
            # Rasa's own check answers 200 "not validated" and trusts the
            # algorithm named in the header; refuse outright instead.
            if request.method != "POST" or is_signed(
                self.fb_secret, request.body or b"", request.headers
            ):
                return None
            return response.json({"error": "invalid signature"}, status=403)

        return webhook

    def get_output_channel(self) -> OutputChannel:
        return QuickReplyMessengerBot(MessengerClient(self.fb_access_token))
