"""scripts/make_credentials.py: the credentials file Rasa runs with, from the environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from channels.credentials import CHANNELS, main
from stack.servers import ROOT
from tests.channels.conftest import CHANNEL_ENV, ChannelServer, contains

SCRIPT = ROOT / "scripts" / "make_credentials.py"
BASE = ROOT / "credentials.yml"
BY_NAME = {channel.name: channel for channel in CHANNELS}


def base_channels() -> dict:
    """What the project's credentials.yml configures (the REST channel)."""
    return yaml.safe_load(BASE.read_text()) or {}


def env_for(*names: str) -> dict[str, str]:
    """The test values of every variable of the named channels."""
    wanted = {v.env for name in names for v in BY_NAME[name].variables}
    return {key: value for key, value in CHANNEL_ENV.items() if key in wanted}


def run_script(out: Path, environ: dict[str, str]) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ}
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_variables_only_the_base_channels_are_on_and_nothing_is_contacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("make_credentials tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    out = tmp_path / "var" / "credentials.yml"

    assert main(["--out", str(out)], environ={}) == 0

    assert yaml.safe_load(out.read_text()) == base_channels()
    assert out.read_text().startswith(BASE.read_text().rstrip("\n"))


def test_script_without_variables_writes_the_base_channels_only(tmp_path: Path) -> None:
    out = tmp_path / "credentials.yml"

    result = run_script(out, {})

    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(out.read_text()) == base_channels()


@pytest.mark.parametrize("name", [channel.name for channel in CHANNELS])
def test_a_channel_is_on_when_its_variables_are_set(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasa.core.run

    channel = BY_NAME[name]
    environ = env_for(name)
    out = tmp_path / "credentials.yml"

    result = run_script(out, environ)

    assert result.returncode == 0, result.stderr
    assert f"/webhooks/{name}/webhook" in result.stdout
    written = yaml.safe_load(out.read_text())
    assert set(written) == set(base_channels()) | {channel.connector}
    for value in environ.values():
        assert value not in out.read_text()  # secrets stay in the environment

    # Rasa, started with these variables, builds the channel with their values
    for key, value in environ.items():
        monkeypatch.setenv(key, value)
    channels = rasa.core.run.create_http_input_channels(None, str(out))
    assert sorted(c.name() for c in channels) == sorted(["rest", "feedback", name])
    [built] = [c for c in channels if c.name() == name]
    assert type(built).__module__ + "." + type(built).__name__ == channel.connector
    assert built.name() == name  # so the webhook is /webhooks/<name>/webhook
    settings = {v.key: environ[v.env] for v in channel.variables if v.env in environ}
    assert settings and all(
        value in vars(built).values() for value in settings.values()
    )


def test_all_channels_together(tmp_path: Path) -> None:
    out = tmp_path / "credentials.yml"

    result = run_script(out, dict(CHANNEL_ENV))

    assert result.returncode == 0, result.stderr
    assert set(yaml.safe_load(out.read_text())) == set(base_channels()) | {
        c.connector for c in CHANNELS
    }


def test_slack_channel_is_optional(tmp_path: Path) -> None:
    out = tmp_path / "credentials.yml"
    with_channel = {**env_for("slack"), "SLACK_CHANNEL": "C0CART"}

    assert run_script(out, env_for("slack")).returncode == 0
    assert (
        "slack_channel"
        not in yaml.safe_load(out.read_text())[BY_NAME["slack"].connector]
    )
    assert run_script(out, with_channel).returncode == 0
    assert yaml.safe_load(out.read_text())[BY_NAME["slack"].connector][
        "slack_channel"
    ] == ("${SLACK_CHANNEL}")


@pytest.mark.parametrize(
    "environ, missing, present",
    [
        (
            {"TELEGRAM_ACCESS_TOKEN": "1:x"},
            ["TELEGRAM_VERIFY", "TELEGRAM_WEBHOOK_URL"],
            ["TELEGRAM_ACCESS_TOKEN"],
        ),
        ({"SLACK_CHANNEL": "C0CART"}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"], []),
        (
            {"FACEBOOK_VERIFY_TOKEN": "v", "FACEBOOK_APP_SECRET": "s"},
            ["FACEBOOK_PAGE_ACCESS_TOKEN"],
            ["FACEBOOK_VERIFY_TOKEN", "FACEBOOK_APP_SECRET"],
        ),
        (
            {
                "TWILIO_ACCOUNT_SID": "AC1",
                "TWILIO_AUTH_TOKEN": "t",
                "TWILIO_NUMBER": "  ",
            },
            ["TWILIO_NUMBER"],
            ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
        ),
    ],
    ids=["telegram", "slack-channel-only", "facebook", "twilio-blank-number"],
)
def test_a_partly_configured_channel_is_an_error(
    environ: dict[str, str], missing, present, tmp_path: Path
) -> None:
    out = tmp_path / "credentials.yml"

    result = run_script(out, environ)

    assert result.returncode != 0
    message = result.stderr
    for name in missing:
        assert name in message.split("not set")[0]
    for name in present:
        assert name not in message.split("not set")[0]
    assert not out.exists()


def test_telegram_webhook_must_be_https(tmp_path: Path) -> None:
    environ = {
        **env_for("telegram"),
        "TELEGRAM_WEBHOOK_URL": "http://example.invalid/webhooks/telegram/webhook",
    }

    result = run_script(tmp_path / "credentials.yml", environ)

    assert result.returncode != 0
    assert "TELEGRAM_WEBHOOK_URL" in result.stderr and "https://" in result.stderr


def test_a_channel_already_in_credentials_yml_is_not_added_twice(
    tmp_path: Path,
) -> None:
    base = tmp_path / "base.yml"
    base.write_text("rest:\nslack:\n  slack_token: abc\n")

    code = main(
        ["--base", str(base), "--out", str(tmp_path / "out.yml")],
        environ=env_for("slack"),
    )

    assert code != 0


def test_rest_channel_still_answers(channel_server: ChannelServer) -> None:
    reply = channel_server.post(
        "/webhooks/rest/webhook",
        json={"sender": "rest-user-creds", "message": "what is CRS?"},
    )

    assert reply.status_code == 200
    assert any(
        contains(message.get("text"), "cytokine release syndrome")
        for message in reply.json()
    )
