"""When things go wrong: the server is unreachable or slow, or a message holds markup."""

from __future__ import annotations

import json

from playwright.sync_api import Page, Route, expect

from actions.topics import topics_by_key
from stack.servers import Stack
from tests.web.chat import WEBHOOK, Chat
from tests.web.conftest import PageWatch

INJECTION = "<img src=x onerror=alert(1)>"


def test_unreachable_server_shows_an_error_and_retry_resends(
    chat: Chat, page: Page
) -> None:
    chat.open()
    page.route(WEBHOOK, lambda route: route.abort("connectionrefused"))

    chat.type_message("what is car t cell therapy")

    expect(chat.error).to_be_visible()
    expect(chat.error).to_contain_text("can't reach the assistant")
    expect(chat.retry).to_be_visible()
    expect(chat.typing).to_have_count(0)
    expect(chat.user).to_have_text(["what is car t cell therapy"])

    # The failed message and its error survive a reload.
    page.reload()
    expect(chat.error).to_be_visible()
    expect(chat.user).to_have_text(["what is car t cell therapy"])

    page.unroute(WEBHOOK)
    with page.expect_request(WEBHOOK) as sent:
        answers = chat.reply_to(chat.retry.click)

    assert sent.value.post_data_json["message"] == "what is car t cell therapy"
    assert sent.value.post_data_json["sender"] == chat.sender_id()
    assert any("Chimeric Antigen Receptor" in answer for answer in answers), answers
    expect(chat.error).to_have_count(0)
    expect(chat.user).to_have_text(["what is car t cell therapy"])  # not sent twice
    assert "status" not in chat.stored_transcript()[0]


def test_server_error_shows_an_error_and_retry_resends_a_button_payload(
    chat: Chat, page: Page, stack: Stack
) -> None:
    chat.open()
    chat.ask("help")
    page.route(
        WEBHOOK,
        lambda route: route.fulfill(
            status=500,
            headers={"Access-Control-Allow-Origin": stack.web_url},
            body="Internal Server Error",
        ),
    )
    chat.quick_reply("Cost").click()
    expect(chat.error).to_contain_text("error 500")
    expect(chat.user.last).to_have_text("Cost")

    page.unroute(WEBHOOK)
    with page.expect_request(WEBHOOK) as sent:
        answers = chat.reply_to(chat.retry.click)
    assert sent.value.post_data_json["message"] == topics_by_key()["faq_cost"].payload
    assert any("expensive" in answer for answer in answers), answers


def test_typing_indicator_shows_while_waiting(chat: Chat, page: Page) -> None:
    chat.open()
    held: list[Route] = []
    page.route(
        WEBHOOK, lambda route: held.append(route)
    )  # hold the request until the test lets it go

    chat.type_message("what is car t cell therapy")
    expect(chat.typing).to_be_visible()
    expect(chat.typing).to_contain_text("The assistant is typing")
    expect(chat.send_button).to_have_attribute("aria-disabled", "true")
    # A second message cannot overtake the first one.
    chat.type_message("help")
    expect(chat.user).to_have_count(1)
    expect(chat.input).to_have_value("help")

    for _ in range(50):  # the route handler runs a moment after the request starts
        if held:
            break
        page.wait_for_timeout(100)
    assert len(held) == 1
    held[0].continue_()
    expect(chat.typing).to_have_count(0, timeout=60_000)
    expect(chat.log).to_contain_text("Chimeric Antigen Receptor")
    expect(chat.send_button).to_have_attribute("aria-disabled", "false")


def test_html_typed_by_the_user_is_shown_as_text(
    chat: Chat, page: Page, page_watch: PageWatch
) -> None:
    chat.open()
    chat.ask(INJECTION)

    expect(chat.user.last).to_have_text(INJECTION)
    expect(chat.log.locator("img")).to_have_count(0)
    page.wait_for_timeout(300)  # an onerror handler would have run by now
    assert page_watch.dialogs == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0


def test_bot_markup_is_shown_as_text_and_only_safe_links_are_made(
    chat: Chat, page: Page, stack: Stack, page_watch: PageWatch
) -> None:
    text = "\n".join(
        [
            f"Careful: {INJECTION} and <script>alert(2)</script> stay text.",
            "This is **important** and [a bad link](javascript:alert(3)).",
            "Read [the article](https://example.org/article) or https://example.org/more.",
            "Write to mailto:care@example.org please",
            "- first point",
            "- second point",
            "1. one",
            "2. two",
        ]
    )
    reply = [
        {
            "recipient_id": "x",
            "text": text,
            "image": "javascript:alert(4)",
            "buttons": [{"title": "<b>bold?</b>", "payload": "/greet"}],
        }
    ]
    page.route(
        WEBHOOK,
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": stack.web_url},
            body=json.dumps(reply),
        ),
    )
    chat.open()
    chat.ask("show me some markup")

    bubble = chat.bot.last
    expect(bubble).to_contain_text(
        f"Careful: {INJECTION} and <script>alert(2)</script> stay"
    )
    expect(bubble).to_contain_text("[a bad link](javascript:alert(3))")
    expect(bubble.locator("img, script, b")).to_have_count(0)
    expect(bubble.locator("strong")).to_have_text("important")
    expect(bubble.locator("ul > li")).to_have_text(["first point", "second point"])
    expect(bubble.locator("ol > li")).to_have_text(["one", "two"])
    expect(bubble.locator("br")).to_have_count(3)  # the four plain lines, one paragraph
    suggested = bubble.get_by_role("group", name="Suggested replies")
    expect(suggested.get_by_role("button")).to_have_text("<b>bold?</b>")

    links = bubble.get_by_role("link")
    expect(links).to_have_text(
        ["the article", "https://example.org/more", "care@example.org"]
    )
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert hrefs == [
        "https://example.org/article",
        "https://example.org/more",
        "mailto:care@example.org",
    ]
    for link in links.all():
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", "noopener noreferrer")

    page.wait_for_timeout(300)
    assert page_watch.dialogs == []
