"""The labelled phrasings (tests/served/*.yml) and what a right reply to each topic is."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVED_DIR = ROOT / "tests" / "served"
LABELS_FILE = SERVED_DIR / "labels.yml"


class LabelError(ValueError):
    """A phrasing file or the labels file is not of the expected shape."""


@dataclass(frozen=True)
class Expectation:
    """A right reply serves every response in `all_of` and one of `any_of`."""

    kind: str
    group: str
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()

    def met_by(self, served: list[str]) -> bool:
        """`all` entries may name alternatives: "utter_a|utter_b"."""
        if not all(set(name.split("|")) & set(served) for name in self.all_of):
            return False
        return not self.any_of or any(name in served for name in self.any_of)


@dataclass(frozen=True)
class Turn:
    """One message and its topic(s).

    `urgent` marks a message that must get an urgent reply whatever its topic says
    (a symptom report in another language: `topic: other_language, urgent: true`);
    it is counted in its topic's group.
    """

    text: str
    topics: tuple[str, ...]
    voice: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: tuple[Turn, ...]


@dataclass
class Labels:
    expectations: dict[str, Expectation]
    catch_all: frozenset[str]
    escalations: frozenset[str]
    neutral: frozenset[str] = field(default_factory=frozenset)

    def expectation(self, topic: str) -> Expectation:
        try:
            return self.expectations[topic]
        except KeyError:
            raise LabelError(f"topic '{topic}' has no entry in {LABELS_FILE}") from None

    def group_of(self, topics: tuple[str, ...]) -> str:
        """The report group: the topic's own, or "two questions" for several."""
        if len(topics) > 1:
            return "two questions"
        return self.expectation(topics[0]).group


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def load_labels(path: Path = LABELS_FILE) -> Labels:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    expectations = {}
    for topic, spec in (data.get("topics") or {}).items():
        if not isinstance(spec, dict) or not ({"all", "any"} & set(spec)):
            raise LabelError(f"{path}: topic '{topic}' needs 'all' and/or 'any'")
        expectations[topic] = Expectation(
            kind=str(spec.get("kind", "answer")),
            group=str(spec.get("group", topic)),
            all_of=_names(spec.get("all")),
            any_of=_names(spec.get("any")),
        )
    return Labels(
        expectations=expectations,
        catch_all=frozenset(_names(data.get("catch_all"))),
        escalations=frozenset(_names(data.get("escalations"))),
        neutral=frozenset(_names(data.get("neutral"))),
    )


def _turn(item: Any, where: str) -> Turn:
    if not isinstance(item, dict) or not item.get("text") or not item.get("topic"):
        raise LabelError(f"{where}: each entry needs 'text' and 'topic'")
    urgent = item.get("urgent", False)
    if not isinstance(urgent, bool):
        raise LabelError(f"{where}: 'urgent' must be true or false")
    return Turn(
        str(item["text"]),
        _names(item["topic"]),
        str(item.get("voice", "")),
        urgent=urgent,
    )


def load_phrasings(path: Path) -> list[Turn]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [_turn(item, str(path)) for item in data.get("phrasings") or []]


def load_conversations(path: Path) -> list[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    conversations = []
    for item in data.get("conversations") or []:
        turns = tuple(_turn(t, f"{path}: {item.get('name')}") for t in item["turns"])
        conversations.append(Conversation(str(item.get("name", "")), turns))
    return conversations
