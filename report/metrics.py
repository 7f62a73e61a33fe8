"""Figures of the report, computed from the tracker store's events."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from privacy.events import StoredEvent
from report.group import Group, group_questions
from report.mask import mask

CLARIFY_ACTIONS = frozenset({"action_clarify"})
CLARIFY_INTENTS = frozenset({"nlu_fallback"})
OUT_OF_SCOPE_INTENTS = frozenset({"out_of_scope"})
OUT_OF_SCOPE_RESPONSES = frozenset({"utter_out_of_scope"})
ESCALATION_RESPONSES = frozenset({"utter_symptom_urgent", "utter_self_harm_urgent"})
PERSON_INTENT = "talk_to_person"  # counted by name (issue 13, point 2)
FEEDBACK_TYPE = "agent"
NOT_TOPICS = frozenset({"affirm", "deny", "greet", "goodbye", "thank", "nlu_fallback"})


@dataclass
class Turn:
    """One user message and what the bot did about it."""

    sender: str
    day: str
    text: str
    intent: str | None
    actions: set[str] = field(default_factory=set)
    responses: set[str] = field(default_factory=set)

    @property
    def clarified(self) -> bool:
        return bool(self.actions & CLARIFY_ACTIONS) or self.intent in CLARIFY_INTENTS

    @property
    def out_of_scope(self) -> bool:
        return self.intent in OUT_OF_SCOPE_INTENTS or bool(
            self.responses & OUT_OF_SCOPE_RESPONSES
        )

    @property
    def escalated(self) -> bool:
        return bool(self.responses & ESCALATION_RESPONSES)


@dataclass
class Report:
    days: int
    messages_per_day: dict[str, int]
    conversations_per_day: dict[str, int]
    conversations: int
    messages: int
    topics: Counter
    clarifications: int
    out_of_scope: int
    escalations: int
    person_requests: int
    feedback: dict[str, Counter]
    unanswered: list[Group]

    def rate(self, count: int) -> float:
        return count / self.messages if self.messages else 0.0


def day_of(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")


def turns_of(events: Iterable[StoredEvent]) -> list[Turn]:
    """The user turns, each with the actions and responses that followed it."""
    current: dict[str, Turn] = {}
    turns: list[Turn] = []
    for event in events:
        if event.type_name == "user":
            intent = event.intent_name or (
                (event.data.get("parse_data") or {}).get("intent") or {}
            ).get("name")
            new = Turn(
                sender=event.sender_id,
                day=day_of(event.timestamp),
                text=str(event.data.get("text") or ""),
                intent=intent,
            )
            current[event.sender_id] = new
            turns.append(new)
            continue
        turn = current.get(event.sender_id)
        if turn is None:
            continue
        if event.type_name == "action" and event.action_name:
            turn.actions.add(event.action_name)
        elif event.type_name == "bot":
            name = (event.data.get("metadata") or {}).get("utter_action")
            if name:
                turn.responses.add(str(name))
    return turns


def feedback_of(events: Iterable[StoredEvent]) -> dict[str, Counter]:
    ratings: dict[str, Counter] = defaultdict(Counter)
    for event in events:
        if event.type_name != FEEDBACK_TYPE:
            continue
        data = event.data.get("data") or {}
        if data.get("feedback") in ("up", "down"):
            ratings[str(data.get("response") or "unknown")][data["feedback"]] += 1
    return dict(ratings)


def build_report(events: list[StoredEvent], days: int) -> Report:
    turns = turns_of(events)
    messages: Counter = Counter(turn.day for turn in turns)
    senders: dict[str, set[str]] = defaultdict(set)
    for turn in turns:
        senders[turn.day].add(turn.sender)
    unanswered = [mask(t.text) for t in turns if t.clarified or t.out_of_scope]
    return Report(
        days=days,
        messages_per_day=dict(sorted(messages.items())),
        conversations_per_day={d: len(s) for d, s in sorted(senders.items())},
        conversations=len({turn.sender for turn in turns}),
        messages=len(turns),
        topics=Counter(
            t.intent for t in turns if t.intent and t.intent not in NOT_TOPICS
        ),
        clarifications=sum(t.clarified for t in turns),
        out_of_scope=sum(t.out_of_scope for t in turns),
        escalations=sum(t.escalated for t in turns),
        person_requests=sum(t.intent == PERSON_INTENT for t in turns),
        feedback=feedback_of(events),
        unanswered=group_questions(unanswered),
    )
