"""A page object for the chat widget: what a user sees and does, in test terms."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

TITLE = "CAR T-cell therapy assistant"
STORAGE_KEY = "car-t-chat"  # data-storage-key on the demo page
WEBHOOK = "**/webhooks/rest/webhook"
ANSWER_TIMEOUT = 60_000  # ms; the Rasa server shares 2 cores with everything else
UUID4 = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)


class Chat:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.get_by_role("button", name=f"Chat: {TITLE}")
        self.panel = page.get_by_role("dialog", name=TITLE)
        self.log = page.get_by_role("log", name="Conversation")
        self.input = page.get_by_role("textbox", name="Your message")
        self.send_button = page.get_by_role("button", name="Send", exact=True)
        self.close_button = page.get_by_role("button", name="Close chat")
        self.start_over_button = page.get_by_role("button", name="Start over")
        self.error = page.get_by_role("alert")
        self.retry = page.get_by_role("button", name="Retry")
        self.bot = self.log.locator(".ctw-msg--bot")
        self.user = self.log.locator(".ctw-msg--user .ctw-bubble")
        self.typing = self.log.locator(".ctw-msg--typing")

    # -- navigation -----------------------------------------------------------
    def goto(self, path: str = "/") -> Chat:
        self.page.goto(path)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> None:
        if not self.panel.is_visible():
            self.launcher.click()
        expect(self.panel).to_be_visible()

    # -- conversation ---------------------------------------------------------
    def reply_to(self, action: Callable[[], None]) -> list[str]:
        """Do `action`, wait for the bot's answer, return the new bot bubbles' texts."""
        before = self.bot.count()
        action()
        expect(self.bot.nth(before)).to_be_visible(timeout=ANSWER_TIMEOUT)
        expect(self.typing).to_have_count(0, timeout=ANSWER_TIMEOUT)
        return [self.bubble_text(i) for i in range(before, self.bot.count())]

    def bubble_text(self, index: int) -> str:
        """The text of the index-th bot message, as shown (no screen-reader prefix)."""
        return "\n".join(self.bot.nth(index).locator(".ctw-bubble").all_inner_texts())

    def type_message(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def ask(self, text: str) -> list[str]:
        return self.reply_to(lambda: self.type_message(text))

    def quick_reply(self, title: str) -> Locator:
        """The newest quick-reply button with this title."""
        return self.log.get_by_role("button", name=title, exact=True).last

    def click(self, title: str) -> list[str]:
        return self.reply_to(lambda: self.quick_reply(title).click())

    def texts(self) -> list[str]:
        """Every bubble in the conversation, in order."""
        return self.log.locator(".ctw-msg .ctw-bubble").all_inner_texts()

    # -- storage --------------------------------------------------------------
    def sender_id(self) -> str:
        return self.page.evaluate(
            "key => localStorage.getItem(key)", f"{STORAGE_KEY}:sender"
        )

    def stored_transcript(self) -> list:
        return self.page.evaluate(
            "key => JSON.parse(localStorage.getItem(key) || '[]')",
            f"{STORAGE_KEY}:transcript",
        )


def has_focus(locator: Locator) -> bool:
    """True if the element has focus (inside the widget's shadow root too)."""
    return locator.evaluate(
        "el => el.getRootNode().activeElement === el && document.hasFocus()"
    )


def outline(locator: Locator) -> dict:
    return locator.evaluate(
        """el => { const s = getComputedStyle(el);
                   return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
    )
