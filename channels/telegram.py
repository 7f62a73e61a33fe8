"""Telegram, fixed and with readable keyboards.

Credentials key `channels.telegram.TelegramKeyboardInput` (same settings as
Rasa's `telegram` connector); Telegram posts updates to /webhooks/telegram/webhook.

What it changes in Rasa 3.6's connector:
- Rasa registers the webhook with `asyncio.run()` on a throw-away event loop and
  keeps the HTTP session opened there; every later call to Telegram (the
  `getMe` check on each update, every reply) then fails with "Event loop is
  closed". The session is closed before that loop ends, so the server's loop
  opens its own.
- Buttons are laid out one per row (`vertical`) instead of all in one row,
  which cut long titles off. A response can still ask for `button_type`.
- Telegram refuses a keyboard whose callback data is over 64 bytes (e.g.
  `/ask_side_effect_detail{"side_effect": "cytokine_release_syndrome"}`), so the
  whole message was lost. Such payloads are sent as a short reference and
  looked up again in the conversation tracker when the button is pressed.
- `debug_mode` is off: Rasa's default re-raised any error while handling an
  update (e.g. Telegram refusing a reply), so the webhook answered 500 and
  Telegram delivered the same update again and again. The error is logged and
  the update acknowledged.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.core.tracker_store import TrackerStore
from rasa.shared.exceptions import RasaException

from channels.replies import (
    REFERENCE_PREFIX,
    RewritesRepliesInput,
    payload_for_reference,
    reference,
)

CALLBACK_DATA_LIMIT = 64  # bytes, set by Telegram


def callback_data(payload: str) -> str:
    """The payload itself if Telegram accepts it, else a short reference to it."""
    if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        return payload
    return reference(payload)


class TelegramKeyboardOutput(TelegramOutput):
    """Telegram output with one button per row and payloads Telegram accepts."""

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        button_type: str | None = "vertical",
        **kwargs: Any,
    ) -> None:
        if button_type in ("inline", "vertical"):
            buttons = [
                {**button, "payload": callback_data(str(button.get("payload", "")))}
                for button in buttons
            ]
        await super().send_text_with_buttons(
            recipient_id, text, buttons, button_type=button_type, **kwargs
        )


async def _set_webhook(output: TelegramOutput, url: str | None) -> None:
    try:
        await output.set_webhook(url=url)
    finally:
        # The session belongs to the loop running this coroutine, which
        # asyncio.run() closes next; a closed session is replaced on next use.
        await output.session.close()


class TelegramKeyboardInput(RewritesRepliesInput, TelegramInput):
    """Telegram input whose output works after start-up and resolves long payloads."""

    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        debug_mode: bool = False,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self._output: TelegramKeyboardOutput | None = None

    def get_output_channel(self) -> TelegramOutput:
        """The bot, created (and its webhook registered) once."""
        if self._output is None:
            output = TelegramKeyboardOutput(self.access_token)
            try:
                asyncio.run(_set_webhook(output, self.webhook_url))
            except TelegramAPIError as error:
                raise RasaException(
                    f"Failed to set channel webhook: {error}"
                ) from error
            self._output = output
        return self._output

    async def rewrite_text(self, text: str, sender_id: str, store: TrackerStore) -> str:
        if not text.startswith(REFERENCE_PREFIX):
            return text
        tracker = await store.retrieve_full_tracker(sender_id)
        payload = payload_for_reference(tracker.events, text) if tracker else None
        return payload if payload is not None else text
