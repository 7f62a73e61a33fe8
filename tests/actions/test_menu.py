"""The topic menu and the clarifying question offered when the bot is unsure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.menu import ActionClarify, ActionShowCapabilities
from actions.topics import (
    button_registry,
    menu,
    ranked_candidates,
    topics,
    topics_by_key,
)
from site_settings.phrases import generic
from tests.support.conversation import responses_of


def parse(intents: list) -> dict:
    return {"intent_ranking": [{"name": n, "confidence": c} for n, c in intents]}


async def test_capabilities_lists_the_menu_as_buttons(dispatcher, make_tracker, domain):
    await ActionShowCapabilities().run(
        dispatcher, make_tracker("ask_capabilities"), domain
    )
    assert responses_of(dispatcher) == ["utter_capabilities"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == [t.title for t in menu()]
    assert {"Side effects", "Cost", "How it works: the four steps"} <= set(titles)


@pytest.mark.parametrize(
    "parse_data, expected",
    [
        # FAQ topics and other topics, in the order of the ranking
        (
            parse(
                [
                    ("nlu_fallback", 0.45),
                    ("faq_cost", 0.4),
                    ("ask_side_effects", 0.3),
                    ("faq_access", 0.2),
                ]
            ),
            ["faq_cost", "ask_side_effects", "faq_access"],
        ),
        # intents without a topic (greet, out_of_scope) are skipped
        (
            parse(
                [
                    ("nlu_fallback", 0.4),
                    ("greet", 0.39),
                    ("out_of_scope", 0.3),
                    ("steps_overview", 0.2),
                ]
            ),
            ["steps_overview"],
        ),
        (parse([("nlu_fallback", 0.4), ("greet", 0.6)]), []),
    ],
)
def test_ranked_candidates(parse_data, expected):
    assert ranked_candidates(parse_data) == expected


async def test_clarify_offers_at_most_three_closest_topics(
    dispatcher, make_tracker, domain
):
    parse_data = parse(
        [
            ("nlu_fallback", 0.45),
            ("faq_duration", 0.4),
            ("steps_overview", 0.3),
            ("ask_side_effects", 0.2),
            ("faq_cost", 0.05),
        ]
    )
    tracker = make_tracker("nlu_fallback", parse_data=parse_data)
    await ActionClarify().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == ["utter_clarify"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == [
        "How long it takes",
        "How it works: the four steps",
        "Side effects",
    ]


async def test_clarify_without_candidates_says_it_did_not_understand(
    dispatcher, make_tracker, domain
):
    tracker = make_tracker(
        "nlu_fallback", parse_data=parse([("nlu_fallback", 0.4), ("greet", 0.3)])
    )
    await ActionClarify().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher) == ["utter_default"]


def test_every_topic_answers_with_an_existing_intent_or_faq_response(domain):
    intents = set(domain["intents"])
    for topic in topics():
        if topic.key.startswith("faq_"):
            assert f"utter_{topic.key}" in domain["responses"], topic.key
        else:
            assert topic.key in intents, topic.key
        if topic.payload.startswith("/"):
            assert topic.payload[1:] in intents, topic.payload


def test_every_faq_answer_has_a_topic(domain):
    faq_keys = {
        name[len("utter_") :]
        for name in domain["responses"]
        if name.startswith("utter_faq_")
    }
    assert faq_keys <= set(topics_by_key())


@pytest.mark.parametrize(
    "ranking, escalates",
    [
        ([("nlu_fallback", 0.4), ("faq_cost", 0.3), ("report_symptom", 0.2)], True),
        (
            [
                ("nlu_fallback", 0.4),
                ("faq_cost", 0.3),
                ("faq_access", 0.2),
                ("faq_cure", 0.1),
                ("report_symptom", 0.05),
            ],
            False,
        ),
    ],
)
async def test_clarify_escalates_when_a_symptom_report_is_likely(
    dispatcher, make_tracker, domain, ranking, escalates
):
    tracker = make_tracker("nlu_fallback", parse_data=parse(ranking))
    await ActionClarify().run(dispatcher, tracker, domain)
    said = responses_of(dispatcher)
    assert (said[0] == "utter_symptom_urgent") is escalates
    assert said[-1] in ("utter_clarify", "utter_default")


@pytest.mark.parametrize(
    "entities, first",
    [
        ([{"entity": "step", "value": "expansion"}], "utter_step_expansion"),
        (
            [{"entity": "side_effect", "value": "neurological_effects"}],
            "utter_side_effect_neurological_effects",
        ),
        # two things named: the closest topics are offered instead
        (
            [
                {"entity": "step", "value": "expansion"},
                {"entity": "step", "value": "infusion"},
            ],
            "utter_clarify",
        ),
    ],
)
async def test_an_unsure_message_that_names_one_step_gets_that_step(
    dispatcher, make_tracker, domain, entities, first
):
    parse_data = {
        **parse([("nlu_fallback", 0.3), ("faq_cost", 0.2), ("ask_step", 0.2)]),
        "entities": entities,
    }
    tracker = make_tracker("nlu_fallback", parse_data=parse_data)
    await ActionClarify().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == first


SAFETY_POINTER = (
    "If you have symptoms after treatment, contact your care team or call your "
    "local emergency number now."
)


@pytest.mark.parametrize(
    "response",
    ["utter_clarify", "utter_default", "utter_out_of_scope", "utter_trouble"],
)
def test_every_fallback_reply_points_to_the_care_team(domain, response):
    assert SAFETY_POINTER in generic(domain["responses"][response][0]["text"])


def test_every_button_is_defined_once_in_the_registry() -> None:
    """Responses use the `buttons:` entries by alias; no title or payload is repeated."""
    root = Path(__file__).resolve().parents[2]
    registry = button_registry()
    for path in [root / "domain.yml", *sorted((root / "data").rglob("*.yml"))]:
        text = path.read_text(encoding="utf-8")
        responses = text.split("\nresponses:", 1)[-1] if "\nresponses:" in text else ""
        assert "payload:" not in responses, (
            f"{path.name}: a button outside the registry"
        )
        for variants in (yaml.safe_load(text) or {}).get("responses", {}).values():
            for variant in variants:
                for button in variant.get("buttons") or []:
                    assert button in registry.values(), (path.name, button)
    assert len({b["title"] + b["payload"] for b in registry.values()}) == len(registry)
    assert {topic.key for topic in topics()} <= set(registry)


@pytest.mark.parametrize(
    "text, slots, first",
    [
        # on the steps: a step by its place, or before/after the one last shown
        ("and the first?", {"current_step": "expansion"}, "utter_step_extraction"),
        ("what was the 4th again", {"thread": "steps_overview"}, "utter_step_infusion"),
        (
            "what precedes it?",
            {"current_step": "modification"},
            "utter_step_extraction",
        ),
        # on the side effects: the other one
        (
            "what about the other one",
            {"side_effect": "neurological_effects"},
            "utter_side_effect_cytokine_release_syndrome",
        ),
        # nothing in the conversation to go on: the closest topics
        ("and the first?", {}, "utter_clarify"),
    ],
)
async def test_an_unsure_message_the_conversation_makes_clear_is_answered(
    dispatcher, make_tracker, domain, text, slots, first
):
    parse_data = parse([("nlu_fallback", 0.3), ("faq_cost", 0.2), ("ask_step", 0.2)])
    tracker = make_tracker(
        "nlu_fallback", text=text, slots=slots, parse_data=parse_data
    )
    await ActionClarify().run(dispatcher, tracker, domain)
    assert responses_of(dispatcher)[0] == first
