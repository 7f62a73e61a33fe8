"""Browser fixtures for the chat widget tests: one Chromium per session, a fresh
browser context (so fresh localStorage and a new sender id) per test.

Every page fails its test if it throws an uncaught error or tries to reach
anything but 127.0.0.1; such requests are blocked before they leave the machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from stack.servers import ROOT, Stack
from tests.web.chat import Chat

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=15_000)


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


@dataclass
class PageWatch:
    """What happened on a page that a user should never see."""

    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def new_context(browser: Browser, stack: Stack, **options) -> BrowserContext:
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(base_url=stack.web_url, **options)
    context.route(lambda url: not is_loopback(url), lambda route: route.abort())
    return context


def watch(page: Page, seen: PageWatch) -> PageWatch:
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on(
        "dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss())
    )
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text)
            if message.type == "error"
            else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if is_loopback(request.url)
            else seen.foreign_requests.append(request.url)
        ),
    )
    return seen


@pytest.fixture
def context(browser: Browser, stack: Stack) -> Iterator[BrowserContext]:
    context = new_context(browser, stack)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page_watch() -> PageWatch:
    """Errors, dialogs and foreign requests seen on `page`."""
    return PageWatch()


@pytest.fixture
def page(context: BrowserContext, page_watch: PageWatch) -> Iterator[Page]:
    page = context.new_page()
    seen = watch(page, page_watch)
    yield page
    assert not seen.errors, f"JavaScript errors on the page: {seen.errors}"
    assert not seen.foreign_requests, (
        f"requests to other hosts: {seen.foreign_requests}"
    )
    assert not seen.dialogs, f"dialogs opened: {seen.dialogs}"


@pytest.fixture
def chat(page: Page) -> Chat:
    return Chat(page).goto("/")


@pytest.fixture
def phone(browser: Browser, stack: Stack) -> Iterator[Page]:
    context = new_context(
        browser,
        stack,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    seen = watch(page, PageWatch())
    try:
        yield page
        assert not seen.errors, f"JavaScript errors on the page: {seen.errors}"
        assert not seen.foreign_requests, (
            f"requests to other hosts: {seen.foreign_requests}"
        )
    finally:
        context.close()
