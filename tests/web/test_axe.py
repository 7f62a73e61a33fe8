"""axe-core, WCAG 2.0/2.1/2.2 A and AA, no rule disabled: zero violations on the
closed launcher, the open panel, a conversation with buttons, the phone layout
(and the report page)."""

from __future__ import annotations

from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from stack.servers import Stack
from tests.web.axe import violations
from tests.web.chat import Chat
from tests.web.conftest import DESKTOP, PHONE, PageWatch, new_context, watch


@pytest.fixture(params=["desktop", "phone"])
def axe_page(
    request: pytest.FixtureRequest, browser: Browser, stack: Stack
) -> Iterator[Page]:
    """A page that lets the test inject axe-core (the demo page's CSP allows
    only its own scripts)."""
    options = {"viewport": DESKTOP}
    if request.param == "phone":
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    context = new_context(browser, stack, bypass_csp=True, **options)
    page = context.new_page()
    seen = watch(page, PageWatch())
    try:
        yield page
        assert not seen.errors and not seen.foreign_requests, seen
    finally:
        context.close()


def test_no_violations_in_any_state(axe_page: Page) -> None:
    chat = Chat(axe_page).goto("/")
    found = {"closed launcher": violations(axe_page)}
    chat.open()
    found["open panel"] = violations(axe_page)
    chat.ask("what are the side effects")
    expect(chat.quick_reply("Neurological effects")).to_be_visible()
    found["conversation with buttons"] = violations(axe_page)
    print({state: len(v) for state, v in found.items()})
    assert found == {
        "closed launcher": [],
        "open panel": [],
        "conversation with buttons": [],
    }
