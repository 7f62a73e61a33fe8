"""Fakes for the messaging platforms, each at the edge of the client library Rasa uses.

- Telegram: a fake Bot API server on 127.0.0.1; aiogram is pointed at it, so its
  HTTP session, event loop handling and serialisation all run for real.
- Slack: `AsyncWebClient.api_call`, which every Web API method goes through.
- Facebook: `MessengerClient.send` / `send_action` (as Rasa's own tests do).
- Twilio: `TwilioHttpClient.request`, the REST client's HTTP layer.

Each records what the bot sent in an `Outbox`. Nothing leaves the machine.
`Fakes.fail_next(platform, status)` makes the platform's next call answer with
that HTTP error, as the real API does (e.g. a blocked user, a revoked token).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any
from unittest.mock import patch

from aiogram.bot.api import TelegramAPIServer
from aiohttp import web
from fbmessenger import MessengerClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

Record = dict[str, Any]


class Outbox:
    """What the bot sent through one platform, in order; safe across threads."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._records: list[Record] = []
        self._changed = threading.Condition()

    def add(self, record: Record) -> None:
        with self._changed:
            self._records.append(record)
            self._changed.notify_all()

    def records(
        self, match: Callable[[Record], bool] = lambda record: True
    ) -> list[Record]:
        with self._changed:
            return [record for record in self._records if match(record)]

    def wait_for(self, match: Callable[[Record], bool], timeout: float = 90) -> Record:
        """The first record that matches, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for record in self._records:
                    if match(record):
                        return record
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{self.name}: nothing matching was sent within {timeout:.0f} s; "
                        f"sent: {json.dumps(self._records[-8:], indent=1, default=str)}"
                    )
                self._changed.wait(left)


class Failures:
    """HTTP errors to answer with, per platform, once each; safe across threads."""

    def __init__(self) -> None:
        self._pending: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def add(self, platform: str, status: int) -> None:
        with self._lock:
            self._pending.setdefault(platform, []).append(status)

    def take(self, platform: str) -> int | None:
        with self._lock:
            pending = self._pending.get(platform) or []
            return pending.pop(0) if pending else None


class FakeTelegramApi:
    """A Telegram Bot API server on loopback that answers like Telegram."""

    def __init__(self, username: str, failures: Failures | None = None) -> None:
        self.username = username
        self.failures = failures or Failures()
        self.outbox = Outbox("telegram")
        self.port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ids = itertools.count(1000)

    def api_url(self, token: str, method: str) -> str:
        return f"http://127.0.0.1:{self.port}/bot{token}/{method}"

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = {key: str(value) for key, value in (await request.post()).items()}
        self.outbox.add(
            {"method": method, "token": request.match_info["token"], **data}
        )
        result: Any = True
        status = (
            self.failures.take("telegram") if method.lower() == "sendmessage" else None
        )
        if status is not None:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": status,
                    "description": "Forbidden: bot was blocked by the user",
                },
                status=status,
            )
        if method.lower() == "getme":
            result = {
                "id": 4242,
                "is_bot": True,
                "first_name": "CAR T",
                "username": self.username,
            }
        elif method.lower() == "sendmessage":
            result = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(data["chat_id"]), "type": "private"},
                "text": data.get("text", ""),
            }
        return web.json_response({"ok": True, "result": result})

    def start(self) -> FakeTelegramApi:
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            app = web.Application()
            app.router.add_post("/bot{token}/{method}", self._handle)
            runner = web.AppRunner(app, access_log=None)
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._loop = loop
            ready.set()
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
            loop.close()

        threading.Thread(target=serve, name="fake-telegram", daemon=True).start()
        if not ready.wait(30):
            raise RuntimeError("the fake Telegram API did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)


class Fakes:
    """All four platforms faked; `patches()` switches the fakes on."""

    def __init__(self, telegram_username: str) -> None:
        self.failures = Failures()
        self.telegram = FakeTelegramApi(telegram_username, self.failures)
        self.slack = Outbox("slack")
        self.facebook = Outbox("facebook")
        self.twilio = Outbox("twilio")

    def fail_next(self, platform: str, status: int) -> None:
        """The next message the bot sends on `platform` gets HTTP `status`."""
        self.failures.add(platform, status)

    def patches(self, stack: ExitStack) -> None:
        failures = self.failures
        telegram, slack, facebook, twilio = (
            self.telegram,
            self.slack,
            self.facebook,
            self.twilio,
        )
        telegram.start()
        stack.callback(telegram.stop)

        def telegram_url(server: TelegramAPIServer, token: str, method: str) -> str:
            return telegram.api_url(token, method)

        async def slack_api_call(
            client: AsyncWebClient, api_method: str, **kwargs: Any
        ) -> dict:
            if api_method == "chat.postMessage" and failures.take("slack"):
                raise SlackApiError(
                    "The request to the Slack API failed.",
                    {"ok": False, "error": "channel_not_found"},
                )
            slack.add(
                {
                    "method": api_method,
                    "token": client.token,
                    **(kwargs.get("json") or {}),
                }
            )
            return {"ok": True}

        def facebook_send(
            client: MessengerClient,
            payload: dict,
            recipient_id: str,
            messaging_type: str = "RESPONSE",
            *args: Any,
            **kwargs: Any,
        ) -> dict:
            status = failures.take("facebook")
            if status is not None:  # fbmessenger returns the error body, no raise
                return {
                    "error": {
                        "message": "(#551) This person isn't available right now.",
                        "type": "OAuthException",
                        "code": 551,
                    }
                }
            facebook.add(
                {
                    "recipient": recipient_id,
                    "message": payload,
                    "messaging_type": messaging_type,
                    "token": client.page_access_token,
                }
            )
            return {"recipient_id": recipient_id, "message_id": "m_fake"}

        def facebook_send_action(
            client: MessengerClient,
            sender_action: dict,
            recipient_id: str,
            *args: Any,
            **kwargs: Any,
        ) -> dict:
            facebook.add({"recipient": recipient_id, "action": sender_action})
            return {"recipient_id": recipient_id}

        def twilio_request(
            client: TwilioHttpClient,
            method: str,
            url: str,
            params: Any = None,
            data: Any = None,
            headers: Any = None,
            auth: Any = None,
            *args: Any,
            **kwargs: Any,
        ) -> Response:
            form = dict(data or {})
            status = failures.take("twilio")
            if status is not None:
                return Response(
                    status,
                    json.dumps(
                        {
                            "code": 21610,
                            "message": "Attempt to send to unsubscribed recipient",
                            "status": status,
                        }
                    ),
                )
            twilio.add({"method": method, "url": url, "auth": auth, **form})
            body = {
                "sid": f"SM{len(twilio.records()):032d}",
                "status": "queued",
                "to": form.get("To"),
                "from": form.get("From"),
                "body": form.get("Body"),
            }
            return Response(201, json.dumps(body))

        stack.enter_context(patch.object(TelegramAPIServer, "api_url", telegram_url))
        stack.enter_context(patch.object(AsyncWebClient, "api_call", slack_api_call))
        stack.enter_context(patch.object(MessengerClient, "send", facebook_send))
        stack.enter_context(
            patch.object(MessengerClient, "send_action", facebook_send_action)
        )
        stack.enter_context(patch.object(TwilioHttpClient, "request", twilio_request))
