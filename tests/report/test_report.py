"""The report's figures, masking and grouping, from events as the store keeps them."""

from __future__ import annotations

from typing import Any

import pytest

from privacy.events import StoredEvent
from report.group import group_questions
from report.mask import mask
from report.metrics import build_report
from report.render import to_html, to_markdown

DAY = 1_796_000_000.0  # 2026-11-30, UTC


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call me on 555 123 4567 please", "call me on [phone] please"),
        ("my number is +44 (0)20 7946-0958", "my number is [phone]"),
        ("write to jo.smith@example.org", "write to [email]"),
        ("I am 42 years old", "I am ## years old"),
        ("see https://example.org/x?id=7", "see [link]"),
        ("no personal details", "no personal details"),
    ],
)
def test_masking_hides_phone_numbers_emails_links_and_digits(
    text: str, expected: str
) -> None:
    assert mask(text) == expected


def test_similar_questions_are_grouped_with_counts() -> None:
    groups = group_questions(
        [
            "can my dog eat grapes",
            "can my dog eat grapes?",
            "Can a dog eat grapes",
            "what is the weather today",
        ]
    )
    assert [(g.count, g.example) for g in groups] == [
        (3, "can my dog eat grapes"),
        (1, "what is the weather today"),
    ]


def user(sender: str, text: str, intent: str, t: float) -> StoredEvent:
    data = {"text": text, "parse_data": {"intent": {"name": intent}}}
    return StoredEvent(sender, "user", t, intent, None, data)


def action(sender: str, name: str, t: float) -> StoredEvent:
    return StoredEvent(sender, "action", t, None, name, {})


def bot(sender: str, response: str, t: float) -> StoredEvent:
    data: dict[str, Any] = {"text": "...", "metadata": {"utter_action": response}}
    return StoredEvent(sender, "bot", t, None, None, data)


def rating(sender: str, value: str, response: str | None, t: float) -> StoredEvent:
    data = {"data": {"feedback": value, "response": response}}
    return StoredEvent(sender, "agent", t, None, None, data)


def events() -> list[StoredEvent]:
    a, b = "alice", "bob"
    return [
        user(a, "what does it cost", "faq_cost", DAY),
        action(a, "utter_faq_cost", DAY + 1),
        bot(a, "utter_faq_cost", DAY + 1),
        rating(a, "up", "utter_faq_cost", DAY + 2),
        user(a, "my dad has a fever, call 555 123 4567", "report_symptom", DAY + 3),
        bot(a, "utter_symptom_urgent", DAY + 4),
        user(a, "can I talk to a nurse", "talk_to_person", DAY + 5),
        user(b, "what is the weather", "out_of_scope", DAY + 86_400),
        bot(b, "utter_out_of_scope", DAY + 86_401),
        user(b, "blorp", "nlu_fallback", DAY + 86_402),
        action(b, "action_clarify", DAY + 86_403),
        rating(b, "down", "utter_faq_cost", DAY + 86_404),
    ]


def test_report_counts_what_patients_did() -> None:
    report = build_report(events(), days=30)
    assert report.conversations == 2
    assert report.messages == 5
    assert report.messages_per_day == {"2026-11-30": 3, "2026-12-01": 2}
    assert report.conversations_per_day == {"2026-11-30": 1, "2026-12-01": 1}
    assert report.topics["faq_cost"] == 1 and "nlu_fallback" not in report.topics
    assert (report.clarifications, report.out_of_scope) == (1, 1)
    assert report.rate(report.out_of_scope) == pytest.approx(0.2)
    assert report.escalations == 1
    assert report.person_requests == 1
    assert dict(report.feedback["utter_faq_cost"]) == {"up": 1, "down": 1}
    assert [g.example for g in report.unanswered] == ["blorp", "what is the weather"]


def test_report_pages_show_the_figures_and_no_personal_details() -> None:
    evts = events() + [
        user("carol", "email me at c@example.org or 0612345678", "out_of_scope", DAY)
    ]
    report = build_report(evts, days=7)
    markdown, html = to_markdown(report), to_html(report)
    for page in (markdown, html):
        assert "the last 7 days" in page
        assert "utter_faq_cost" in page
        assert "[email]" in page and "[phone]" in page
        assert "c@example.org" not in page and "0612345678" not in page
    assert html.count("<svg") == 3 and "http" not in html.replace(
        "http://www.w3.org", ""
    )


def test_an_empty_store_gives_a_report_without_errors() -> None:
    report = build_report([], days=30)
    assert report.messages == 0 and report.rate(0) == 0.0
    assert "No data" in to_html(report)
