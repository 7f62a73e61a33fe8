"""The topics a user can pick from buttons: the menu and the clarifying question.

A topic is keyed by the intent that answers it (`faq_<topic>` for the FAQ answers).
Its button is the one of the same name in domain.yml's `buttons:` registry, where
every button the bot shows is defined once; its payload is the intent itself
("/faq_cost"), so a tap never depends on how the NLU model reads a question
(tests/e2e/test_buttons.py taps every button).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"

# The topics, in the order the menu lists them and ties are broken.
TOPIC_KEYS = (
    "faq_what_is",
    "steps_overview",
    "start_walkthrough",
    "ask_side_effects",
    "faq_cancers_treated",
    "faq_duration",
    "faq_cost",
    "faq_cure",
    "faq_benefits",
    "faq_access",
    "faq_car_meaning",
    "faq_t_cells",
    "faq_vs_chemo",
    "faq_resistant_cancers",
    "faq_solid_tumors",
    "faq_future",
    "faq_source",
)
MENU_KEYS = frozenset(
    {
        "faq_what_is",
        "steps_overview",
        "ask_side_effects",
        "faq_cancers_treated",
        "faq_duration",
        "faq_cost",
        "faq_cure",
        "faq_benefits",
        "faq_source",
    }
)


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    payload: str
    in_menu: bool = False

    def button(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@lru_cache(maxsize=1)
def button_registry(path: Path = DOMAIN_FILE) -> dict[str, dict[str, str]]:
    """domain.yml's `buttons:`: {name: {"title": ..., "payload": ...}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    registry = data.get("buttons")
    if not isinstance(registry, dict):
        raise ValueError(f"{path}: no 'buttons:' registry")
    buttons = {}
    for name, button in registry.items():
        if not (
            isinstance(button, dict) and button.get("title") and button.get("payload")
        ):
            raise ValueError(f"{path}: button '{name}' needs a title and a payload")
        buttons[str(name)] = {
            "title": str(button["title"]),
            "payload": str(button["payload"]),
        }
    return buttons


@lru_cache(maxsize=1)
def topics() -> tuple[Topic, ...]:
    registry = button_registry()
    missing = [key for key in TOPIC_KEYS if key not in registry]
    if missing:
        raise ValueError(f"{DOMAIN_FILE}: no button for the topics {missing}")
    return tuple(
        Topic(key, registry[key]["title"], registry[key]["payload"], key in MENU_KEYS)
        for key in TOPIC_KEYS
    )


def topics_by_key() -> dict[str, Topic]:
    return {topic.key: topic for topic in topics()}


def menu() -> tuple[Topic, ...]:
    return tuple(topic for topic in topics() if topic.in_menu)


def menu_buttons() -> list[dict[str, str]]:
    return [topic.button() for topic in menu()]


def ranked_candidates(parse_data: dict[str, Any]) -> list[str]:
    """Topic keys from the NLU intent ranking, most likely first."""
    ranking = parse_data.get("intent_ranking") or []
    return _unique_known(ranked.get("name") for ranked in ranking)


def _unique_known(keys: Iterable[str | None]) -> list[str]:
    known = topics_by_key()
    result: list[str] = []
    for key in keys:
        if key in known and key not in result:
            result.append(key)
    return result


def clarifying_buttons(
    parse_data: dict[str, Any], limit: int = 3
) -> list[dict[str, str]]:
    by_key = topics_by_key()
    return [by_key[key].button() for key in ranked_candidates(parse_data)[:limit]]
