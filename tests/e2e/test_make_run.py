"""The security defaults of `make run`, through its real launcher (python -m stack run).

`make run` is started as a user starts it, with only ports, a tracker database and
the API token in the environment; nothing else (no --cors, no --interface) is
passed by the test. Then: every server listens on loopback only, the Rasa server
allows only the demo page's origins, the HTTP API refuses requests without the
token, and the page's /config.js points at the Rasa server.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from stack.launcher import free_port, log_tail, wait_for
from stack.servers import MODEL, ROOT
from stack.settings import PRE_LAUNCH_CHECKS, Settings, problems

TOKEN = "make-run-test-token"
LOOPBACK = {"0100007F", "00000000000000000000000001000000"}
START_TIMEOUT = 280.0


def listening_addresses(port: int) -> list[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp*)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.append(address)
    return found


def user_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("HOST", "CORS_ORIGINS", "ENABLE_API", "RASA_URL", "PROFILE")
    }
    env.update(
        RASA_PORT=str(free_port()),
        ACTION_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        TRACKER_DB=str(tmp / "conversations.db"),
    )
    env.update(extra)
    env.pop("MAKEFLAGS", None)
    env.pop("MFLAGS", None)
    return env


@pytest.fixture(scope="module")
def make_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first (make test does).")
    tmp = tmp_path_factory.mktemp("make-run")
    env = user_env(tmp, ENABLE_API="1", RASA_TOKEN=TOKEN)
    log = tmp / "make-run.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for name, path in (
            ("ACTION_PORT", "health"),
            ("RASA_PORT", ""),
            ("WEB_PORT", ""),
        ):
            url = f"http://127.0.0.1:{env[name]}/{path}"
            wait_for(url, START_TIMEOUT, process, log)
        yield env
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for name in ("ACTION_PORT", "RASA_PORT", "WEB_PORT"):
            assert not listening_addresses(int(env[name])), (
                f"{name} still open after make run stopped:\n{log_tail(log)}"
            )


def test_every_server_listens_on_loopback_only(make_run: dict[str, str]) -> None:
    for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT"):
        addresses = listening_addresses(int(make_run[name]))
        assert addresses and set(addresses) <= LOOPBACK, (name, addresses)


def test_cors_allows_only_the_page_origins(make_run: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{make_run['RASA_PORT']}/webhooks/rest/webhook"

    def allowed_origin(origin: str) -> str:
        reply = requests.options(
            url,
            headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            timeout=30,
        )
        return reply.headers.get("Access-Control-Allow-Origin") or ""

    for page in ("127.0.0.1", "localhost"):
        origin = f"http://{page}:{make_run['WEB_PORT']}"
        assert allowed_origin(origin) == origin
    assert allowed_origin("https://evil.example") == ""


def test_the_api_refuses_requests_without_the_token(make_run: dict[str, str]) -> None:
    base = f"http://127.0.0.1:{make_run['RASA_PORT']}"
    for path in ("/status", "/conversations/x/tracker"):
        assert requests.get(base + path, timeout=30).status_code == 401, path
        wrong = requests.get(base + path, params={"token": "wrong"}, timeout=30)
        assert wrong.status_code == 401, path
    status = requests.get(f"{base}/status", params={"token": TOKEN}, timeout=30)
    assert status.status_code == 200


def test_the_page_knows_where_the_bot_is(make_run: dict[str, str]) -> None:
    reply = requests.get(
        f"http://127.0.0.1:{make_run['WEB_PORT']}/config.js", timeout=10
    )
    assert f'"serverUrl": "http://127.0.0.1:{make_run["RASA_PORT"]}"' in reply.text
    page = requests.get(f"http://127.0.0.1:{make_run['WEB_PORT']}/", timeout=10)
    assert (
        "connect-src 'self' http://127.0.0.1:"
        in page.headers["Content-Security-Policy"]
    )


@pytest.mark.parametrize(
    "setting, expected",
    [
        ({"ENABLE_API": "1"}, "ENABLE_API=1 needs RASA_TOKEN or RASA_JWT_SECRET"),
        ({"PROFILE": "staging"}, "PROFILE must be dev or prod"),
        ({"RASA_PORT": "http"}, "RASA_PORT must be a port number"),
    ],
)
def test_a_bad_setting_stops_make_run_before_anything_starts(
    tmp_path: Path, setting: dict[str, str], expected: str
) -> None:
    env = user_env(tmp_path, **setting)
    result = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert expected in result.stderr
    assert "Starting" not in result.stdout
    assert not listening_addresses(int(env["ACTION_PORT"]))


def test_a_registered_check_runs_before_launch() -> None:
    def no_staging(settings: Settings) -> list[str]:
        return ["SITE: not configured"] if settings.host == "10.9.9.9" else []

    PRE_LAUNCH_CHECKS.append(no_staging)
    try:
        assert "SITE: not configured" in problems(
            Settings.from_env({"HOST": "10.9.9.9"})
        )
        assert "SITE: not configured" not in problems(Settings.from_env({}))
    finally:
        PRE_LAUNCH_CHECKS.remove(no_staging)
