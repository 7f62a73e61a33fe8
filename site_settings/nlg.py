"""Rasa's response templates with the site's contact details filled in.

Configured in endpoints.yml (`nlg: type: site_settings.nlg.SiteResponseGenerator`),
so the details are filled inside the Rasa server: they appear when the action
server is down too. The settings are read and checked once, when the server
creates the generator; a bad value stops the start with a message naming it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from site_settings import phrases, settings


class SiteResponseGenerator(TemplatedNaturalLanguageGenerator):
    """The domain's responses, with {placeholders} of site_settings.phrases filled."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        domain: Domain | None = None,
        site: settings.SiteSettings | None = None,
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)
        self.site = site if site is not None else settings.load()

    def values(self, output_channel: str | None) -> dict[str, str]:
        return phrases.placeholder_values(self.site, output_channel)

    def fill_text(self, text: str, output_channel: str | None = "collector") -> str:
        return phrases.fill(text, self.values(output_channel))

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        message = self.generate_from_slots(
            utter_action,
            tracker.current_slot_values(),
            output_channel,
            **{**self.values(output_channel), **kwargs},
        )
        if message and isinstance(message.get("text"), str):
            message["text"] = phrases.tidy(message["text"])
        return message
