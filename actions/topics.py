"""The topics a user can pick from buttons: the menu and the clarifying question.

A topic is keyed by the intent (or `faq/<key>` retrieval intent) that answers it.
Its payload is either an intent shortcut ("/steps_overview") or a question that
the NLU model answers with that topic (checked by tests/actions/test_topics.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    payload: str
    in_menu: bool = False

    def button(self) -> Dict[str, str]:
        return {"title": self.title, "payload": self.payload}


TOPICS = (
    Topic(
        "faq/what_is", "What CAR T-cell therapy is", "What is CAR T-cell therapy?", True
    ),
    Topic("steps_overview", "How it works: the four steps", "/steps_overview", True),
    Topic("start_walkthrough", "Walk me through the steps", "/start_walkthrough"),
    Topic("ask_side_effects", "Side effects", "/ask_side_effects", True),
    Topic(
        "faq/cancers_treated",
        "Which cancers it treats",
        "Which cancers can CAR T-cell therapy treat?",
        True,
    ),
    Topic(
        "faq/duration",
        "How long it takes",
        "How long does CAR T-cell therapy take?",
        True,
    ),
    Topic("faq/cost", "Cost", "How much does CAR T-cell therapy cost?", True),
    Topic("faq/cure", "Is it a cure?", "Is CAR T-cell therapy a cure?", True),
    Topic(
        "faq/benefits", "Benefits", "What are the benefits of CAR T-cell therapy?", True
    ),
    Topic(
        "faq/access", "Where it is available", "Where is CAR T-cell therapy available?"
    ),
    Topic("faq/car_meaning", "What CAR stands for", "What does CAR stand for?"),
    Topic("faq/t_cells", "What T cells are", "What are T cells?"),
    Topic(
        "faq/vs_chemo",
        "Compared with chemotherapy",
        "How is CAR T-cell therapy different from chemotherapy?",
    ),
    Topic(
        "faq/resistant_cancers",
        "When other treatments failed",
        "Does CAR T-cell therapy help cancers that did not respond to other treatments?",
    ),
    Topic(
        "faq/solid_tumors",
        "Solid tumours",
        "Does CAR T-cell therapy work for solid tumours?",
    ),
    Topic(
        "faq/future", "The future of CAR T", "What is the future of CAR T-cell therapy?"
    ),
    Topic(
        "faq/source",
        "Where my answers come from",
        "Where does your information come from?",
        True,
    ),
)
TOPICS_BY_KEY = {topic.key: topic for topic in TOPICS}
MENU = tuple(topic for topic in TOPICS if topic.in_menu)


def menu_buttons() -> List[Dict[str, str]]:
    return [topic.button() for topic in MENU]


def ranked_candidates(
    parse_data: Dict[str, Any], retrieval_intent: str = "faq"
) -> List[str]:
    """Topic keys from the NLU ranking, most likely first.

    The retrieval intent is expanded into its answers, each scored by the
    intent's confidence times the answer's confidence.
    """
    scored: List[tuple] = []
    for ranked in parse_data.get("intent_ranking") or []:
        name, confidence = ranked.get("name"), float(ranked.get("confidence") or 0.0)
        if name == retrieval_intent:
            selector = (parse_data.get("response_selector") or {}).get(
                retrieval_intent
            ) or {}
            for answer in selector.get("ranking") or []:
                key = answer.get("intent_response_key")
                scored.append(
                    (confidence * float(answer.get("confidence") or 0.0), key)
                )
        else:
            scored.append((confidence, name))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    return _unique_known(key for _, key in scored)


def _unique_known(keys: Iterable[Optional[str]]) -> List[str]:
    result: List[str] = []
    for key in keys:
        if key in TOPICS_BY_KEY and key not in result:
            result.append(key)
    return result


def clarifying_buttons(
    parse_data: Dict[str, Any], limit: int = 3
) -> List[Dict[str, str]]:
    return [
        TOPICS_BY_KEY[key].button() for key in ranked_candidates(parse_data)[:limit]
    ]
