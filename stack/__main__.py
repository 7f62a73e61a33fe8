"""`python -m stack run` (make run) and `python -m stack shell` (make shell).

run: the action server, the Rasa server and the demo page, with the settings of
stack.settings, after its pre-launch checks; Ctrl-C (or any server exiting) stops
all of them. shell: the action server in the background and `rasa shell`.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from types import FrameType

from stack.launcher import Server, StartError
from stack.servers import BIN, WEB, action_server, rasa_server, web_server
from stack.settings import ROOT, Check, Settings, check_profile, problems


def _check(settings: Settings, checks: list[Check] | None = None) -> bool:
    """Run the pre-launch checks (all of PRE_LAUNCH_CHECKS by default); print errors."""
    errors = (
        problems(settings)
        if checks is None
        else [message for check in checks for message in check(settings)]
    )
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return not errors


def _credentials(settings: Settings) -> str | None:
    """var/credentials.yml: credentials.yml plus the channels whose variables are set."""
    target = settings.var / "credentials.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "scripts/make_credentials.py", "--out", str(target)],
        cwd=ROOT,
        env=settings.server_env(),
    )
    return str(target) if result.returncode == 0 else None


def _stop_on_signal(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run(settings: Settings) -> int:
    if not _check(settings):
        return 2
    credentials = _credentials(settings)
    if credentials is None:
        return 2
    logs = settings.var / "logs"
    servers: list[Server] = [
        action_server(
            "actions",
            settings.action_port,
            settings.server_env(),
            logs,
            host=settings.action_host,
        ),
        rasa_server(
            "rasa",
            settings.rasa_port,
            settings.rasa_env(),
            endpoints=settings.endpoints_file,
            extra_args=["--cors", *settings.web_origins, *settings.api_args()],
            model=settings.model,
            logs=logs,
            host=settings.host,
            credentials=credentials,
        ),
    ]
    if WEB.is_dir():
        servers.append(
            web_server(
                "web",
                settings.web_port,
                settings.server_env(),
                settings.rasa_base_url,
                logs,
                host=settings.host,
            )
        )
    signal.signal(signal.SIGTERM, _stop_on_signal)
    print("Starting... (logs in var/logs/)", flush=True)
    return _serve(servers, lambda: _watch(settings, servers))


def _watch(settings: Settings, servers: list[Server]) -> int:
    """Say where the bot is, then wait until a server stops (Ctrl-C: all stop)."""
    print(
        f"The bot answers at http://{settings.host}:{settings.rasa_port}"
        "/webhooks/rest/webhook",
        flush=True,
    )
    if WEB.is_dir():
        print(f"Chat page: http://{settings.host}:{settings.web_port}/", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    while all(server.alive() for server in servers):
        time.sleep(0.5)
    for server in servers:
        if not server.alive():
            print(f"error: {server.name} stopped; see {server.log}", file=sys.stderr)
    return 1


def _serve(servers: list[Server], body: Callable[[], int]) -> int:
    """Start `servers` side by side, run `body` while they run, stop them all."""
    try:
        for server in servers:
            server.spawn()
        for server in servers:
            server.wait_ready()
        return body()
    except StartError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for server in reversed(servers):
            server.stop()


def shell(settings: Settings) -> int:
    if not _check(settings):
        return 2
    actions = action_server(
        "actions-shell", settings.action_port, settings.server_env(), settings.var
    )
    command = [str(BIN / "rasa"), "shell", "--model", str(settings.model)]
    command += ["--endpoints", settings.endpoints_file]
    return _serve(
        [actions], lambda: subprocess.call(command, cwd=ROOT, env=settings.rasa_env())
    )


def exec_command(settings: Settings, command: list[str], tensorflow: bool) -> int:
    """Run `command` with the stack's environment (training, privacy commands)."""
    if not command:
        print("error: exec needs a command after --", file=sys.stderr)
        return 2
    if not _check(settings, [check_profile]):
        return 2
    env = settings.rasa_env() if tensorflow else settings.server_env()
    return subprocess.call(command, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stack", description=__doc__)
    parser.add_argument("command", choices=["run", "shell", "exec"])
    parser.add_argument(
        "--tensorflow",
        action="store_true",
        help="exec: with TensorFlow's thread pools (training)",
    )
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="exec: -- command")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    if args.command == "exec":
        rest = list(args.rest)
        tensorflow = (
            args.tensorflow or "--tensorflow" in rest[: rest.index("--")]
            if "--" in rest
            else args.tensorflow
        )
        rest = rest[rest.index("--") + 1 :] if "--" in rest else rest
        return exec_command(settings, rest, tensorflow)
    return run(settings) if args.command == "run" else shell(settings)


if __name__ == "__main__":
    sys.exit(main())
