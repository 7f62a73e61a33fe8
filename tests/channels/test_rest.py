"""The hardened REST channel's input checks (channels/rest.py)."""

from __future__ import annotations

import json

import pytest

from channels.rest import BadRequest, GuardedRestInput, clean_text, parse_rest_message

JSON = "application/json"
LIMIT = 2000


def body(payload: object) -> bytes:
    return json.dumps(payload).encode("utf-8")


@pytest.mark.parametrize(
    "raw, content_type, status",
    [
        (b"", JSON, 400),
        (b"{bad", JSON, 400),
        (b"[1, 2]", JSON, 400),
        (b'"just a string"', JSON, 400),
        (b'{"sender": "a", "message": "\xff\xfe"}', JSON, 400),
        (body({"sender": "a"}), JSON, 400),
        (body({"message": "hi"}), JSON, 400),
        (body({"sender": "a", "message": 5}), JSON, 400),
        (body({"sender": "a", "message": None}), JSON, 400),
        (body({"sender": "a", "message": ["hi"]}), JSON, 400),
        (body({"sender": {"id": 1}, "message": "hi"}), JSON, 400),
        (body({"sender": True, "message": "hi"}), JSON, 400),
        (body({"sender": "", "message": "hi"}), JSON, 400),
        (body({"sender": "s" * 100_000, "message": "hi"}), JSON, 413),
        (body({"sender": "a", "message": ""}), JSON, 400),
        (body({"sender": "a", "message": "   \n\t "}), JSON, 400),
        (body({"sender": "a", "message": "\u200b\u200d\ufeff"}), JSON, 400),
        (body({"sender": "a", "message": "x" * 10_000}), JSON, 413),
        (body({"sender": "a", "message": "x" * 1_000_000}), JSON, 413),
        (body({"sender": "a", "message": "hi", "metadata": [1]}), JSON, 400),
        (body({"sender": "a", "message": "hi"}), "text/plain", 415),
        (body({"sender": "a", "message": "hi"}), "", 415),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_bad_requests_get_a_clear_4xx(raw, content_type, status):
    with pytest.raises(BadRequest) as error:
        parse_rest_message(raw, content_type, LIMIT)
    assert error.value.status == status
    assert str(error.value)


@pytest.mark.parametrize(
    "payload, sender, text",
    [
        ({"sender": "a", "message": "what is CRS?"}, "a", "what is CRS?"),
        ({"sender": 42, "message": "hi"}, "42", "hi"),
        ({"sender": "a", "message": "  hi\u0000\u0007 there\u200b "}, "a", "hi there"),
        ({"sender": "a", "message": "مرحبا ما هو العلاج"}, "a", "مرحبا ما هو العلاج"),
        ({"sender": "a", "message": "is it safe? 🙏"}, "a", "is it safe? 🙏"),
        (
            {"sender": "a", "message": "<img src=x onerror=alert(1)>"},
            "a",
            "<img src=x onerror=alert(1)>",
        ),
        (
            {"sender": "a", "message": "'; DROP TABLE events; --"},
            "a",
            "'; DROP TABLE events; --",
        ),
        ({"sender": "a", "message": "{{ 7*7 }} ${jndi:x}"}, "a", "{{ 7*7 }} ${jndi:x}"),
        ({"sender": "a", "message": "x" * LIMIT}, "a", "x" * LIMIT),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_good_requests_pass_with_clean_text(payload, sender, text):
    message = parse_rest_message(
        body(payload), "application/json; charset=utf-8", LIMIT
    )
    assert (message.sender, message.text) == (sender, text)


def test_clean_text_keeps_line_breaks():
    assert clean_text("line one\nline two\r") == "line one\nline two"


@pytest.mark.parametrize("limit", [0, -5, "100", None])
def test_bad_limit_in_credentials_is_refused(limit):
    with pytest.raises(ValueError, match="max_message_chars"):
        GuardedRestInput.from_credentials({"max_message_chars": limit})


def test_default_limit():
    assert GuardedRestInput.from_credentials(None).max_message_chars == 2000
