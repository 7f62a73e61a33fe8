"""Ratings, Save transcript, the contact link, the live region, target sizes and
focus that never hides behind the panel: in the browser, against the real bot."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, Request, expect

from privacy.events import read_events
from stack.servers import ROOT, Stack
from tests.web.chat import Chat, has_focus
from tests.web.conftest import PHONE, PageWatch, new_context, watch
from tests.web.test_demo_page import show_page

DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
PHONE_NUMBER = "+1 555 010 0100"


def test_rating_an_answer_by_keyboard_is_kept_in_the_conversation(
    chat: Chat, page: Page, stack: Stack
) -> None:
    chat.open()
    chat.ask("how much does it cost")
    # One rating per answer (however many bubbles it has).
    expect(
        chat.log.get_by_role("group", name="Was this answer helpful?")
    ).to_have_count(1)
    helpful = chat.log.get_by_role("button", name="Helpful", exact=True)
    expect(helpful).to_have_attribute("aria-pressed", "false")
    helpful.focus()
    with page.expect_response("**/webhooks/feedback/webhook") as saved:
        page.keyboard.press("Space")
    assert saved.value.status == 200
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("status")).to_have_text("Thank you. Your rating was saved.")
    store = stack.workdir / "conversations.db"
    ratings = [
        e.data["data"]["feedback"]
        for e in read_events(store, sender=chat.sender_id())
        if e.type_name == "agent"
    ]
    assert ratings == ["up"]

    page.reload()
    chat.open()
    expect(
        chat.log.get_by_role("button", name="Helpful", exact=True)
    ).to_have_attribute("aria-pressed", "true")
    # The greeting is not an answer: nothing to rate there.
    expect(chat.bot.first.get_by_role("button", name="Helpful")).to_have_count(0)


def test_save_transcript_downloads_the_browsers_copy_without_a_request(
    chat: Chat, page: Page, tmp_path: Path
) -> None:
    chat.open()
    chat.ask("what is car t cell therapy")
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    with page.expect_download() as download:
        page.get_by_role("button", name="Save transcript").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert download.value.suggested_filename == "conversation.txt"
    text = saved.read_text(encoding="utf-8")
    assert "You: what is car t cell therapy" in text
    assert "Assistant: " in text and "Chimeric Antigen Receptor" in text
    assert [r.url for r in requests if not r.url.startswith("blob:")] == []


def contact_page(stack: Stack, page: Page, extra: str = "") -> Chat:
    show_page(
        page,
        f"""<!doctype html><html lang="en"><head><title>Centre</title></head>
        <body><main><h1>Centre</h1>{extra}</main>
        <script src="/widget/chat-widget.js" data-server-url="{stack.rasa_url}"
                data-title="CAR T-cell therapy assistant"
                data-contact-phone="{PHONE_NUMBER}"
                data-contact-label="Call the care team"
                data-storage-key="car-t-chat"></script></body></html>""",
    )
    chat = Chat(page)
    expect(chat.launcher).to_be_visible()
    return chat


def test_contact_link_sits_in_the_header_on_every_screen(
    page: Page, stack: Stack, browser: Browser
) -> None:
    chat = contact_page(stack, page)
    chat.open()
    link = chat.panel.get_by_role("link", name=f"Call the care team: {PHONE_NUMBER}")
    expect(link).to_have_attribute("href", "tel:+15550100100")
    assert link.evaluate("el => !!el.closest('header')")
    chat.ask("what are the side effects")
    expect(link).to_be_in_viewport()
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOTS / "widget.png"))

    context = new_context(browser, stack, viewport=PHONE, is_mobile=True)
    try:
        phone = context.new_page()
        seen = watch(phone, PageWatch())
        small = contact_page(stack, phone)
        small.open()
        on_phone = small.panel.get_by_role(
            "link", name=f"Call the care team: {PHONE_NUMBER}"
        )
        expect(on_phone).to_be_in_viewport()
        assert on_phone.evaluate("el => !!el.closest('header')")
        assert not seen.errors
    finally:
        context.close()


def test_without_a_phone_number_there_is_no_empty_contact_link(chat: Chat) -> None:
    chat.open()
    expect(chat.panel.get_by_role("link")).to_have_count(0)


def test_every_control_is_at_least_24_by_24_pixels(chat: Chat) -> None:
    chat.open()
    chat.ask("what are the side effects")
    controls = chat.panel.locator("button:visible, input:visible")
    sizes = [(c.get_attribute("class"), c.bounding_box()) for c in controls.all()]
    small = [
        (name, box)
        for name, box in sizes
        if box and min(box["width"], box["height"]) < 24
    ]
    assert len(sizes) > 6 and small == []
    launcher = chat.launcher.bounding_box()
    assert launcher and min(launcher["width"], launcher["height"]) >= 24


WATCH_LOG = """() => {
  const log = document.querySelector('[data-chat-widget]').shadowRoot
    .querySelector('[role=log]');
  window.__announced = [];
  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
    if (n.nodeType === 1 && n.getAttribute('aria-hidden') !== 'true')
      window.__announced.push(n.className);
  }))).observe(log, {childList: true});
}"""


def test_live_region_announces_only_new_messages(chat: Chat, page: Page) -> None:
    chat.open()
    chat.ask("what is car t cell therapy")
    # A reload draws the stored conversation before the log joins the page.
    page.add_init_script(
        """(() => { const seen = [];
        window.__early = seen;
        const append = Node.prototype.appendChild;
        Node.prototype.appendChild = function (child) {
          if (this.getAttribute && this.getAttribute('role') === 'log' && this.isConnected)
            seen.push(child.className);
          return append.call(this, child); }; })()"""
    )
    page.reload()
    chat.open()
    expect(chat.bot).to_have_count(3)  # greeting, notice, answer
    assert page.evaluate("window.__early") == []
    page.evaluate(WATCH_LOG)
    chat.ask("how much does it cost")
    announced = page.evaluate("window.__announced")
    assert announced and all(
        name.startswith("ctw-msg ctw-msg--user")
        or name.startswith("ctw-msg ctw-msg--bot")
        for name in announced
    ), announced


def test_focus_on_the_page_never_hides_behind_the_panel(
    page: Page, stack: Stack
) -> None:
    filler = "<p>Text.</p>" * 60
    chat = contact_page(
        stack,
        page,
        f'{filler}<p style="text-align:right"><a href="#x" id="late">A late link</a></p>'
        f"{filler}",
    )
    chat.open()
    late = page.locator("#late")
    late.scroll_into_view_if_needed()
    page.evaluate(
        "() => { const r = document.querySelector('#late').getBoundingClientRect();"
        " window.scrollBy(0, r.top - (innerHeight - 60)); }"
    )
    late.focus()
    assert has_focus(late)
    box, panel = late.bounding_box(), chat.panel.bounding_box()
    assert box and panel
    covered = (
        box["x"] < panel["x"] + panel["width"]
        and panel["x"] < box["x"] + box["width"]
        and box["y"] < panel["y"] + panel["height"]
        and panel["y"] < box["y"] + box["height"]
    )
    assert not covered, (box, panel)
    expect(chat.panel).to_be_visible()  # scrolled clear, the panel stays open
