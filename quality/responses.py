"""Turn the texts a user was served back into the names of the responses."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from site_settings import phrases, settings
from site_settings.settings import SiteSettings

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_FILES = (
    ROOT / "domain.yml",
    *sorted((ROOT / "data" / "responses").glob("*.yml")),
)


def load_responses(
    files: Iterable[Path] = DOMAIN_FILES,
) -> dict[str, list[dict[str, Any]]]:
    """All responses of the domain: {name: [variation, ...]}."""
    responses: dict[str, list[dict[str, Any]]] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses.update(data.get("responses") or {})
    return responses


class ResponseIndex:
    """Finds the response a served message came from, by its exact text.

    The texts are filled with the site's words as the REST channel serves them
    (site.yml and SITE_* variables, read as the server reads them).
    """

    def __init__(
        self,
        responses: dict[str, list[dict[str, Any]]],
        site: SiteSettings | None = None,
        channel: str = "collector",
    ) -> None:
        values = phrases.placeholder_values(site or settings.load(), channel)
        self._by_text: dict[str, str] = {}
        for name, variations in responses.items():
            for variation in variations:
                text = phrases.fill(variation.get("text") or "", values)
                if text:
                    self._by_text.setdefault(text, name)

    def name_of(self, text: str) -> str | None:
        return self._by_text.get(text.strip())

    def names(self, messages: Iterable[dict[str, Any]]) -> list[str]:
        """Response names of the served messages; `?<text>` for unknown texts."""
        names = []
        for message in messages:
            text = message.get("text")
            if not text:
                continue
            names.append(self.name_of(text) or f"?{text[:60]}")
        return names
