"""The side-effect actions: thin classes over actions/side_effects.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.menu import answer_named, meant_in_context
from actions.side_effects import (
    answer_side_effects,
    explain_side_effect,
    explain_side_effects,
    side_effect_meant,
    wants_the_other,
)


class ActionExplainSideEffects(Action):
    def name(self) -> str:
        return "action_explain_side_effects"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        return answer_side_effects(dispatcher, tracker)


class ActionExplainSideEffect(Action):
    def name(self) -> str:
        return "action_explain_side_effect"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        side_effect = wants_the_other(tracker) or side_effect_meant(tracker)
        if side_effect is not None:
            return explain_side_effect(dispatcher, side_effect)
        # Nothing says which side effect. On the steps, "what was the 4th one
        # again" means a step; else both side effects, with when to call.
        meant = meant_in_context(tracker)
        if meant is not None:
            return answer_named(dispatcher, *meant)
        return explain_side_effects(dispatcher)
