"""Slack, keeping every button.

Credentials key `channels.slack.SlackBlocksInput` (same settings as Rasa's
`slack` connector); Slack posts events and button clicks to /webhooks/slack/webhook.

Rasa's Slack output already sends buttons as Block Kit `button` elements, but
drops all of them (sending the bare text) when a message has more than five,
a limit of Slack's old attachments. An `actions` block holds up to 25 buttons,
so the topic menu keeps its buttons. Everything else is Rasa's connector:
request signatures, the URL-verification challenge, retries, threads.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput

BUTTONS_PER_ACTIONS_BLOCK = 25  # set by Slack's Block Kit
RASA_BUTTON_LIMIT = 5  # above this Rasa's SlackBot drops the buttons


class SlackBlocksBot(SlackBot):
    """Slack output that sends any number of buttons as Block Kit buttons."""

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        if len(buttons) <= RASA_BUTTON_LIMIT:
            await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)
            return
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "plain_text", "text": text}}
        ]
        for start in range(0, len(buttons), BUTTONS_PER_ACTIONS_BLOCK):
            chunk = buttons[start : start + BUTTONS_PER_ACTIONS_BLOCK]
            blocks.append(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": button["title"]},
                            "value": button["payload"],
                        }
                        for button in chunk
                    ],
                }
            )
        await self._post_message(
            channel=self.slack_channel or recipient_id,
            as_user=True,
            text=text,
            blocks=blocks,
        )


class SlackBlocksInput(SlackInput):
    """Rasa's Slack input, answering through `SlackBlocksBot`."""

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackBlocksBot(
            self.slack_token, channel or self.slack_channel, thread_id, self.proxy
        )
