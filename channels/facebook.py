"""Facebook Messenger, with buttons as quick replies.

Credentials key `channels.facebook.QuickReplyFacebookInput` (same settings as
Rasa's `facebook` connector); Messenger posts to /webhooks/facebook/webhook.

Rasa's Messenger output sends up to three buttons as a button template and
drops all buttons (sending the bare text) when there are more, so the topic
menu lost its buttons. Quick replies allow up to 13, show above the composer
and post the chosen title into the conversation; Rasa's Messenger input
already reads their payload. Everything else (the verify-token handshake,
X-Hub-Signature checks, "seen"/typing indicators) is Rasa's connector.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Text

from fbmessenger import MessengerClient
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, MessengerBot
from sanic import Blueprint

logger = logging.getLogger(__name__)

MAX_QUICK_REPLIES = (
    13  # set by Messenger; titles over 20 characters are shortened by it
)


class QuickReplyMessengerBot(MessengerBot):
    """Messenger output that sends buttons as quick replies."""

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
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
        self.messenger_client.send(message, recipient_id, "RESPONSE")


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
            await on_new_message(message)

        return super().blueprint(answer_with_quick_replies)

    def get_output_channel(self) -> OutputChannel:
        return QuickReplyMessengerBot(MessengerClient(self.fb_access_token))
