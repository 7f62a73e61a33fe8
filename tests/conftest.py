"""Shared fixtures: the running servers for end-to-end, browser and channel tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from stack.servers import MODEL, Stack
from tests.support.conversation import user_event


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real action server, Rasa server and web page, started once per test run."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does).")
    running = Stack(tmp_path_factory.mktemp("stack")).start()
    try:
        yield running
    finally:
        running.stop()


# --- Action unit tests: dispatcher, tracker factory, domain -------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    """domain.yml plus the FAQ responses, as the action server receives it."""
    loaded = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    faq = yaml.safe_load((ROOT / "data/responses/faq.yml").read_text(encoding="utf-8"))
    loaded["responses"].update(faq["responses"])
    return loaded


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


TrackerFactory = Callable[..., Tracker]


@pytest.fixture
def make_tracker() -> TrackerFactory:
    """Build a tracker: `make_tracker(intent=..., entities=..., slots=..., events=...)`."""

    def build(
        intent: str = "greet",
        text: str = "",
        entities: list[dict] | None = None,
        slots: dict[str, Any] | None = None,
        events: list[dict] | None = None,
        parse_data: dict[str, Any] | None = None,
    ) -> Tracker:
        latest = {
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
            "text": text,
            **(parse_data or {}),
        }
        history = list(events or []) + [user_event(text, intent, entities)]
        return Tracker.from_dict(
            {
                "sender_id": "test-user",
                "slots": {
                    "current_step": None,
                    "side_effect": None,
                    "thread": None,
                    **(slots or {}),
                },
                "latest_message": latest,
                "events": history,
                "paused": False,
                "followup_action": None,
                "active_loop": {},
                "latest_action_name": "action_listen",
            }
        )

    return build
