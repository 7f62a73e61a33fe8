"""Set a message's intent from a rule-based component, keeping the ranking honest."""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(
    message: Message, chosen: dict[str, Any], others: list[dict[str, Any]] | None = None
) -> None:
    """Make `chosen` the intent and the head of the ranking.

    `others` is the rest of the ranking; by default the message's ranking without
    the chosen intent.
    """
    if others is None:
        others = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != chosen[INTENT_NAME_KEY]
        ]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *others], add_to_output=True)
