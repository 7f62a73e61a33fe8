"""One recipe each for the bot's servers, and `Stack`: all three on loopback.

`action_server`, `rasa_server` and `web_server` build a `Server` (stack.launcher)
from `Settings` (stack.settings); `python -m stack run` and the tests start the
same recipes. PostgreSQL and Redis: stack.services.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

from stack.launcher import LOGS, Server, free_port, wait_for
from stack.settings import ROOT, Settings

BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "car-t.tar.gz"
WEB = ROOT / "web"


__all__ = [
    "BIN",
    "LOGS",
    "MODEL",
    "ROOT",
    "Server",
    "Stack",
    "action_server",
    "free_port",
    "rasa_server",
    "say",
    "wait_for",
    "web_server",
]


def action_server(
    name: str,
    port: int,
    env: dict[str, str],
    logs: Path = LOGS,
    host: str = "127.0.0.1",
) -> Server:
    """The project's action server (rasa_sdk) on `host`:`port`."""
    args = [str(BIN / "rasa"), "run", "actions", "--actions", "actions"]
    return Server(
        name,
        [*args, "--port", str(port)],
        {**env, "SANIC_HOST": host},
        f"http://127.0.0.1:{port}/health",
        logs,
    )


def rasa_server(
    name: str,
    port: int,
    env: dict[str, str],
    endpoints: str = "endpoints.yml",
    extra_args: Sequence[str] = (),
    model: Path = MODEL,
    logs: Path = LOGS,
    host: str = "127.0.0.1",
    credentials: str = "credentials.yml",
) -> Server:
    """A Rasa server with the trained model and its channels on `host`:`port`."""
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", endpoints]
    args += ["--credentials", credentials, "--interface", host]
    ready_host = "127.0.0.1" if host == "0.0.0.0" else host
    return Server(
        name,
        [*args, "--port", str(port), *extra_args],
        {**env, "SANIC_HOST": host},
        f"http://{ready_host}:{port}/",
        logs,
    )


def web_server(
    name: str,
    port: int,
    env: dict[str, str],
    rasa_url: str,
    logs: Path = LOGS,
    host: str = "127.0.0.1",
    directory: Path = WEB,
) -> Server:
    """The demo page (web/) with /config.js pointing at `rasa_url`."""
    ready_host = "127.0.0.1" if host == "0.0.0.0" else host
    return Server(
        name,
        [sys.executable, "-m", "stack.web", "--host", host, "--port", str(port)]
        + ["--directory", str(directory), "--quiet"],
        {**env, "RASA_URL": rasa_url},
        f"http://{ready_host}:{port}/",
        logs,
    )


@dataclass
class Stack:
    """The action server, the Rasa server (REST) and the web page, all on loopback.

    Free ports and a SQLite tracker store in `workdir`: for tests and benchmarks.
    """

    workdir: Path
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    model: Path = MODEL
    logs: Path = LOGS
    servers: dict[str, Server] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    def settings(self) -> Settings:
        settings = Settings.from_env()
        settings.action_port = self.action_port
        settings.rasa_port = self.rasa_port
        settings.web_port = self.web_port
        settings.tracker_db = self.workdir / "conversations.db"
        settings.model = self.model
        settings.logs = self.logs
        settings.environ.pop("ACTION_ENDPOINT_URL", None)
        settings.environ.pop("TRACKER_DB", None)
        return settings

    def env(self) -> dict[str, str]:
        return self.settings().server_env()

    def start(self) -> Stack:
        settings = self.settings()
        self.servers["actions"] = action_server(
            "actions", self.action_port, settings.server_env(), self.logs
        ).start()
        self.servers["rasa"] = rasa_server(
            "rasa",
            self.rasa_port,
            settings.rasa_env(),
            extra_args=["--cors", self.web_url],
            model=self.model,
            logs=self.logs,
        ).start()
        if WEB.is_dir():
            self.servers["web"] = web_server(
                "web", self.web_port, settings.server_env(), self.rasa_url, self.logs
            ).start()
        return self

    def stop(self) -> None:
        for server in reversed(list(self.servers.values())):
            server.stop()

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict]:
        """Send one message over the REST channel; return the bot's messages."""
        return say(self.rasa_url, sender, message, timeout)


def say(rasa_url: str, sender: str, message: str, timeout: float = 30) -> list[dict]:
    """Send one message to the Rasa server at `rasa_url` over REST; its messages."""
    reply = requests.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=timeout,
    )
    reply.raise_for_status()
    return reply.json()
