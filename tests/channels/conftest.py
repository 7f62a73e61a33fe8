"""The Rasa server with every messaging channel on, in this process, once per test run.

The server is built the way `rasa run` builds it: the credentials file comes
from scripts/make_credentials.py's code and the environment below, the input
channels from Rasa's `create_http_input_channels`, the app from
`rasa.core.run.configure_app`, and the agent is loaded by Rasa's
`load_agent_on_start` from models/car-t.tar.gz. It listens on a free loopback
port in a background thread, with a real action server in a subprocess and the
conversations in a SQLite file. The platforms' clients are faked (fakes.py).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import requests
import structlog

from channels.credentials import write_credentials
from stack.launcher import free_port, http_ready, wait_until
from stack.servers import MODEL, ROOT, action_server
from stack.settings import Settings
from tests.channels.fakes import Fakes

CHANNEL_ENV = {
    "TELEGRAM_ACCESS_TOKEN": "123456789:TEST-telegram-token",
    "TELEGRAM_VERIFY": "car_t_test_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.invalid/webhooks/telegram/webhook",
    "SLACK_BOT_TOKEN": "xoxb-test-slack-token",
    "SLACK_SIGNING_SECRET": "test-slack-signing-secret",
    "FACEBOOK_VERIFY_TOKEN": "test-facebook-verify-token",
    "FACEBOOK_APP_SECRET": "test-facebook-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-facebook-page-token",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
    "TWILIO_NUMBER": "+15005550006",
    # A centre's care team number (site.yml), to find in the replies.
    "SITE_CARE_TEAM_PHONE": "020 7946 0000",
}
START_TIMEOUT = 300.0
_ids = itertools.count(1)


def unique(prefix: str) -> str:
    """A conversation id no other test uses."""
    return f"{prefix}{os.getpid()}{next(_ids):04d}"


@dataclass
class ChannelServer:
    url: str
    fakes: Fakes
    tracker_db: Path
    app: Any

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return requests.post(f"{self.url}{path}", timeout=120, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return requests.get(f"{self.url}{path}", timeout=60, **kwargs)

    def user_texts(self, sender_id: str) -> list[str]:
        """What the bot received from this user, read from the tracker store."""
        with sqlite3.connect(self.tracker_db) as db:
            try:
                rows = db.execute(
                    "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id",
                    (sender_id,),
                ).fetchall()
            except sqlite3.OperationalError:  # no conversation stored yet
                return []
        return [json.loads(data).get("text") for (data,) in rows]

    def agent(self) -> Any:
        return self.app.ctx.agent


@pytest.fixture(scope="session")
def channel_env() -> dict[str, str]:
    return dict(CHANNEL_ENV)


@pytest.fixture(scope="session")
def channel_server(
    tmp_path_factory: pytest.TempPathFactory, channel_env: dict[str, str]
) -> Iterator[ChannelServer]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does).")
    import rasa.core.run
    from rasa.core.utils import AvailableEndpoints

    workdir = tmp_path_factory.mktemp("channels")
    action_port, rasa_port = free_port(), free_port()
    settings = Settings.from_env({**os.environ, **channel_env})
    settings.action_port = action_port
    settings.tracker_db = workdir / "conversations.db"
    settings.environ.pop("ACTION_ENDPOINT_URL", None)
    settings.environ.pop("TRACKER_DB", None)
    env = settings.server_env()
    with ExitStack() as stack:
        # The variables are read while the server starts, then put back as they were.
        setup_env = pytest.MonkeyPatch()
        stack.callback(setup_env.undo)
        for name, value in env.items():
            setup_env.setenv(name, value)

        actions = action_server("channels-actions", action_port, env).start()
        stack.callback(actions.stop)

        # Rasa logs through structlog, which prints every debug line unless configured.
        previous_structlog = structlog.get_config()
        structlog.configure(
            wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING)
        )
        stack.callback(lambda: structlog.configure(**previous_structlog))

        fakes = Fakes(telegram_username=env["TELEGRAM_VERIFY"])
        fakes.patches(stack)

        credentials = workdir / "credentials.yml"
        write_credentials(credentials, ROOT / "credentials.yml", os.environ)
        endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
        input_channels = rasa.core.run.create_http_input_channels(
            None, str(credentials)
        )
        app = rasa.core.run.configure_app(
            input_channels,
            enable_api=False,
            endpoints=endpoints,
            port=rasa_port,
            use_uvloop=False,
        )
        app.register_listener(
            partial(rasa.core.run.load_agent_on_start, str(MODEL), endpoints, None),
            "before_server_start",
        )
        app.register_listener(rasa.core.run.close_resources, "after_server_stop")
        loops: list[asyncio.AbstractEventLoop] = []
        app.register_listener(
            lambda _app, loop: loops.append(loop), "after_server_start"
        )

        failure: list[BaseException] = []

        def serve() -> None:
            try:
                app.run(
                    host="127.0.0.1",
                    port=rasa_port,
                    register_sys_signals=False,
                    access_log=False,
                    motd=False,
                )
            except BaseException as error:  # reported by the wait below
                failure.append(error)

        thread = threading.Thread(target=serve, name="rasa-channels", daemon=True)

        def stop() -> None:
            if loops:
                loops[0].call_soon_threadsafe(app.stop)
            thread.join(60)

        thread.start()
        stack.callback(stop)
        wait_until(
            http_ready(f"http://127.0.0.1:{rasa_port}/"),
            "the Rasa server (in this process)",
            timeout=START_TIMEOUT,
            alive=lambda: not failure and thread.is_alive(),
        )
        setup_env.undo()
        yield ChannelServer(
            f"http://127.0.0.1:{rasa_port}", fakes, workdir / "conversations.db", app
        )


def contains(text: str | None, expected: str) -> bool:
    return expected.lower() in (text or "").lower()
