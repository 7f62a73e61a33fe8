"""axe-core, WCAG 2.0/2.1/2.2 A and AA, no rule disabled: zero violations on the
closed launcher, the open panel, a conversation with buttons, the phone layout
(and the report page)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from stack.servers import ROOT, Stack
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


def test_report_page_opens_in_the_browser_with_its_charts(
    browser: Browser, stack: Stack
) -> None:
    """make report on the store the browser tests filled, then the page itself."""
    stack.say("report-page-check", "can my cat eat chocolate")
    env = {**os.environ, "TRACKER_DB": str(stack.workdir / "conversations.db")}
    result = subprocess.run(
        ["make", "--no-print-directory", "report", "DAYS=30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    html = (ROOT / "reports" / "report.html").read_text(encoding="utf-8")
    context = new_context(browser, stack, viewport={"width": 1000, "height": 1400})
    try:
        page = context.new_page()
        seen = watch(page, PageWatch())
        page.goto("about:blank")
        page.set_content(html)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Conversation report: the last 30 days"
        )
        expect(page.get_by_role("img", name="Messages per day")).to_be_visible()
        expect(page.get_by_role("img", name="Topics asked")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("can my cat eat chocolate")
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(docs / "report.png"), full_page=True)
        assert violations(page) == []
        assert not seen.errors and not seen.foreign_requests
    finally:
        context.close()
