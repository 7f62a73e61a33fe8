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
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from rasa.core.tracker_store import TrackerStore

from channels.replies import (
    RewritesRepliesInput,
    number_reply,
    numbered_list,
    offered_buttons,
)


class NumberedTwilioOutput(TwilioOutput):
    """Twilio output that appends the buttons to the text as "1. Title" lines."""

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        body = f"{text.rstrip()}\n{numbered_list(buttons)}" if buttons else text
        await self.send_text_message(recipient_id, body, **kwargs)


class NumberedTwilioInput(RewritesRepliesInput, TwilioInput):
    """Twilio SMS input that turns "1", "2", ... into the offered button's payload."""

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
