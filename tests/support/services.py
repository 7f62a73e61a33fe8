"""PostgreSQL and Redis for the scale-out tests: throw-away instances on loopback.

Each runs in its own temporary folder on a free port, bound to 127.0.0.1 only, and is
stopped and deleted afterwards. PostgreSQL refuses to run as root, so when the tests
run as root (CI) `initdb` and `postgres` run as the `postgres` system user that the
Debian package creates. Missing packages are installed with apt-get when possible.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import requests

from stack.servers import (
    LOGS,
    ROOT,
    Server,
    action_server,
    free_port,
    launch,
    rasa_server,
)

ENDPOINTS = ROOT / "endpoints.prod.yml"

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


# --- Installation -------------------------------------------------------------------


def postgres_bin_dir() -> Optional[Path]:
    """Folder with initdb and postgres: on PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent

    def version(path: str) -> float:
        try:
            return float(Path(path).parts[-3])
        except ValueError:
            return 0.0

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    return Path(candidates[-1]).parent if candidates else None


def redis_server_path() -> Optional[str]:
    return shutil.which("redis-server")


def ensure_installed() -> None:
    """Fail with the command to run when PostgreSQL or Redis is missing."""
    missing: List[str] = []
    if postgres_bin_dir() is None:
        missing.append("postgresql")
    if redis_server_path() is None:
        missing.append("redis-server")
    if missing:
        raise RuntimeError(
            f"missing: {' '.join(missing)}; run `make system-packages` "
            "(the test targets do) and run the tests again"
        )


# --- Processes ------------------------------------------------------------------------


def _log(name: str):
    LOGS.mkdir(parents=True, exist_ok=True)
    return open(LOGS / f"{name}.log", "ab")


def _stop(process: Optional[subprocess.Popen], sig: int = signal.SIGTERM) -> None:
    """Signal one process we started, wait, and SIGKILL its group if it hangs."""
    if process is None or process.poll() is not None:
        return
    try:
        process.send_signal(sig)
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=STOP_TIMEOUT)


def _wait_until(check, what: str, process: subprocess.Popen, log: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    last_error: Optional[BaseException] = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with {process.returncode}; see {LOGS / log}"
            )
        try:
            check()
            return
        except Exception as error:  # not up yet
            last_error = error
        time.sleep(0.3)
    raise TimeoutError(
        f"{what} not ready after {START_TIMEOUT:.0f} s ({last_error}); see {LOGS / log}"
    )


