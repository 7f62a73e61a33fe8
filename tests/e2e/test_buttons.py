"""Every button the bot can show leads to a reply (not a fallback, not an error).

The buttons are those of the responses (domain.yml, data/responses/) and those
the actions build from the topic registry (actions/topics.py: the menu and the
clarifying question). Each is tapped in a fresh conversation on the real servers.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import yaml

from actions.topics import button_registry, topics
from stack.servers import ROOT, Stack

NOT_AN_ANSWER = (
    "utter_default",
    "utter_clarify",
    "utter_out_of_scope",
    "utter_trouble",
)


def every_button() -> list[tuple[str, str, str]]:
    """(where, title, payload) for each distinct payload the bot can show."""
    found: dict[str, tuple[str, str, str]] = {}
    for path in [ROOT / "domain.yml", *sorted((ROOT / "data").rglob("*.yml"))]:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses = loaded.get("responses") if isinstance(loaded, dict) else None
        for name, variants in (responses or {}).items():
            for variant in variants:
                for button in variant.get("buttons") or []:
                    where = f"{name} ({path.name})"
                    found.setdefault(
                        button["payload"], (where, button["title"], button["payload"])
                    )
    for topic in topics():
        found.setdefault(
            topic.payload, ("actions/topics.py", topic.title, topic.payload)
        )
    for name, button in button_registry().items():
        found.setdefault(
            button["payload"],
            (f"{name} (buttons:)", button["title"], button["payload"]),
        )
    return sorted(found.values(), key=lambda button: button[2])


def test_the_registry_and_the_responses_offer_buttons() -> None:
    sources = {where.split(" ")[0] for where, _, _ in every_button()}
    assert "actions/topics.py" in sources and len(sources) > 1


@pytest.mark.parametrize(
    "where, title, payload", every_button(), ids=lambda value: str(value)[:40]
)
def test_every_button_leads_to_a_reply(
    stack: Stack, domain: dict[str, Any], where: str, title: str, payload: str
) -> None:
    replies = stack.say(f"button-{uuid.uuid4().hex[:10]}", payload)
    texts = [reply.get("text", "") for reply in replies]
    # The first message of a conversation is the notice; the answer follows it.
    notice = domain["responses"]["utter_disclaimer"][0]["text"]
    answers = [text for text in texts if text and text != notice]
    assert answers, (where, title, texts)
    fallbacks = {domain["responses"][name][0]["text"] for name in NOT_AN_ANSWER}
    assert not fallbacks & set(answers), (where, title, answers[:2])
