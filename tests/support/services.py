"""The scale-out cluster: one action server and two Rasa replicas on endpoints.prod.yml,
sharing a throw-away PostgreSQL and Redis (stack.services), all on loopback.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

from stack.launcher import STOP_TIMEOUT, Server, free_port
from stack.servers import action_server, rasa_server, say
from stack.services import PostgreSQL, Redis
from stack.settings import ROOT, TF_THREAD_ENV, Settings

ENDPOINTS = ROOT / "endpoints.prod.yml"


# --- The Rasa side: one action server, several Rasa server replicas --------------------

REPLICA_NAMES = ("rasa-a", "rasa-b")


SQL_POOL_SIZE = 5
SQL_MAX_OVERFLOW = 5


@dataclass
class ScaleCluster:
    """Rasa replicas on endpoints.prod.yml, sharing PostgreSQL and Redis."""

    postgres: PostgreSQL
    redis: Redis
    action_port: int = field(default_factory=free_port)
    ports: dict[str, int] = field(
        default_factory=lambda: {name: free_port() for name in REPLICA_NAMES}
    )
    servers: dict[str, Server] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return list(self.ports)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self) -> dict[str, str]:
        environ = dict(os.environ)
        environ.pop("TRACKER_DB", None)  # the SQLite store of the default profile
        environ.pop("ACTION_ENDPOINT_URL", None)
        environ.update(self.postgres.env())
        environ.update(self.redis.env())
        environ.update(
            SQL_POOL_SIZE=str(SQL_POOL_SIZE), SQL_MAX_OVERFLOW=str(SQL_MAX_OVERFLOW)
        )
        settings = Settings.from_env({**environ, "PROFILE": "prod"})
        settings.action_port = self.action_port
        return settings.server_env()

    def rasa_env(self) -> dict[str, str]:
        return {**self.env(), **TF_THREAD_ENV}

    def _replica(self, name: str) -> Server:
        return rasa_server(
            f"scale-{name}", self.ports[name], self.rasa_env(), endpoints=str(ENDPOINTS)
        )

    def start(self) -> ScaleCluster:
        self.servers["actions"] = action_server(
            "scale-actions", self.action_port, self.env()
        )
        self.servers["actions"].start()
        self._start_replicas(self.names)
        return self

    def _start_replicas(self, names: list[str]) -> None:
        """Start replicas side by side (each takes 20-60 s to load the model)."""
        for name in names:
            self.servers[name] = self._replica(name).spawn()
        for name in names:
            self.servers[name].wait_ready()

    def ensure_running(self) -> None:
        """Restart replicas that a test killed."""
        dead = [
            name
            for name in self.names
            if name not in self.servers or not self.servers[name].alive()
        ]
        if dead:
            self._start_replicas(dead)

    def kill(self, name: str) -> None:
        """SIGKILL one replica: no shutdown handlers, no goodbye to Redis or PostgreSQL."""
        process = self.servers[name].process
        assert process is not None
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        for server in reversed(list(self.servers.values())):
            server.stop()

    def say(
        self, name: str, sender: str, message: str, timeout: float = 120
    ) -> list[dict]:
        """Send one message to one replica over REST; return the bot's messages."""
        return say(self.url(name), sender, message, timeout)
