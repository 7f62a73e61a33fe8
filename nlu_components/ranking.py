"""What an unsure parse leans to: read by the NLU routers and by the actions alike."""

from __future__ import annotations

from typing import Any

REPORT_INTENT = "report_symptom"
FALLBACK_INTENT = "nlu_fallback"
LIKELY = 3


def report_is_likely(ranking: list[dict[str, Any]], likely: int = LIKELY) -> bool:
    """A symptom report is among the `likely` best intents of an unsure parse: the
    clarifying question then gives the urgent reply first, and no router takes the
    message for something gentler."""
    ranked = [r.get("name") for r in ranking if r.get("name") != FALLBACK_INTENT]
    return REPORT_INTENT in ranked[:likely]
