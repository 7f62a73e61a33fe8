"""Asking the real bot through the widget: typed questions, buttons, formatting, reload."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from actions.topics import topics_by_key
from stack.servers import Stack
from tests.web.chat import TITLE, UUID4, WEBHOOK, Chat
from tests.web.conftest import new_context


def test_launcher_opens_and_closes_the_chat(chat: Chat) -> None:
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")

    chat.launcher.click()
    expect(chat.panel).to_be_visible()
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    expect(chat.panel.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(chat.bot.first).to_contain_text("not a doctor")  # the greeting
    expect(chat.input).to_be_focused()

    chat.launcher.click()
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")

    chat.launcher.click()
    chat.close_button.click()
    expect(chat.panel).to_be_hidden()


def test_typed_question_is_answered(chat: Chat, stack: Stack) -> None:
    chat.open()
    with chat.page.expect_request(WEBHOOK) as sent:
        answers = chat.ask("what is car t cell therapy")

    assert sent.value.url == f"{stack.rasa_url}/webhooks/rest/webhook"
    body = sent.value.post_data_json
    assert body["message"] == "what is car t cell therapy"
    assert UUID4.match(body["sender"]) and body["sender"] == chat.sender_id()
    expect(chat.user.last).to_have_text("what is car t cell therapy")
    # A new conversation starts with the bot's not-medical-advice notice.
    assert "can't give medical advice" in answers[0]
    assert any("Chimeric Antigen Receptor" in answer for answer in answers), answers
    expect(chat.input).to_have_value("")


def test_help_shows_topic_buttons_and_clicking_one_sends_its_payload(
    chat: Chat,
) -> None:
    chat.open()
    chat.ask("help")
    for title in ["What CAR T-cell therapy is", "Side effects", "Cost", "Benefits"]:
        expect(chat.quick_reply(title)).to_be_visible()

    with chat.page.expect_request(WEBHOOK) as sent:
        answers = chat.click("Cost")

    # The payload goes to the bot; the user sees the button's title.
    assert sent.value.post_data_json["message"] == topics_by_key()["faq_cost"].payload
    expect(chat.user.last).to_have_text("Cost")
    assert any("expensive" in answer for answer in answers), answers


def test_side_effects_offer_buttons_and_show_a_bulleted_list(chat: Chat) -> None:
    chat.open()
    answers = chat.ask("what are the side effects")
    assert any("cytokine release syndrome" in answer for answer in answers), answers

    overview = chat.bot.filter(has_text="The article names two")
    items = overview.locator("ul > li")
    expect(items).to_have_text(
        ["cytokine release syndrome (CRS)", "neurological effects"]
    )
    replies = overview.get_by_role("group", name="Suggested replies")
    expect(replies.get_by_role("button")).to_have_text(
        ["Cytokine release syndrome", "Neurological effects"]
    )

    answers = chat.click("Neurological effects")
    expect(chat.user.last).to_have_text("Neurological effects")
    assert answers[0].startswith("Neurological effects"), answers
    # The intent payload behind the button is never shown.
    expect(chat.log).not_to_contain_text("/ask_side_effect_detail")
    expect(chat.log).not_to_contain_text('"side_effect"')


def test_numbered_steps_show_as_an_ordered_list(chat: Chat) -> None:
    chat.open()
    chat.ask("help")
    chat.click("How it works: the four steps")
    steps = chat.bot.filter(has_text="four steps").locator("ol > li")
    expect(steps).to_have_count(4)
    expect(steps.first).to_contain_text("Extraction")
    expect(steps.last).to_contain_text("Infusion")


def test_reload_keeps_the_conversation_and_the_sender(chat: Chat, page: Page) -> None:
    chat.open()
    answers = chat.ask("walk me through the steps")
    assert any("Step 1 of 4" in answer for answer in answers), answers
    sender = chat.sender_id()
    before = chat.texts()

    page.reload()

    expect(chat.panel).to_be_visible()  # it was open, it stays open
    expect(chat.log.locator(".ctw-msg .ctw-bubble")).to_have_text(before)
    assert chat.sender_id() == sender
    # The restored "Next step" button still works, and the bot remembers where we are:
    # the same sender id, so the same conversation on the server.
    answers = chat.click("Next step")
    assert any("Step 2 of 4" in answer for answer in answers), answers


def test_closed_chat_stays_closed_after_reload_but_keeps_the_transcript(
    chat: Chat, page: Page
) -> None:
    chat.open()
    chat.ask("what is car t cell therapy")
    chat.close_button.click()
    page.reload()
    expect(chat.launcher).to_be_visible()
    expect(chat.panel).to_be_hidden()
    chat.launcher.click()
    expect(chat.user).to_have_text(["what is car t cell therapy"])


def test_start_over_gives_a_new_sender_and_an_empty_conversation(
    chat: Chat, page: Page
) -> None:
    chat.open()
    chat.ask("walk me through the steps")
    old_sender = chat.sender_id()
    assert UUID4.match(old_sender)

    chat.start_over_button.click()

    expect(chat.user).to_have_count(0)
    expect(chat.bot).to_have_count(1)  # only the greeting
    expect(chat.input).to_be_focused()
    new_sender = chat.sender_id()
    assert UUID4.match(new_sender) and new_sender != old_sender
    assert chat.stored_transcript() == []

    page.reload()
    expect(chat.panel).to_be_visible()
    expect(chat.user).to_have_count(0)
    assert chat.sender_id() == new_sender
    # The bot sees a new conversation.
    with page.expect_request(WEBHOOK) as sent:
        answers = chat.ask("walk me through the steps")
    assert sent.value.post_data_json["sender"] == new_sender
    assert "can't give medical advice" in answers[0]  # a new session's notice


def test_every_visitor_gets_a_different_random_sender(
    chat: Chat, browser: Browser, stack: Stack
) -> None:
    other_context = new_context(browser, stack)  # another browser profile
    try:
        other = Chat(other_context.new_page()).goto("/")
        assert UUID4.match(other.sender_id())
        assert other.sender_id() != chat.sender_id()
    finally:
        other_context.close()
