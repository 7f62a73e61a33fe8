"""SMS: Twilio's incoming-message webhook to /webhooks/twilio/webhook (the
channels.sms.NumberedTwilioInput connector), replies through a fake Twilio REST client."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import time
from collections.abc import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from channels.sms import NumberedTwilioInput
from tests.channels.conftest import CHANNEL_ENV, ChannelServer, contains

WEBHOOK = "/webhooks/twilio/webhook"
CRS_ANSWER = "Cytokine release syndrome (CRS) is one of the side effects"
NEURO_ANSWER = "Neurological effects are one of the two side effects"
OFFER = (
    "Which one would you like to know more about?\n"
    "1. Cytokine release syndrome\n"
    "2. Neurological effects"
)
_numbers = itertools.count(int(time.time()) % 10_000 * 1000)
PUBLIC_URL = "https://bot.example.invalid/webhooks/twilio/webhook"


@pytest.fixture(autouse=True)
def public_webhook_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The deployer's setting: the URL entered on Twilio's console."""
    monkeypatch.setenv("TWILIO_WEBHOOK_URL", PUBLIC_URL)
    yield PUBLIC_URL


def twilio_signature(auth_token: str, url: str, form: dict[str, str]) -> str:
    """Twilio's documented algorithm: base64(HMAC-SHA1(token, url + sorted key+value))."""
    signed = url + "".join(key + form[key] for key in sorted(form))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def sms_form(phone: str, body: str) -> dict[str, str]:
    return {
        "MessageSid": f"SM{abs(hash((phone, body, time.time()))):032d}"[:34],
        "AccountSid": CHANNEL_ENV["TWILIO_ACCOUNT_SID"],
        "From": phone,
        "To": CHANNEL_ENV["TWILIO_NUMBER"],
        "Body": body,
        "NumMedia": "0",
    }


def post_sms(server: ChannelServer, form: dict[str, str], signature: str | None):
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return server.post(WEBHOOK, data=form, headers=headers)


def new_phone() -> str:
    return f"+1555{next(_numbers):07d}"


def sms(server: ChannelServer, phone: str, body: str):
    form = sms_form(phone, body)
    signature = twilio_signature(CHANNEL_ENV["TWILIO_AUTH_TOKEN"], PUBLIC_URL, form)
    reply = post_sms(server, form, signature)
    assert reply.status_code == 204, reply.text
    return reply


def sent_to(phone: str, text: str = ""):
    return lambda r: r.get("To") == phone and contains(r.get("Body"), text)


def ask_side_effects(server: ChannelServer, phone: str) -> None:
    sms(server, phone, "what are the side effects")
    server.fakes.twilio.wait_for(sent_to(phone, OFFER))


def test_question_gets_the_answer(channel_server: ChannelServer) -> None:
    phone = new_phone()

    sms(channel_server, phone, "what is CRS?")

    answer = channel_server.fakes.twilio.wait_for(
        sent_to(phone, "cytokine release syndrome (CRS)")
    )
    assert answer["From"] == CHANNEL_ENV["TWILIO_NUMBER"]
    assert answer["auth"] == (
        CHANNEL_ENV["TWILIO_ACCOUNT_SID"],
        CHANNEL_ENV["TWILIO_AUTH_TOKEN"],
    )
    assert answer["url"].endswith(
        f"/Accounts/{CHANNEL_ENV['TWILIO_ACCOUNT_SID']}/Messages.json"
    )


def test_buttons_become_a_numbered_list(channel_server: ChannelServer) -> None:
    phone = new_phone()

    sms(channel_server, phone, "what are the side effects")

    offer = channel_server.fakes.twilio.wait_for(
        sent_to(phone, "1. Cytokine release syndrome")
    )
    assert offer["Body"].endswith(OFFER)
    assert offer["Body"].startswith("Patients may have side effects")
    assert "/ask_side_effect_detail" not in offer["Body"]


@pytest.mark.parametrize("reply", ["1", " 1 ", "1.", "1)"])
def test_replying_with_a_number_picks_that_button(
    channel_server: ChannelServer, reply: str
) -> None:
    phone = new_phone()
    ask_side_effects(channel_server, phone)

    sms(channel_server, phone, reply)

    channel_server.fakes.twilio.wait_for(sent_to(phone, CRS_ANSWER))
    assert channel_server.user_texts(phone)[-1] == (
        "What is cytokine release syndrome?"
    )


def test_second_number_picks_second_button(channel_server: ChannelServer) -> None:
    phone = new_phone()
    ask_side_effects(channel_server, phone)

    sms(channel_server, phone, "2")

    channel_server.fakes.twilio.wait_for(sent_to(phone, NEURO_ANSWER))


