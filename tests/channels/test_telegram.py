"""Telegram: updates posted to /webhooks/telegram/webhook, replies through the fake Bot API."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

from tests.channels.conftest import ChannelServer, contains

WEBHOOK = "/webhooks/telegram/webhook"
_update_ids = itertools.count(1)
_chat_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def new_chat() -> int:
    return next(_chat_ids)


def _user(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Pat", "language_code": "en"}


def _chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "first_name": "Pat", "type": "private"}


def text_update(chat_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_update_ids),
            "from": _user(chat_id),
            "chat": _chat(chat_id),
            "date": int(time.time()),
            "text": text,
        },
    }


def button_update(chat_id: int, data: str, bot_username: str) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _user(chat_id),
            "chat_instance": "-100200300",
            "data": data,
            "message": {
                "message_id": next(_update_ids),
                "from": {
                    "id": 4242,
                    "is_bot": True,
                    "first_name": "CAR T",
                    "username": bot_username,
                },
                "chat": _chat(chat_id),
                "date": int(time.time()),
                "text": "Which one would you like to know more about?",
            },
        },
    }


def sent_to(chat_id: int, text: str):
    return lambda r: (
        r["method"].lower() == "sendmessage"
        and r.get("chat_id") == str(chat_id)
        and contains(r.get("text"), text)
    )


def keyboard(record: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return json.loads(record["reply_markup"])["inline_keyboard"]


def test_webhook_is_registered_at_start(
    channel_server: ChannelServer, channel_env
) -> None:
    registered = channel_server.fakes.telegram.outbox.wait_for(
        lambda r: r["method"].lower() == "setwebhook"
    )
    assert registered["url"] == channel_env["TELEGRAM_WEBHOOK_URL"]
    assert registered["token"] == channel_env["TELEGRAM_ACCESS_TOKEN"]


def test_question_gets_the_answer(channel_server: ChannelServer) -> None:
    chat = new_chat()
    reply = channel_server.post(WEBHOOK, json=text_update(chat, "what is CRS?"))

    assert reply.status_code == 200, reply.text
    answer = channel_server.fakes.telegram.outbox.wait_for(
        sent_to(chat, "cytokine release syndrome (CRS)")
    )
    assert answer["token"] == "123456789:TEST-telegram-token"


def test_buttons_are_an_inline_keyboard_one_per_row(
    channel_server: ChannelServer,
) -> None:
    chat = new_chat()
    channel_server.post(WEBHOOK, json=text_update(chat, "what are the side effects"))

    offer = channel_server.fakes.telegram.outbox.wait_for(
        lambda r: sent_to(chat, "")(r) and "reply_markup" in r
    )
    rows = keyboard(offer)
    assert [[button["text"] for button in row] for row in rows] == [
        ["Cytokine release syndrome"],
        ["Neurological effects"],
    ]
    for row in rows:
        # Telegram refuses the whole message if any callback_data is over 64 bytes
        assert 1 <= len(row[0]["callback_data"].encode()) <= 64


def test_pressing_a_button_answers_it(
    channel_server: ChannelServer, channel_env
) -> None:
    chat = new_chat()
    outbox = channel_server.fakes.telegram.outbox
    channel_server.post(WEBHOOK, json=text_update(chat, "what are the side effects"))
    offer = outbox.wait_for(lambda r: sent_to(chat, "")(r) and "reply_markup" in r)
    crs_button = keyboard(offer)[0][0]

    reply = channel_server.post(
        WEBHOOK,
        json=button_update(
            chat, crs_button["callback_data"], channel_env["TELEGRAM_VERIFY"]
        ),
    )

    assert reply.status_code == 200, reply.text
    outbox.wait_for(
        sent_to(chat, "Cytokine release syndrome (CRS) is one of the side effects")
    )
    assert channel_server.user_texts(str(chat))[-1] == (
        "What is cytokine release syndrome?"
    )


def test_short_payloads_are_sent_as_they_are(channel_server: ChannelServer) -> None:
    chat = new_chat()
    channel_server.post(WEBHOOK, json=text_update(chat, "what can you do?"))

    menu = channel_server.fakes.telegram.outbox.wait_for(
        lambda r: sent_to(chat, "")(r) and "reply_markup" in r
    )
    buttons = {row[0]["text"]: row[0]["callback_data"] for row in keyboard(menu)}
    assert buttons["Side effects"] == "/ask_side_effects"
    assert len(buttons) >= 6


def test_payloads_over_64_bytes_become_a_short_reference() -> None:
    from channels.replies import REFERENCE_PREFIX
    from channels.telegram import CALLBACK_DATA_LIMIT, callback_data

    long_payload = '/ask_side_effect_detail{"side_effect": "cytokine_release_syndrome"}'
    accented = "/inform" + '{"topic": "' + "é" * 40 + '"}'  # 40 characters, 80 bytes
    for payload in (long_payload, accented):
        assert len(payload.encode()) > CALLBACK_DATA_LIMIT
        short = callback_data(payload)
        assert short.startswith(REFERENCE_PREFIX)
        assert len(short.encode()) <= CALLBACK_DATA_LIMIT
    assert callback_data(long_payload) != callback_data(accented)
