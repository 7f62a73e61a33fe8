"""Keyboard-only use, ARIA, visible focus, and the phone-sized layout (with screenshots)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.chat import Chat, has_focus, outline


def assert_focus_visible(locator) -> None:
    ring = outline(locator)
    assert ring["style"] != "none" and ring["width"] >= 2, ring


def test_keyboard_only_conversation(chat: Chat, page: Page) -> None:
    page.locator("body").focus()
    for _ in range(20):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if has_focus(chat.launcher):
            break
    assert has_focus(chat.launcher), "Tab never reached the chat launcher"
    assert_focus_visible(chat.launcher)

    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.input).to_be_focused()

    before = chat.bot.count()
    page.keyboard.type("what are the side effects")
    page.keyboard.press("Enter")
    expect(chat.bot.nth(before)).to_be_visible(timeout=60_000)
    expect(chat.quick_reply("Neurological effects")).to_be_visible()
    expect(chat.input).to_be_focused()

    # The suggested replies sit right above the text box: Shift+Tab reaches them.
    page.keyboard.press("Shift+Tab")
    expect(chat.quick_reply("Neurological effects")).to_be_focused()
    assert_focus_visible(chat.quick_reply("Neurological effects"))
    page.keyboard.press("Shift+Tab")
    expect(chat.quick_reply("Cytokine release syndrome")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(chat.input).to_be_focused()
    page.keyboard.press("Tab")
    expect(chat.send_button).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(chat.quick_reply("Neurological effects")).to_be_focused()

    before = chat.bot.count()
    page.keyboard.press("Enter")
    expect(chat.bot.nth(before)).to_contain_text("Neurological effects", timeout=60_000)
    expect(chat.user.last).to_have_text("Neurological effects")

    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()

    page.keyboard.press("Enter")  # and back again
    expect(chat.panel).to_be_visible()
    expect(chat.user.last).to_have_text("Neurological effects")


def test_header_buttons_are_reachable_by_keyboard(chat: Chat, page: Page) -> None:
    chat.launcher.focus()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    page.keyboard.press("Shift+Tab")  # the conversation, scrollable by keyboard
    expect(chat.log).to_be_focused()
    assert_focus_visible(chat.log)
    page.keyboard.press("Shift+Tab")
    expect(chat.close_button).to_be_focused()
    assert_focus_visible(chat.close_button)
    page.keyboard.press("Shift+Tab")
    expect(chat.start_over_button).to_be_focused()
    assert_focus_visible(chat.start_over_button)
    page.keyboard.press("Tab")
    expect(chat.close_button).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()


def test_aria_roles_labels_and_live_region(chat: Chat) -> None:
    expect(chat.launcher).to_have_attribute("aria-controls", "ctw-panel")
    chat.open()
    expect(chat.panel).to_have_attribute("id", "ctw-panel")
    expect(chat.log).to_have_attribute("aria-live", "polite")
    expect(chat.close_button).to_be_visible()
    expect(chat.input).to_be_editable()
    answers = chat.ask("help")
    assert answers
    # New bot messages land inside the live region, labelled for screen readers.
    expect(chat.bot.last).to_contain_text("Assistant said:")
    expect(chat.log.locator(".ctw-msg--user").last).to_contain_text("You said:")
    expect(chat.log.get_by_role("group", name="Suggested replies")).to_have_count(1)


def test_phone_layout_is_full_screen(phone: Page, screenshots: Path) -> None:
    chat = Chat(phone).goto("/")
    phone.screenshot(path=str(screenshots / "phone-closed.png"))
    chat.launcher.tap()
    expect(chat.panel).to_be_visible()

    box = chat.panel.bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844), box
    expect(chat.launcher).to_be_hidden()  # the panel covers the screen, no stray button
    expect(chat.input).to_be_in_viewport()
    expect(chat.close_button).to_be_in_viewport()

    chat.ask("what are the side effects")
    expect(chat.quick_reply("Neurological effects")).to_be_visible()
    phone.screenshot(path=str(screenshots / "phone-open.png"))

    chat.close_button.tap()
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_visible()


def test_desktop_layout_and_screenshots(
    chat: Chat, page: Page, screenshots: Path
) -> None:
    page.screenshot(path=str(screenshots / "desktop-closed.png"))
    chat.open()
    chat.ask("help")
    chat.click("Cost")
    box = chat.panel.bounding_box()
    assert box is not None
    # A panel in the bottom right corner, the page still visible beside it.
    assert box["width"] < 500 and box["x"] > 640, box
    assert box["y"] + box["height"] <= 800
    expect(chat.launcher).to_be_visible()
    page.screenshot(path=str(screenshots / "desktop-open.png"))
    assert (screenshots / "desktop-open.png").stat().st_size > 10_000