@dataclass
class PostgreSQL:
    """A PostgreSQL cluster in a temporary folder, with one database and one user."""

    database: str = "car_t"
    user: str = "rasa"
    password: str = "scale-test-pw"
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    folder: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    @staticmethod
    def _account() -> Tuple[Optional[int], Optional[int]]:
        """The uid and gid to run as: PostgreSQL refuses to run as root."""
        if os.geteuid() != 0:
            return None, None
        account = pwd.getpwnam("postgres")  # created by the Debian package
        return account.pw_uid, account.pw_gid

    def start(self) -> "PostgreSQL":
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed")
        self.folder = Path(tempfile.mkdtemp(prefix="car-t-pg-"))
        data = self.folder / "data"
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        uid, gid = self._account()
        if uid is not None and gid is not None:
            for path in (self.folder, pwfile):
                os.chown(path, uid, gid)
        run_as: Dict[str, Any] = {
            "user": uid,
            "group": gid,
            "extra_groups": [] if uid else None,
        }
        log = _log("scale-postgres")
        try:
            subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "--pgdata",
                    str(data),
                    "--username",
                    self.user,
                    "--pwfile",
                    str(pwfile),
                    "--auth",
                    "scram-sha-256",
                    "--encoding",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ],
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
                timeout=120,
                **run_as,
            )
            self.process = launch(
                [
                    str(bin_dir / "postgres"),
                    "-D",
                    str(data),
                    "-p",
                    str(self.port),
                    "-c",
                    f"listen_addresses={self.host}",
                    "-c",
                    f"unix_socket_directories={self.folder}",
                    "-c",
                    "max_connections=50",
                    "-c",
                    "shared_buffers=32MB",
                    "-c",
                    "fsync=off",  # a test cluster: thrown away afterwards
                    "-c",
                    "full_page_writes=off",
                ],
                "scale-postgres",
                cwd=self.folder,
                **run_as,
            )
        finally:
            log.close()
        _wait_until(
            lambda: self.connect(dbname="postgres").close(),
            "PostgreSQL",
            self.process,
            "scale-postgres.log",
        )
        with contextlib.closing(self.connect(dbname="postgres")) as connection:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.database}"')
        return self

    def connect(self, dbname: Optional[str] = None):
        import psycopg2

        connection = psycopg2.connect(
            host=self.host,
            port=self.port,
            dbname=dbname or self.database,
            user=self.user,
            password=self.password,
            connect_timeout=5,
        )
        connection.autocommit = True
        return connection

    def env(self) -> Dict[str, str]:
        return {
            "PG_HOST": self.host,
            "PG_PORT": str(self.port),
            "PG_DATABASE": self.database,
            "PG_USER": self.user,
            "PG_PASSWORD": self.password,
            "PG_SSLMODE": "disable",
        }

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast shutdown": end sessions, checkpoint, exit.
        _stop(self.process, signal.SIGINT)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Redis:
    """A Redis server without persistence, password-protected, on loopback."""

    password: str = "scale-test-redis-pw"
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    db: int = 1
    key_prefix: str = "cartscale"
    folder: Optional[Path] = None
    process: Optional[subprocess.Popen] = None

    def start(self) -> "Redis":
        server = redis_server_path()
        if server is None:
            raise RuntimeError("redis-server is not installed")
        self.folder = Path(tempfile.mkdtemp(prefix="car-t-redis-"))
        self.process = launch(
            [
                server,
                "--port",
                str(self.port),
                "--bind",
                self.host,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.folder),
                "--requirepass",
                self.password,
            ],
            "scale-redis",
            cwd=self.folder,
        )
        _wait_until(
            lambda: self.client().ping(), "Redis", self.process, "scale-redis.log"
        )
        return self

    def client(self):
        import redis

        return redis.StrictRedis(
            host=self.host,
            port=self.port,
            db=self.db,
            password=self.password,
            socket_timeout=5,
        )

    def lock_keys(self) -> List[bytes]:
        """Conversation locks Rasa left in Redis (there should be none when idle)."""
        return list(self.client().scan_iter(match=f"{self.key_prefix}:*", count=1000))

    def env(self) -> Dict[str, str]:
        return {
            "REDIS_HOST": self.host,
            "REDIS_PORT": str(self.port),
            "REDIS_DB": str(self.db),
            "REDIS_PASSWORD": self.password,
            "REDIS_KEY_PREFIX": self.key_prefix,
        }

    def stop(self) -> None:
        _stop(self.process, signal.SIGTERM)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


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
    ports: Dict[str, int] = field(
        default_factory=lambda: {name: free_port() for name in REPLICA_NAMES}
    )
    servers: Dict[str, Server] = field(default_factory=dict)

    @property
    def names(self) -> List[str]:
        return list(self.ports)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.pop("TRACKER_DB", None)  # the SQLite store of the default profile
        env.update(self.postgres.env())
        env.update(self.redis.env())
        env.update(
            ACTION_ENDPOINT_URL=f"http://127.0.0.1:{self.action_port}/webhook",
            SQL_POOL_SIZE=str(SQL_POOL_SIZE),
            SQL_MAX_OVERFLOW=str(SQL_MAX_OVERFLOW),
            SANIC_HOST="127.0.0.1",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        return env

    def _replica(self, name: str) -> Server:
        return rasa_server(
            f"scale-{name}", self.ports[name], self.env(), endpoints=str(ENDPOINTS)
        )

    def start(self) -> "ScaleCluster":
        self.servers["actions"] = action_server(
            "scale-actions", self.action_port, self.env()
        )
        self.servers["actions"].start()
        self._start_replicas(self.names)
        return self

    def _start_replicas(self, names: List[str]) -> None:
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
    ) -> List[dict]:
        """Send one message to one replica over REST; return the bot's messages."""
        reply = requests.post(
            f"{self.url(name)}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        reply.raise_for_status()
        return reply.json()
