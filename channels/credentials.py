"""Write the credentials file Rasa runs with: credentials.yml plus the channels
whose environment variables are set.

A channel is on when all its required variables are set (non-empty), off when
none of its variables is set; anything in between is an error naming what is
missing. The file refers to the variables as ${NAME}, which Rasa expands when it
starts, so no secret is written to disk. Nothing here touches the network.

    python scripts/make_credentials.py [--base credentials.yml] [--out var/credentials.yml]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE = ROOT / "credentials.yml"
DEFAULT_OUT = ROOT / "var" / "credentials.yml"


@dataclass(frozen=True)
class Variable:
    env: str  # environment variable
    key: str  # key in the connector's credentials
    required: bool = True


@dataclass(frozen=True)
class Channel:
    name: str  # Rasa's connector name; the webhook is /webhooks/<name>/webhook
    title: str
    connector: str  # credentials key: module path of the input channel class
    variables: tuple[Variable, ...]

    @property
    def webhook(self) -> str:
        return f"/webhooks/{self.name}/webhook"

    @property
    def required(self) -> list[str]:
        return [variable.env for variable in self.variables if variable.required]


CHANNELS: tuple[Channel, ...] = (
    Channel(
        "telegram",
        "Telegram",
        "channels.telegram.TelegramKeyboardInput",
        (
            Variable("TELEGRAM_ACCESS_TOKEN", "access_token"),
            Variable("TELEGRAM_VERIFY", "verify"),
            Variable("TELEGRAM_WEBHOOK_URL", "webhook_url"),
        ),
    ),
    Channel(
        "slack",
        "Slack",
        "channels.slack.SlackBlocksInput",
        (
            Variable("SLACK_BOT_TOKEN", "slack_token"),
            Variable("SLACK_SIGNING_SECRET", "slack_signing_secret"),
            Variable("SLACK_CHANNEL", "slack_channel", required=False),
        ),
    ),
    Channel(
        "facebook",
        "Facebook Messenger",
        "channels.facebook.QuickReplyFacebookInput",
        (
            Variable("FACEBOOK_VERIFY_TOKEN", "verify"),
            Variable("FACEBOOK_APP_SECRET", "secret"),
            Variable("FACEBOOK_PAGE_ACCESS_TOKEN", "page-access-token"),
        ),
    ),
    Channel(
        "twilio",
        "SMS (Twilio)",
        "channels.sms.NumberedTwilioInput",
        (
            Variable("TWILIO_ACCOUNT_SID", "account_sid"),
            Variable("TWILIO_AUTH_TOKEN", "auth_token"),
            Variable("TWILIO_NUMBER", "twilio_number"),
        ),
    ),
)


class CredentialsError(Exception):
    """The environment switches a channel on only partly, or wrongly."""


def _is_set(environ: Mapping[str, str], name: str) -> bool:
    return bool(environ.get(name, "").strip())


def enabled_channels(environ: Mapping[str, str]) -> list[Channel]:
    """The channels whose required variables are all set; raise on half-set ones."""
    enabled: list[Channel] = []
    problems: list[str] = []
    for channel in CHANNELS:
        present = [v.env for v in channel.variables if _is_set(environ, v.env)]
        if not present:
            continue
        missing = [name for name in channel.required if not _is_set(environ, name)]
        if missing:
            problems.append(
                f"{channel.title} is only partly configured: {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set "
                f"(set all of {', '.join(channel.required)}, or none)."
            )
            continue
        problems.extend(_check_values(channel, environ))
        enabled.append(channel)
    if problems:
        raise CredentialsError("\n".join(problems))
    return enabled


def _check_values(channel: Channel, environ: Mapping[str, str]) -> list[str]:
    problems = []
    if channel.name == "telegram":
        if not environ["TELEGRAM_WEBHOOK_URL"].strip().startswith("https://"):
            problems.append(
                "TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram only calls HTTPS "
                f"webhooks), e.g. https://<your-host>{channel.webhook}."
            )
        if environ["TELEGRAM_VERIFY"].strip().startswith("@"):
            problems.append(
                "TELEGRAM_VERIFY is the bot's username without the leading '@'."
            )
    return problems


def render(
    base_text: str, channels: Sequence[Channel], environ: Mapping[str, str]
) -> str:
    """credentials.yml's text, then one section per channel referring to its variables."""
    base = yaml.safe_load(base_text) or {}
    if not isinstance(base, dict):
        raise CredentialsError("credentials.yml must be a mapping of connector names.")
    for channel in channels:
        clash = {channel.name, channel.connector} & set(base)
        if clash:
            raise CredentialsError(
                f"credentials.yml already configures {', '.join(sorted(clash))}; remove it "
                f"there or unset the {channel.name.upper()}_* variables."
            )
    parts = [base_text.rstrip("\n") + "\n"]
    if channels:
        parts.append(
            "\n# Added by scripts/make_credentials.py for the channels whose variables are\n"
            "# set; Rasa reads the values from the environment when it starts.\n"
        )
    for channel in channels:
        lines = [f"{channel.connector}:  # {channel.title}, {channel.webhook}"]
        lines += [
            f"  {variable.key}: ${{{variable.env}}}"
            for variable in channel.variables
            if _is_set(environ, variable.env)
        ]
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def write_credentials(
    out: Path = DEFAULT_OUT,
    base: Path = DEFAULT_BASE,
    environ: Mapping[str, str] | None = None,
) -> list[Channel]:
    """Write `out` from `base` and the environment; return the channels added."""
    environ = os.environ if environ is None else environ
    channels = enabled_channels(environ)
    text = render(base.read_text(encoding="utf-8"), channels, environ)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(out)
    return channels


def main(
    argv: Sequence[str] | None = None, environ: dict[str, str] | None = None
) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base", type=Path, default=DEFAULT_BASE, help="default: %(default)s"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="default: %(default)s"
    )
    args = parser.parse_args(argv)
    try:
        channels = write_credentials(args.out, args.base, environ)
    except (CredentialsError, OSError, yaml.YAMLError) as error:
        for line in str(error).splitlines():
            print(f"make_credentials: {line}", file=sys.stderr)
        return 1
    base_names = list(yaml.safe_load(args.base.read_text(encoding="utf-8")) or {})
    names = base_names + [f"{c.name} at {c.webhook}" for c in channels]
    print(f"Wrote {args.out} with channels: {', '.join(names) or 'none'}")
    return 0
