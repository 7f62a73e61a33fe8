"""Beyond the FAQ in the widget: feelings, a loss, what the article does not cover,
other languages, as a user types them and sees the replies.

Its own stack, started with a centre's contact details as `make run` would pass
them, so the care team's number shows in the replies. The `context` fixture is
overridden here, so conftest's `page` and `chat` (with their checks for page
errors and foreign requests) talk to this stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, expect

from site_settings.phrases import fill, placeholder_values
from site_settings.settings import SiteSettings
from stack.servers import Stack
from tests.web.chat import Chat
from tests.web.conftest import new_context

ROOT = Path(__file__).resolve().parents[2]
PHONE = "020 7946 0000"
SUPPORT = "our Patient Support Service on 020 7946 0001"
SITE = SiteSettings(
    care_team_phone=PHONE, emergency_number="999", support_service=SUPPORT
)
SITE_ENV = {
    "SITE_CARE_TEAM_PHONE": SITE.care_team_phone,
    "SITE_EMERGENCY_NUMBER": SITE.emergency_number,
    "SITE_SUPPORT_SERVICE": SITE.support_service,
}
URGENT = "can't check symptoms"  # utter_symptom_urgent
WARM = "What you're feeling makes sense"  # utter_feeling_support
UNSURE = "not sure I understood"  # the clarifying question
SUGGESTIONS = "Suggested replies"  # the widget's group of topic buttons


def responses(file: str) -> dict:
    path = ROOT / "data/responses" / file
    return yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]


OTHER_LANGUAGE = responses("other_language.yml")
FAQ = responses("faq.yml")


def as_seen(text: str) -> str:
    """A response template as the widget shows it (phone links as their text)."""
    return fill(text, placeholder_values(SITE, channel=None))


def in_language(name: str, language: str) -> str:
    """The variant of a response for `language`, as seen."""
    for candidate in OTHER_LANGUAGE[name]:
        if [c["value"] for c in candidate.get("condition", [])] == [language]:
            return as_seen(candidate["text"])
    raise KeyError(f"{name} has no variant for {language}")


@pytest.fixture(scope="module")
def site_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with pytest.MonkeyPatch.context() as env:
        for name, value in SITE_ENV.items():
            env.setenv(name, value)
        running = Stack(tmp_path_factory.mktemp("beyond-stack")).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def context(browser: Browser, site_stack: Stack) -> Iterator[BrowserContext]:
    context = new_context(browser, site_stack)
    try:
        yield context
    finally:
        context.close()


def ask(chat: Chat, text: str) -> tuple[list[str], int]:
    """Type `text`; the new bot messages' texts and how many suggested replies
    (topic buttons) they show, the thumbs up and down not counted."""
    before = chat.bot.count()
    answers = chat.ask(text)
    shown = sum(
        chat.bot.nth(i)
        .get_by_role("group", name=SUGGESTIONS)
        .locator(".ctw-quick")
        .count()
        for i in range(before, chat.bot.count())
    )
    return answers, shown


def test_a_feeling_gets_a_warm_reply_with_the_care_teams_number(chat: Chat) -> None:
    chat.open()
    answers, shown = ask(chat, "i feel really lonely since my husband started car t")

    warm = chat.bot.last
    expect(warm).to_contain_text("Thank you for telling me.")
    expect(warm).to_contain_text("you are not alone")
    expect(warm.get_by_role("link", name=PHONE)).to_have_attribute(
        "href", "tel:02079460000"
    )
    expect(warm).to_contain_text(f"You can also talk to {SUPPORT}.")
    assert not any(UNSURE in answer for answer in answers), answers
    assert shown == 0, answers  # no "did you mean" buttons


def test_a_symptom_told_with_fear_shows_the_urgent_reply_first_then_the_warm_one(
    chat: Chat,
) -> None:
    chat.open()
    answers, shown = ask(chat, "so scared, my son has had a high fever since his car t")

    urgent = next(i for i, answer in enumerate(answers) if URGENT in answer)
    assert WARM in answers[urgent + 1], answers
    expect(chat.bot.last.get_by_role("link", name=PHONE)).to_be_visible()
    assert shown == 0, answers


def test_a_loss_gets_condolences_without_buttons_or_alarm_then_answers(
    chat: Chat,
) -> None:
    chat.open()
    answers, shown = ask(chat, "we lost my grandmother in the autumn after her car t")

    expect(chat.bot.last).to_contain_text("I'm so sorry for your loss.")
    expect(chat.bot.last).to_contain_text("The care team can talk with you")
    assert shown == 0, answers
    assert not any(URGENT in answer for answer in answers), answers

    answers, _ = ask(chat, "how long does the whole process take")
    assert answers == [as_seen(FAQ["utter_faq_duration"][0]["text"])]


def test_a_feeling_beside_a_question_gets_the_warm_reply_then_the_answer(
    chat: Chat,
) -> None:
    chat.open()
    answers, _ = ask(chat, "i'm so scared, how long does the whole process take?")

    duration = as_seen(FAQ["utter_faq_duration"][0]["text"])
    warm = [i for i, a in enumerate(answers) if WARM in a]
    assert warm and duration in answers, answers
    assert warm[0] < answers.index(duration), answers


def test_a_question_the_article_does_not_answer_says_so_then_what_it_does_say(
    chat: Chat,
) -> None:
    chat.open()
    answers, _ = ask(chat, "does my health insurance pay for car t")

    honest = chat.bot.filter(has_text="the article I use doesn't cover it")
    expect(honest).to_have_count(1)
    expect(honest.get_by_role("link", name=PHONE)).to_be_visible()
    assert "expensive" in answers[-1], answers  # the cost answer, the closest topic


def test_two_questions_in_one_message_get_both_answers_in_order(chat: Chat) -> None:
    chat.open()
    answers, _ = ask(chat, "which cancers can it help with and what's the price like?")

    cancers = as_seen(FAQ["utter_faq_cancers_treated"][0]["text"])
    cost = as_seen(FAQ["utter_faq_cost"][0]["text"])
    assert cancers in answers and cost in answers, answers
    assert answers.index(cancers) < answers.index(cost)


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hola, ¿cuánto tiempo dura todo el proceso?", "es"),
        ("Bonjour, est-ce que ce traitement guérit le cancer ?", "fr"),
        ("Guten Tag, welche Nebenwirkungen hat die Behandlung?", "de"),
    ],
)
def test_a_question_in_another_language_gets_the_english_only_note_in_it(
    chat: Chat, text: str, language: str
) -> None:
    chat.open()
    answers, shown = ask(chat, text)
    assert answers[-1] == in_language("utter_english_only", language)
    expect(chat.bot.last.get_by_role("link", name=PHONE)).to_be_visible()
    assert shown == 0, answers


def test_a_one_word_greeting_in_french_gets_bonjour_then_the_note(chat: Chat) -> None:
    chat.open()
    answers, _ = ask(chat, "salut")
    assert answers[-2:] == [
        in_language("utter_greet_other_language", "fr"),
        in_language("utter_english_only", "fr"),
    ]


def test_a_symptom_reported_in_french_gets_the_urgent_reply(chat: Chat) -> None:
    chat.open()
    answers, _ = ask(chat, "ma femme a de la fièvre depuis hier soir")

    urgent = chat.bot.last
    expect(urgent).to_contain_text(URGENT)
    expect(urgent.get_by_role("link", name=PHONE)).to_be_visible()
    expect(urgent.get_by_role("link", name="999")).to_be_visible()
    assert in_language("utter_english_only", "fr") not in answers
