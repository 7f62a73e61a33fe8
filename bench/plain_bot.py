"""The baseline: a plain `rasa init --no-prompt` bot, built and run in a temp folder.

`rasa init` scaffolds Rasa's example project and trains it (Rasa's default
pipeline and policies, TED included); that run, with a fresh training cache, is
the plain bot's training time. It is served by `rasa run` on the REST channel
on a free loopback port, with Rasa's default in-memory tracker store and no
action server (its default responses need none).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.training import Training, timed
from stack.launcher import Server, free_port
from stack.servers import rasa_server
from stack.settings import Settings


@dataclass
class PlainBot:
    directory: Path
    training: Training
    port: int = 0
    server: Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, logs: Path) -> PlainBot:
        """Served by the project's own Rasa, started as the bot's Rasa server is."""
        self.port = free_port()
        d = self.directory
        self.server = rasa_server(
            "plain-rasa",
            self.port,
            Settings.from_env().rasa_env(),
            endpoints=str(d / "endpoints.yml"),
            model=d / "models",
            logs=logs,
            credentials=str(d / "credentials.yml"),
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


def build(rasa: Path, tmp: Path, log: Path) -> PlainBot:
    """`rasa init --no-prompt` into tmp/plain-bot (scaffold + training, timed)."""
    directory = tmp / "plain-bot"
    directory.mkdir(parents=True)
    seconds = timed(
        [str(rasa), "init", "--no-prompt", "--init-dir", str(directory)],
        tmp,
        log,
        tmp / "plain-cache",
    )
    models = sorted((directory / "models").glob("*.tar.gz"))
    if not models:
        raise RuntimeError(f"rasa init trained no model in {directory}; see {log}")
    return PlainBot(directory, Training(seconds, models[-1]))
