"""Start a process in its own process group, wait until it is ready, stop the group.

A process that exits or does not answer in time raises `StartError` with the tail
of its log, so a failed start says why without opening the log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from stack.settings import ROOT

LOGS = ROOT / "test-output" / "logs"
START_TIMEOUT = 240.0
STOP_TIMEOUT = 20.0
TAIL_LINES = 20


class StartError(RuntimeError):
    """A server exited while starting or was not ready in time."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(path: Path, lines: int = TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def http_ready(url: str) -> Callable[[], bool]:
    """A readiness probe: `url` answers with a status below 500."""

    def probe() -> bool:
        try:
            return requests.get(url, timeout=2).status_code < 500
        except requests.RequestException:
            return False

    return probe


def wait_until(
    ready: Callable[[], bool],
    what: str,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
    timeout: float = START_TIMEOUT,
    alive: Callable[[], bool] | None = None,
) -> None:
    """Poll `ready` until it is true; StartError with the log tail otherwise.

    Stops early when `process` exits or `alive()` (for a server that is not a
    process of its own, e.g. a thread) turns false.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StartError(_failed(f"{what} exited with {process.returncode}", log))
        if alive is not None and not alive():
            raise StartError(_failed(f"{what} stopped while starting", log))
        try:
            if ready():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise StartError(_failed(f"{what} was not ready within {timeout:.0f} s", log))


def _failed(message: str, log: Path | None) -> str:
    if log is None:
        return message
    return f"{message}; last lines of {log}:\n{log_tail(log)}"


def wait_for(
    url: str,
    timeout: float = START_TIMEOUT,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
) -> None:
    """Wait until `url` answers (status < 500)."""
    wait_until(http_ready(url), url, process, log, timeout)


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


def stop_group(
    process: subprocess.Popen | None,
    sig: int = signal.SIGTERM,
    timeout: float = STOP_TIMEOUT,
) -> None:
    """Signal a process group we started, wait, and SIGKILL it if it hangs."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=timeout)


@dataclass
class Server:
    """One server process: its command, environment and HTTP readiness URL."""

    name: str
    args: list[str]
    env: dict[str, str]
    ready_url: str
    logs: Path = LOGS
    process: subprocess.Popen | None = None
    cwd: Path = ROOT

    @property
    def log(self) -> Path:
        return self.logs / f"{self.name}.log"

    def spawn(self) -> Server:
        """Launch without waiting, so several servers can start side by side."""
        self.process = launch(
            self.args, self.name, self.logs, cwd=self.cwd, env=self.env
        )
        return self

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        wait_for(self.ready_url, timeout, self.process, self.log)

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
        stop_group(self.process)

    def restart(self) -> None:
        self.stop()
        self.start()
