"""The demo page, the widget's options and embedding it with one script tag."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from stack.servers import Stack
from tests.web.chat import WEBHOOK, Chat
from tests.web.conftest import PageWatch


def test_demo_page_explains_the_assistant(
    chat: Chat, page: Page, page_watch: PageWatch
) -> None:
    expect(page).to_have_title("CAR T-cell therapy assistant")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "CAR T-cell therapy assistant"
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("not a person and not a doctor")
    expect(main).to_contain_text("one published article")
    expect(main).to_contain_text("not medical advice")
    expect(main).to_contain_text(
        "contact your treatment team or emergency services right away"
    )

    chat.open()
    chat.ask("hello")
    # No Content-Security-Policy violation or failed load on the way.
    assert page_watch.console_errors == []


def test_demo_page_uses_the_server_from_config_js(
    chat: Chat, page: Page, stack: Stack
) -> None:
    assert page.evaluate("window.ChatWidgetConfig.serverUrl") == stack.rasa_url
    chat.open()
    with page.expect_request(WEBHOOK) as sent:
        chat.ask("hello")
    assert sent.value.url.startswith(stack.rasa_url + "/")
    # The demo page's colour reaches the widget.
    colour = chat.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(11, 92, 173)"


def show_page(page: Page, html: str) -> None:
    """Show `html` as a page of the web server's origin.

    A page made up by page.route() would count as a public page for Chromium,
    which then refuses its requests to a server on 127.0.0.1 (Local Network
    Access); so write it into a real (404) page of the loopback web server.
    """
    page.goto("/no-such-page-for-the-embedding-test")
    page.set_content(html)


def test_widget_embeds_with_one_script_tag_and_data_attributes(
    page: Page, stack: Stack
) -> None:
    host_page = f"""<!doctype html><html lang="en"><head><title>Another site</title></head>
    <body><h1>Another site</h1><p>Some text.</p>
    <script src="/widget/chat-widget.js"
            data-server-url="{stack.rasa_url}/"
            data-title="Test helper"
            data-greeting="Hi from the embedding page."
            data-primary-color="rgb(120, 20, 90)"
            data-primary-text-color="#ffffee"
            data-position="left"
            data-launcher-label="Ask us"
            data-storage-key="embed-test"></script></body></html>"""
    show_page(page, host_page)

    launcher = page.get_by_role("button", name="Ask us: Test helper")
    expect(launcher).to_be_visible()
    box = launcher.bounding_box()
    assert box is not None and box["x"] < 100, box  # data-position="left"
    assert (
        launcher.evaluate("el => getComputedStyle(el).backgroundColor")
        == "rgb(120, 20, 90)"
    )
    assert launcher.evaluate("el => getComputedStyle(el).color") == "rgb(255, 255, 238)"
    # The page's own styles do not change the widget's, nor the other way round.
    expect(page.get_by_role("heading", name="Another site")).to_be_visible()

    launcher.click()
    panel = page.get_by_role("dialog", name="Test helper")
    expect(panel).to_be_visible()
    expect(panel.locator(".ctw-msg--bot").first).to_have_text(
        "Assistant said:Hi from the embedding page."
    )
    textbox = page.get_by_role("textbox", name="Your message")
    with page.expect_request(WEBHOOK) as sent:
        textbox.fill("what is car t cell therapy")
        textbox.press("Enter")
    assert (
        sent.value.url == f"{stack.rasa_url}/webhooks/rest/webhook"
    )  # trailing / dropped
    expect(panel).to_contain_text("Chimeric Antigen Receptor", timeout=60_000)
    assert page.evaluate("localStorage.getItem('embed-test:sender')")


def test_script_included_twice_makes_one_widget(page: Page, stack: Stack) -> None:
    tag = f'<script src="/widget/chat-widget.js" data-server-url="{stack.rasa_url}"></script>'
    show_page(page, f"<!doctype html><body>{tag}{tag}</body>")
    expect(page.locator("[data-chat-widget]")).to_have_count(1)
    expect(page.get_by_role("button", name="Chat: Chat assistant")).to_have_count(1)
