"""Start the real servers (action server, Rasa server, web page) on loopback.

Each server runs as its own process on a free loopback port, with its own
SQLite tracker store in a temporary folder; logs go to test-output/logs/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "car-t.tar.gz"
LOGS = ROOT / "test-output" / "logs"
START_TIMEOUT = 240.0
# TensorFlow's thread pools for 2 cores, for the Rasa server only: Rasa imports
# TensorFlow when it sees these, and the action server does not need it.
TF_THREAD_VARIABLES = {
    "TF_INTRA_OP_PARALLELISM_THREADS": "2",
    "TF_INTER_OP_PARALLELISM_THREADS": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(
    url: str,
    timeout: float = START_TIMEOUT,
    process: Optional[subprocess.Popen] = None,
    logs: Path = LOGS,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"server for {url} exited with {process.returncode}; see {logs}"
            )
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s; see {logs}")


def launch(
    args: Sequence[str], log_name: str, logs: Path = LOGS, **popen: Any
) -> subprocess.Popen:
    """Start a process in its own process group, output to `logs`/<log_name>.log."""
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{log_name}.log", "ab") as log:
        return subprocess.Popen(
            list(args),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **popen,
        )


@dataclass
class Server:
    name: str
    args: List[str]
    env: Dict[str, str]
    ready_url: str
    logs: Path = LOGS
    process: Optional[subprocess.Popen] = None

    def spawn(self) -> Server:
        """Launch without waiting, so several servers can start side by side."""
        self.process = launch(self.args, self.name, self.logs, cwd=ROOT, env=self.env)
        return self

    def wait_ready(self) -> None:
        wait_for(self.ready_url, process=self.process, logs=self.logs)

    def start(self) -> Server:
        self.spawn().wait_ready()
        return self

    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def action_server(
    name: str, port: int, env: Dict[str, str], logs: Path = LOGS
) -> Server:
    """The project's action server (rasa_sdk) on 127.0.0.1:`port`."""
    args = [str(BIN / "rasa"), "run", "actions", "--actions", "actions"]
    return Server(
        name,
        [*args, "--port", str(port)],
        env,
        f"http://127.0.0.1:{port}/health",
        logs,
    )


def rasa_server(
    name: str,
    port: int,
    env: Dict[str, str],
    endpoints: str = "endpoints.yml",
    extra_args: Sequence[str] = (),
    model: Path = MODEL,
    logs: Path = LOGS,
) -> Server:
    """A Rasa server with the trained model and the REST channel on 127.0.0.1:`port`."""
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints", endpoints]
    args += ["--credentials", "credentials.yml", "--interface", "127.0.0.1"]
    return Server(
        name,
        [*args, "--port", str(port), *extra_args],
        env,
        f"http://127.0.0.1:{port}/",
        logs,
    )


@dataclass
class Stack:
    """The action server, the Rasa server (REST) and the web page, all on loopback."""

    workdir: Path
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    model: Path = MODEL
    logs: Path = LOGS
    servers: Dict[str, Server] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(
            ACTION_ENDPOINT_URL=f"{self.action_url}/webhook",
            TRACKER_DB=str(self.workdir / "conversations.db"),
            SANIC_HOST="127.0.0.1",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            RASA_TELEMETRY_ENABLED="false",
        )
        for name in TF_THREAD_VARIABLES:
            env.pop(name, None)  # the action server needs no TensorFlow
        return env

    def start(self) -> "Stack":
        env = self.env()
        self.servers["actions"] = action_server(
            "actions", self.action_port, env, self.logs
        ).start()
        self.servers["rasa"] = rasa_server(
            "rasa",
            self.rasa_port,
            {**env, **TF_THREAD_VARIABLES},
            extra_args=["--cors", self.web_url],
            model=self.model,
            logs=self.logs,
        ).start()
        if (ROOT / "web").is_dir():
            self.servers["web"] = Server(
                "web",
                [
                    sys.executable,
                    str(ROOT / "scripts" / "serve_web.py"),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.web_port),
                    "--directory",
                    str(ROOT / "web"),
                ],
                {**env, "RASA_URL": self.rasa_url},
                f"{self.web_url}/",
                self.logs,
            ).start()
        return self

    def stop(self) -> None:
        for server in reversed(list(self.servers.values())):
            server.stop()

    def say(self, sender: str, message: str, timeout: float = 30) -> List[dict]:
        """Send one message over the REST channel; return the bot's messages."""
        reply = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        reply.raise_for_status()
        return reply.json()
