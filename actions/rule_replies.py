"""The reply a rule gives an intent: "faq_cost" -> "utter_faq_cost".

Read from the dialogue rules themselves (data/rules/*.yml), so a question asked as
one part of a two-question message is answered exactly as it is when asked alone,
and the mapping from intents to replies is written once, in the rules. Only plain
rules count: one intent, then one action, with no condition.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"


def _plain_pair(rule: Any) -> tuple[str, str] | None:
    if not isinstance(rule, dict) or rule.get("condition"):
        return None
    steps = rule.get("steps")
    if not isinstance(steps, list) or len(steps) != 2:
        return None
    first, second = steps
    if not (isinstance(first, dict) and isinstance(second, dict)):
        return None
    intent, action = first.get("intent"), second.get("action")
    if set(first) != {"intent"} or set(second) != {"action"}:
        return None
    if not (isinstance(intent, str) and isinstance(action, str)):
        return None
    return intent, action


@lru_cache(maxsize=1)
def reply_of_intent(rules_dir: Path = RULES_DIR) -> dict[str, str]:
    """{intent: the action its plain rule runs}, from every rule file."""
    replies: dict[str, str] = {}
    for path in sorted(rules_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            pair = _plain_pair(rule)
            if pair is not None:
                replies.setdefault(*pair)
    return replies
