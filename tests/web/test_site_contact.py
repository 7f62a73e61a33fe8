"""A centre's contact details in the replies: over REST, in the widget, without actions.

Its own stack, started with the site settings in the environment as `make run`
would pass them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from stack.servers import Stack
from tests.web.chat import Chat
from tests.web.conftest import new_context

PHONE = "020 7946 0000"
SITE_ENV = {
    "SITE_CARE_TEAM_PHONE": PHONE,
    "SITE_CARE_TEAM_HOURS": "Monday to Friday, 9am to 5pm",
    "SITE_EMERGENCY_NUMBER": "999",
}


@pytest.fixture(scope="module")
def site_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with pytest.MonkeyPatch.context() as env:
        for name, value in SITE_ENV.items():
            env.setenv(name, value)
        running = Stack(tmp_path_factory.mktemp("site-stack")).start()
    try:
        yield running
    finally:
        running.stop()


def texts(replies: list) -> list:
    return [reply.get("text", "") for reply in replies]


def test_urgent_reply_over_rest_has_the_care_teams_number(site_stack: Stack) -> None:
    replies = texts(site_stack.say("site-rest", "I have a high fever after my car t"))
    urgent = [t for t in replies if "can't check symptoms" in t]
    assert urgent, replies
    assert f"call your care team on [{PHONE}](tel:02079460000) now" in urgent[0]
    assert "call [999](tel:999)" in urgent[0]


def test_widget_shows_the_number_as_a_phone_link(
    browser: Browser, site_stack: Stack
) -> None:
    context = new_context(browser, site_stack)
    try:
        chat = Chat(context.new_page()).goto("/")
        chat.open()
        answers = chat.ask("can I talk to a nurse?")
        assert any(PHONE in answer for answer in answers), answers
        assert any("Monday to Friday, 9am to 5pm" in answer for answer in answers)
        link = chat.bot.last.get_by_role("link", name=PHONE)
        expect(link).to_have_attribute("href", "tel:02079460000")
        expect(link).not_to_have_attribute("target", "_blank")
        urgent = chat.ask("my dad has a fever since his infusion")
        assert any(PHONE in answer for answer in urgent), urgent
        expect(chat.bot.last.get_by_role("link", name="999")).to_be_visible()
    finally:
        context.close()


def test_after_a_symptom_report_asking_for_a_person_leads_with_the_emergency_line(
    site_stack: Stack,
) -> None:
    site_stack.say("site-urgent", "my wife is confused since her car t infusion")
    replies = texts(site_stack.say("site-urgent", "is there a number I can call?"))
    reply = next(t for t in replies if PHONE in t)
    assert reply.startswith("If it feels like an emergency, call [999](tel:999) now.")


def test_contact_reply_works_with_the_action_server_down(site_stack: Stack) -> None:
    site_stack.servers["actions"].stop()
    try:
        for sender, message in [
            ("site-down-1", "can I speak to a real person"),
            ("site-down-2", "my son has chills and a fever after car t"),
        ]:
            replies = texts(site_stack.say(sender, message))
            assert any(PHONE in t for t in replies), (message, replies)
    finally:
        site_stack.servers["actions"].start()


def test_widget_header_calls_the_care_team_from_the_site_settings(
    browser: Browser, site_stack: Stack
) -> None:
    context = new_context(browser, site_stack)
    try:
        chat = Chat(context.new_page()).goto("/")
        chat.open()
        link = chat.page.get_by_role("link", name=f"Call your care team: {PHONE}")
        expect(link).to_have_attribute("href", "tel:02079460000")
        expect(
            chat.page.get_by_text("Monday to Friday, 9am to 5pm").first
        ).to_be_visible()
    finally:
        context.close()
