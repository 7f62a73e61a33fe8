"""Slack: signed Events API and interactivity requests to /webhooks/slack/webhook,
replies through a fake Slack Web API client."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import pytest

from tests.channels.conftest import CHANNEL_ENV, ChannelServer, contains, unique

WEBHOOK = "/webhooks/slack/webhook"
SECRET = CHANNEL_ENV["SLACK_SIGNING_SECRET"]


def signed_headers(
    body: bytes,
    content_type: str,
    secret: str = SECRET,
    timestamp: int | None = None,
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(
        secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def message_event(user: str, channel: str, text: str) -> bytes:
    ts = f"{time.time():.6f}"
    return json.dumps(
        {
            "token": "verification-token-unused",
            "team_id": "T0CART",
            "api_app_id": "A0CART",
            "type": "event_callback",
            "event_id": f"Ev{user}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": "T0CART", "user_id": "U0BOT", "is_bot": True}
            ],
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": channel,
                "user": user,
                "text": text,
                "ts": ts,
                "event_ts": ts,
            },
        }
    ).encode()


def button_click(user: str, channel: str, value: str, title: str) -> bytes:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "pat", "name": "pat", "team_id": "T0CART"},
        "api_app_id": "A0CART",
        "team": {"id": "T0CART", "domain": "cart"},
        "channel": {"id": channel, "name": "directmessage"},
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
        "trigger_id": "1.2.3",
        "message": {
            "type": "message",
            "user": "U0BOT",
            "ts": f"{time.time():.6f}",
            "text": "...",
        },
        "actions": [
            {
                "type": "button",
                "action_id": "a1",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": title},
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def post_event(server: ChannelServer, body: bytes):
    return server.post(
        WEBHOOK, data=body, headers=signed_headers(body, "application/json")
    )


def posted_to(channel: str, text: str = ""):
    return lambda r: (
        r["method"] == "chat.postMessage"
        and r.get("channel") == channel
        and contains(r.get("text"), text)
    )


def new_user_and_channel():
    user = unique("U")
    return user, "D" + user[1:]


def test_url_verification_is_answered(channel_server: ChannelServer) -> None:
    body = json.dumps(
        {
            "token": "unused",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gm",
            "type": "url_verification",
        }
    ).encode()

    reply = post_event(channel_server, body)

    assert reply.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gm" in reply.text


def test_question_gets_the_answer(channel_server: ChannelServer) -> None:
    user, channel = new_user_and_channel()

    reply = post_event(channel_server, message_event(user, channel, "what is CRS?"))

    assert reply.status_code == 200
    answer = channel_server.fakes.slack.wait_for(
        posted_to(channel, "cytokine release syndrome (CRS)")
    )
    assert answer["token"] == CHANNEL_ENV["SLACK_BOT_TOKEN"]


def test_buttons_arrive_as_blocks(channel_server: ChannelServer) -> None:
    user, channel = new_user_and_channel()
    post_event(
        channel_server, message_event(user, channel, "what are the side effects")
    )

    offer = channel_server.fakes.slack.wait_for(
        lambda r: posted_to(channel)(r) and "blocks" in r
    )

    section, actions = offer["blocks"]
    assert section["type"] == "section" and contains(
        section["text"]["text"], "which one"
    )
    assert actions["type"] == "actions"
    assert [
        (b["type"], b["text"]["text"], b["value"]) for b in actions["elements"]
    ] == [
        (
            "button",
            "Cytokine release syndrome",
            "What is cytokine release syndrome?",
        ),
        (
            "button",
            "Neurological effects",
            "What are the neurological effects?",
        ),
    ]


def test_topic_menu_keeps_all_its_buttons(channel_server: ChannelServer) -> None:
    user, channel = new_user_and_channel()
    post_event(channel_server, message_event(user, channel, "what can you do?"))

    menu = channel_server.fakes.slack.wait_for(
        lambda r: posted_to(channel)(r) and "blocks" in r
    )

    titles = [
        e["text"]["text"]
        for b in menu["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert len(titles) > 5  # Rasa's SlackBot drops every button above five
    assert "Side effects" in titles


def test_clicking_a_button_answers_it(channel_server: ChannelServer) -> None:
    user, channel = new_user_and_channel()
    slack = channel_server.fakes.slack
    post_event(
        channel_server, message_event(user, channel, "what are the side effects")
    )
    offer = slack.wait_for(lambda r: posted_to(channel)(r) and "blocks" in r)
    crs = offer["blocks"][1]["elements"][0]

    body = button_click(user, channel, crs["value"], crs["text"]["text"])
    reply = channel_server.post(
        WEBHOOK,
        data=body,
        headers=signed_headers(body, "application/x-www-form-urlencoded"),
    )

    assert reply.status_code == 200
    slack.wait_for(
        posted_to(channel, "Cytokine release syndrome (CRS) is one of the side effects")
    )


def _bad_signature(body: bytes) -> dict[str, str]:
    return {
        **signed_headers(body, "application/json"),
        "X-Slack-Signature": "v0=" + "0" * 64,
    }


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(_bad_signature, id="bad-signature"),
        pytest.param(
            lambda body: signed_headers(
                body, "application/json", secret="not-the-secret"
            ),
            id="wrong-secret",
        ),
        pytest.param(
            lambda body: {"Content-Type": "application/json"}, id="missing-signature"
        ),
        pytest.param(
            lambda body: signed_headers(
                body, "application/json", timestamp=int(time.time()) - 3600
            ),
            id="replayed-an-hour-later",
        ),
    ],
)
def test_unsigned_requests_are_refused(channel_server: ChannelServer, headers) -> None:
    user, channel = new_user_and_channel()
    body = message_event(user, channel, "what is CRS?")

    reply = channel_server.post(WEBHOOK, data=body, headers=headers(body))

    assert reply.status_code == 400
    time.sleep(1.0)  # a request let through would be handled in the background
    assert channel_server.user_texts(user) == []
    assert channel_server.fakes.slack.records(posted_to(channel)) == []