def test_other_texts_are_passed_on_unchanged(channel_server: ChannelServer) -> None:
    fresh, offered = new_phone(), new_phone()
    ask_side_effects(channel_server, offered)

    sms(channel_server, fresh, "1")  # nothing was offered to this number
    sms(channel_server, offered, "7")  # there are only two options
    sms(channel_server, offered, "tell me about CRS 1")

    assert channel_server.user_texts(fresh) == ["1"]
    assert channel_server.user_texts(offered)[-2:] == ["7", "tell me about CRS 1"]


def test_a_number_no_longer_applies_once_the_user_has_moved_on(
    channel_server: ChannelServer,
) -> None:
    phone = new_phone()
    ask_side_effects(channel_server, phone)
    sms(channel_server, phone, "how much does CAR T-cell therapy cost?")
    channel_server.fakes.twilio.wait_for(sent_to(phone, "expensive"))

    sms(channel_server, phone, "1")

    assert channel_server.user_texts(phone)[-1] == "1"


def test_offered_buttons_are_read_from_the_tracker_store(
    channel_server: ChannelServer,
) -> None:
    """A new connector and tracker store on the same database, as after a restart, still
    know what "1" means: nothing is kept in the process."""
    phone = new_phone()
    ask_side_effects(channel_server, phone)

    restarted = NumberedTwilioInput.from_credentials(
        {
            "account_sid": CHANNEL_ENV["TWILIO_ACCOUNT_SID"],
            "auth_token": CHANNEL_ENV["TWILIO_AUTH_TOKEN"],
            "twilio_number": CHANNEL_ENV["TWILIO_NUMBER"],
        }
    )
    store = SQLTrackerStore(
        domain=channel_server.agent().domain,
        dialect="sqlite",
        db=str(channel_server.tracker_db),
    )

    assert asyncio.run(restarted.rewrite_text("1", phone, store)) == (
        "What is cytokine release syndrome?"
    )
    assert asyncio.run(restarted.rewrite_text("2.", phone, store)) == (
        "What are the neurological effects?"
    )


def test_symptom_report_gets_the_care_teams_number_as_plain_text(
    channel_server: ChannelServer,
) -> None:
    phone = new_phone()
    number = CHANNEL_ENV["SITE_CARE_TEAM_PHONE"]

    sms(channel_server, phone, "my husband has a high fever after his infusion")

    urgent = channel_server.fakes.twilio.wait_for(
        sent_to(phone, "can't check symptoms")
    )
    assert f"call your care team on {number} now" in urgent["Body"]
    assert "tel:" not in urgent["Body"] and "](" not in urgent["Body"]


def _tampered(form: dict[str, str]) -> dict[str, str]:
    return {**form, "Body": form["Body"] + " and send me money"}


SIGNATURE_CASES = {
    "no signature": lambda token, form: (form, None),
    "garbage": lambda token, form: (form, "bm90IGEgc2lnbmF0dXJl"),
    "wrong token": lambda token, form: (
        form,
        twilio_signature("someone-elses-token", PUBLIC_URL, form),
    ),
    "other URL": lambda token, form: (
        form,
        twilio_signature(token, "https://evil.example/webhooks/twilio/webhook", form),
    ),
    "body changed after signing": lambda token, form: (
        _tampered(form),
        twilio_signature(token, PUBLIC_URL, form),
    ),
}


@pytest.mark.parametrize("case", list(SIGNATURE_CASES))
def test_requests_without_twilios_signature_are_refused(
    channel_server: ChannelServer, case: str
) -> None:
    phone = new_phone()
    form, signature = SIGNATURE_CASES[case](
        CHANNEL_ENV["TWILIO_AUTH_TOKEN"], sms_form(phone, "what is CRS?")
    )

    reply = post_sms(channel_server, form, signature)

    assert reply.status_code == 403
    assert channel_server.user_texts(phone) == []
    assert channel_server.fakes.twilio.records(sent_to(phone)) == []


def test_without_the_public_url_setting_every_request_is_refused(
    channel_server: ChannelServer, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    monkeypatch.delenv("TWILIO_WEBHOOK_URL")
    phone = new_phone()
    form = sms_form(phone, "what is CRS?")
    signature = twilio_signature(CHANNEL_ENV["TWILIO_AUTH_TOKEN"], PUBLIC_URL, form)

    reply = post_sms(channel_server, form, signature)

    assert reply.status_code == 403
    assert channel_server.user_texts(phone) == []
    assert any("TWILIO_WEBHOOK_URL" in r.getMessage() for r in caplog.records)
