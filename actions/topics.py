"""The topics a user can pick from buttons: the menu and the clarifying question.

A topic is keyed by the intent that answers it (`faq_<topic>` for the FAQ answers).
Its button sends the intent itself ("/faq_cost"), so a tap never depends on how
the NLU model reads a question (checked by tests/e2e/test_conversations.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    in_menu: bool = False

    @property
    def payload(self) -> str:
        return f"/{self.key}"

    def button(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


TOPICS = (
    Topic("faq_what_is", "What CAR T-cell therapy is", True),
    Topic("steps_overview", "How it works: the four steps", True),
    Topic("start_walkthrough", "Walk me through the steps"),
    Topic("ask_side_effects", "Side effects", True),
    Topic("faq_cancers_treated", "Which cancers it treats", True),
    Topic("faq_duration", "How long it takes", True),
    Topic("faq_cost", "Cost", True),
    Topic("faq_cure", "Is it a cure?", True),
    Topic("faq_benefits", "Benefits", True),
    Topic("faq_access", "Where it is available"),
    Topic("faq_car_meaning", "What CAR stands for"),
    Topic("faq_t_cells", "What T cells are"),
    Topic("faq_vs_chemo", "Compared with chemotherapy"),
    Topic("faq_resistant_cancers", "When other treatments failed"),
    Topic("faq_solid_tumors", "Solid tumours"),
    Topic("faq_future", "The future of CAR T"),
    Topic("faq_source", "Where my answers come from", True),
)
TOPICS_BY_KEY = {topic.key: topic for topic in TOPICS}
MENU = tuple(topic for topic in TOPICS if topic.in_menu)


def menu_buttons() -> list[dict[str, str]]:
    return [topic.button() for topic in MENU]


def ranked_candidates(parse_data: dict[str, Any]) -> list[str]:
    """Topic keys from the NLU intent ranking, most likely first."""
    ranking = parse_data.get("intent_ranking") or []
    return _unique_known(ranked.get("name") for ranked in ranking)


def _unique_known(keys: Iterable[str | None]) -> list[str]:
    result: list[str] = []
    for key in keys:
        if key in TOPICS_BY_KEY and key not in result:
            result.append(key)
    return result


def clarifying_buttons(
    parse_data: dict[str, Any], limit: int = 3
) -> list[dict[str, str]]:
    return [
        TOPICS_BY_KEY[key].button() for key in ranked_candidates(parse_data)[:limit]
    ]
