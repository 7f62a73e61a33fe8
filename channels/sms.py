"""SMS over Twilio, with buttons as a numbered list the user answers with a number.

Credentials key `channels.sms.NumberedTwilioInput` (same settings as Rasa's
`twilio` connector); Twilio posts incoming SMS to /webhooks/twilio/webhook.

    Bot:  Which one would you like to know more about?
          1. Cytokine release syndrome
          2. Neurological effects
    User: 1          -> the bot receives the first button's payload

The offered buttons are read from the conversation tracker (the bot's latest
message with buttons since the user last wrote), so a number still works after
a restart. Any other text, or a number with no matching button, is passed on
unchanged.

Every POST must carry a valid `X-Twilio-Signature` for the public webhook URL
(the setting TWILIO_WEBHOOK_URL, the URL entered on Twilio's console), or it is
refused with 403; without the setting every request is refused. Rasa's own
connector checks nothing, so anyone knowing the URL could send SMS on the
account.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from rasa.core.tracker_store import TrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from channels.replies import (
    RewritesRepliesInput,
    number_reply,
    numbered_list,
    offered_buttons,
)

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
WEBHOOK_URL_VARIABLE = "TWILIO_WEBHOOK_URL"


def twilio_webhook_url() -> str | None:
    """Setting: the public URL Twilio posts to (what its signatures are made for)."""
    return os.environ.get(WEBHOOK_URL_VARIABLE, "").strip() or None


def is_signed_by_twilio(
    auth_token: str, url: str | None, form: Any, signature: str | None
) -> bool:
    """True if `signature` is Twilio's HMAC-SHA1 of `url` and the form fields."""
    if not (auth_token and url and signature):
        return False
    return bool(RequestValidator(auth_token).validate(url, form, signature))


class NumberedTwilioOutput(TwilioOutput):
    """Twilio output that appends the buttons to the text as "1. Title" lines."""

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        body = f"{text.rstrip()}\n{numbered_list(buttons)}" if buttons else text
        await self.send_text_message(recipient_id, body, **kwargs)


class NumberedTwilioInput(RewritesRepliesInput, TwilioInput):
    """Twilio SMS input that turns "1", "2", ... into the offered button's payload."""

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def refuse_unsigned(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            url = twilio_webhook_url()
            if url is None:
                logger.error(
                    "Refused an SMS webhook call: set %s to the public webhook URL "
                    "entered on Twilio's console, so signatures can be checked.",
                    WEBHOOK_URL_VARIABLE,
                )
            elif is_signed_by_twilio(
                self.auth_token or "",
                url,
                request.form,
                request.headers.get(SIGNATURE_HEADER),
            ):
                return None
            return response.json({"error": "invalid signature"}, status=403)

        return webhook

    def get_output_channel(self) -> OutputChannel:
        return NumberedTwilioOutput(
            self.account_sid, self.auth_token, self.twilio_number
        )

    async def rewrite_text(self, text: str, sender_id: str, store: TrackerStore) -> str:
        number = number_reply(text)
        if number is None:
            return text
        tracker = await store.retrieve(sender_id)
        buttons = offered_buttons(tracker.events) if tracker else []
        if 1 <= number <= len(buttons) and buttons[number - 1].get("payload"):
            return str(buttons[number - 1]["payload"])
        return text
