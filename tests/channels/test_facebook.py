"""Facebook Messenger: signed webhook events to /webhooks/facebook/webhook,
replies through a fake MessengerClient."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest

from tests.channels.conftest import CHANNEL_ENV, ChannelServer, contains, unique

WEBHOOK = "/webhooks/facebook/webhook"
PAGE_ID = "1029384756"


def signature(body: bytes, secret: str = CHANNEL_ENV["FACEBOOK_APP_SECRET"]) -> str:
    return "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()


def event(psid: str, message: dict[str, Any]) -> bytes:
    now = int(time.time() * 1000)
    return json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE_ID,
                    "time": now,
                    "messaging": [
                        {
                            "sender": {"id": psid},
                            "recipient": {"id": PAGE_ID},
                            "timestamp": now,
                            "message": {"mid": f"m_{psid}_{now}", **message},
                        }
                    ],
                }
            ],
        }
    ).encode()


def post(server: ChannelServer, body: bytes, **headers: str):
    return server.post(
        WEBHOOK,
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Hub-Signature": signature(body),
            **headers,
        },
    )


def sent_to(psid: str, text: str = ""):
    return lambda r: (
        r["recipient"] == psid
        and "message" in r
        and contains(r["message"].get("text"), text)
    )


def test_webhook_verification_handshake(channel_server: ChannelServer) -> None:
    params = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}

    right = channel_server.get(
        WEBHOOK,
        params={**params, "hub.verify_token": CHANNEL_ENV["FACEBOOK_VERIFY_TOKEN"]},
    )
    wrong = channel_server.get(WEBHOOK, params={**params, "hub.verify_token": "guess"})

    assert right.status_code == 200 and right.text == "1158201444"
    assert "1158201444" not in wrong.text


def test_question_gets_the_answer(channel_server: ChannelServer) -> None:
    psid = unique("7")

    reply = post(channel_server, event(psid, {"text": "what is CRS?"}))

    assert reply.status_code == 200 and reply.text == "success"
    answer = channel_server.fakes.facebook.wait_for(
        sent_to(psid, "cytokine release syndrome (CRS)")
    )
    assert answer["token"] == CHANNEL_ENV["FACEBOOK_PAGE_ACCESS_TOKEN"]
    assert answer["messaging_type"] == "RESPONSE"


def test_buttons_arrive_as_quick_replies(channel_server: ChannelServer) -> None:
    psid = unique("7")
    post(channel_server, event(psid, {"text": "what are the side effects"}))

    offer = channel_server.fakes.facebook.wait_for(
        lambda r: sent_to(psid)(r) and "quick_replies" in r["message"]
    )

    assert contains(
        offer["message"]["text"], "which one would you like to know more about"
    )
    assert offer["message"]["quick_replies"] == [
        {
            "content_type": "text",
            "title": "Cytokine release syndrome",
            "payload": "What is cytokine release syndrome?",
        },
        {
            "content_type": "text",
            "title": "Neurological effects",
            "payload": "What are the neurological effects?",
        },
    ]


def test_topic_menu_keeps_all_its_buttons(channel_server: ChannelServer) -> None:
    psid = unique("7")
    post(channel_server, event(psid, {"text": "what can you do?"}))

    menu = channel_server.fakes.facebook.wait_for(
        lambda r: sent_to(psid)(r) and "quick_replies" in r["message"]
    )

    titles = [reply["title"] for reply in menu["message"]["quick_replies"]]
    assert len(titles) > 3  # Rasa's MessengerBot drops every button above three
    assert "Side effects" in titles


def test_tapping_a_quick_reply_answers_it(channel_server: ChannelServer) -> None:
    psid = unique("7")
    facebook = channel_server.fakes.facebook
    post(channel_server, event(psid, {"text": "what are the side effects"}))
    offer = facebook.wait_for(
        lambda r: sent_to(psid)(r) and "quick_replies" in r["message"]
    )
    crs = offer["message"]["quick_replies"][0]

    # Messenger sends the tapped title as the text and the payload beside it
    post(
        channel_server,
        event(psid, {"text": crs["title"], "quick_reply": {"payload": crs["payload"]}}),
    )

    facebook.wait_for(
        sent_to(psid, "Cytokine release syndrome (CRS) is one of the side effects")
    )


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(
            lambda body: {"X-Hub-Signature": "sha1=" + "0" * 40}, id="bad-signature"
        ),
        pytest.param(
            lambda body: {"X-Hub-Signature": signature(body, "not-the-secret")},
            id="wrong-secret",
        ),
        pytest.param(lambda body: {}, id="missing-signature"),
    ],
)
def test_unsigned_requests_are_refused(channel_server: ChannelServer, headers) -> None:
    psid = unique("7")
    body = event(psid, {"text": "what is CRS?"})

    reply = channel_server.post(
        WEBHOOK,
        data=body,
        headers={"Content-Type": "application/json", **headers(body)},
    )

    assert reply.status_code == 403
    assert channel_server.user_texts(psid) == []
    assert channel_server.fakes.facebook.records(lambda r: r["recipient"] == psid) == []
