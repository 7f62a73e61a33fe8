"""A platform's API answering with an error (4xx/5xx from the fakes in fakes.py).

The error is logged (at ERROR, without the user's message text at INFO or above),
the webhook still answers the platform normally (Telegram would deliver an update
again and again after a 500), and the bot answers the next message.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.channels import test_facebook, test_slack, test_sms, test_telegram
from tests.channels.conftest import ChannelServer, unique

PRIVATE_TEXT = "my name is Zqxw Private and what is CRS?"
NEXT_QUESTION = "how much does CAR T-cell therapy cost?"
NEXT_ANSWER = "expensive"


@dataclass(frozen=True)
class Platform:
    name: str
    new_user: Callable[[], str]
    send: Callable[[ChannelServer, str, str], Any]  # returns the webhook's response
    ok_status: int
    answered: Callable[[ChannelServer, str, str], Any]


def _telegram_send(server: ChannelServer, chat: str, text: str) -> Any:
    update = test_telegram.text_update(int(chat), text)
    return server.post(test_telegram.WEBHOOK, json=update)


def _slack_send(server: ChannelServer, user: str, text: str) -> Any:
    return test_slack.post_event(
        server, test_slack.message_event(user, "D" + user[1:], text)
    )


def _facebook_send(server: ChannelServer, psid: str, text: str) -> Any:
    return test_facebook.post(server, test_facebook.event(psid, {"text": text}))


def _sms_send(server: ChannelServer, phone: str, text: str) -> Any:
    form = test_sms.sms_form(phone, text)
    signature = test_sms.twilio_signature(
        test_sms.CHANNEL_ENV["TWILIO_AUTH_TOKEN"], test_sms.PUBLIC_URL, form
    )
    return test_sms.post_sms(server, form, signature)


PLATFORMS: list[Platform] = [
    Platform(
        "telegram",
        lambda: str(test_telegram.new_chat()),
        _telegram_send,
        200,
        lambda s, chat, text: s.fakes.telegram.outbox.wait_for(
            test_telegram.sent_to(int(chat), text)
        ),
    ),
    Platform(
        "slack",
        lambda: unique("U"),
        _slack_send,
        200,
        lambda s, user, text: s.fakes.slack.wait_for(
            test_slack.posted_to("D" + user[1:], text)
        ),
    ),
    Platform(
        "facebook",
        lambda: unique("9"),
        _facebook_send,
        200,
        lambda s, psid, text: s.fakes.facebook.wait_for(
            test_facebook.sent_to(psid, text)
        ),
    ),
    Platform(
        "twilio",
        test_sms.new_phone,
        _sms_send,
        204,
        lambda s, phone, text: s.fakes.twilio.wait_for(test_sms.sent_to(phone, text)),
    ),
]


def wait_for_error(caplog: pytest.LogCaptureFixture, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not any(r.levelno >= logging.ERROR for r in caplog.records):
        assert time.monotonic() < deadline, "the platform's error was not logged"
        time.sleep(0.2)


@pytest.fixture(autouse=True)
def _public_twilio_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_WEBHOOK_URL", test_sms.PUBLIC_URL)


@pytest.mark.parametrize("status", [403, 500])
@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
def test_an_error_reply_is_logged_and_the_bot_keeps_serving(
    channel_server: ChannelServer,
    platform: Platform,
    status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = platform.new_user()
    channel_server.fakes.fail_next(platform.name, status)

    with caplog.at_level(logging.INFO):
        reply = platform.send(channel_server, user, PRIVATE_TEXT)
        assert reply.status_code == platform.ok_status, reply.text
        wait_for_error(caplog)

        reply = platform.send(channel_server, user, NEXT_QUESTION)
        assert reply.status_code == platform.ok_status, reply.text
        platform.answered(channel_server, user, NEXT_ANSWER)

    assert channel_server.fakes.failures.take(platform.name) is None  # it was used
    for record in caplog.records:
        if record.levelno >= logging.INFO:
            assert "Zqxw" not in record.getMessage(), record.getMessage()
