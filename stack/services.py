"""PostgreSQL and Redis: throw-away instances on loopback (scale-out tests, PROFILE=prod).

Each runs in its own temporary folder on a free port, bound to 127.0.0.1 only, and is
stopped and deleted afterwards. PostgreSQL refuses to run as root, so when run as
root (CI) `initdb` and `postgres` run as the `postgres` system user that the Debian
package creates. Nothing is installed here: `make system-packages` does that.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from stack.launcher import LOGS, free_port, launch, stop_group, wait_until

START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


# --- Installation -------------------------------------------------------------------


def postgres_bin_dir() -> Path | None:
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


def redis_server_path() -> str | None:
    return shutil.which("redis-server")


def ensure_installed() -> None:
    """Fail with the command to run when PostgreSQL or Redis is missing."""
    missing: list[str] = []
    if postgres_bin_dir() is None:
        missing.append("postgresql")
    if redis_server_path() is None:
        missing.append("redis-server")
    if missing:
        raise RuntimeError(
            f"missing: {' '.join(missing)}; run `make system-packages` "
            "(the test targets do) and run the tests again"
        )


def _log(name: str) -> IO[bytes]:
    LOGS.mkdir(parents=True, exist_ok=True)
    return open(LOGS / f"{name}.log", "ab")


@dataclass
class PostgreSQL:
    """A PostgreSQL cluster in a temporary folder, with one database and one user."""

    database: str = "car_t"
    user: str = "rasa"
    password: str = "scale-test-pw"
    port: int = field(default_factory=free_port)
    host: str = "127.0.0.1"
    folder: Path | None = None
    process: subprocess.Popen | None = None

    @staticmethod
    def _account() -> tuple[int | None, int | None]:
        """The uid and gid to run as: PostgreSQL refuses to run as root."""
        if os.geteuid() != 0:
            return None, None
        account = pwd.getpwnam("postgres")  # created by the Debian package
        return account.pw_uid, account.pw_gid

    def _run_as(self) -> dict[str, Any]:
        uid, gid = self._account()
        return {"user": uid, "group": gid, "extra_groups": [] if uid else None}

    def start(self) -> PostgreSQL:
        """A new cluster in a temporary folder, served, with the database made."""
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed")
        self.folder = Path(tempfile.mkdtemp(prefix="car-t-pg-"))
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        uid, gid = self._account()
        if uid is not None and gid is not None:
            for path in (self.folder, pwfile):
                os.chown(path, uid, gid)
        log = _log("scale-postgres")
        try:
            subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "--pgdata",
                    str(self.folder / "data"),
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
                **self._run_as(),
            )
        finally:
            log.close()
        self.serve()
        with contextlib.closing(self.connect(dbname="postgres")) as connection:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.database}"')
        return self

    def serve(self) -> PostgreSQL:
        """Run the server on the cluster's folder and port; wait until it answers."""
        bin_dir = postgres_bin_dir()
        if bin_dir is None or self.folder is None:
            raise RuntimeError("PostgreSQL is not installed or has no cluster")
        self.process = launch(
            [
                str(bin_dir / "postgres"),
                "-D",
                str(self.folder / "data"),
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
            **self._run_as(),
        )
        wait_until(
            lambda: self.connect(dbname="postgres").close() is None,
            "PostgreSQL",
            self.process,
            LOGS / "scale-postgres.log",
            START_TIMEOUT,
        )
        return self

    def halt(self) -> None:
        """Stop the server, keeping the cluster: `serve()` starts it again."""
        # SIGINT is PostgreSQL's "fast shutdown": end sessions, checkpoint, exit.
        stop_group(self.process, signal.SIGINT, STOP_TIMEOUT)

    def connect(self, dbname: str | None = None) -> Any:
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

    def env(self) -> dict[str, str]:
        return {
            "PG_HOST": self.host,
            "PG_PORT": str(self.port),
            "PG_DATABASE": self.database,
            "PG_USER": self.user,
            "PG_PASSWORD": self.password,
            "PG_SSLMODE": "disable",
        }

    def stop(self) -> None:
        self.halt()
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
    folder: Path | None = None
    process: subprocess.Popen | None = None

    def start(self) -> Redis:
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
        wait_until(
            lambda: bool(self.client().ping()),
            "Redis",
            self.process,
            LOGS / "scale-redis.log",
            START_TIMEOUT,
        )
        return self

    def client(self) -> Any:
        import redis

        return redis.StrictRedis(
            host=self.host,
            port=self.port,
            db=self.db,
            password=self.password,
            socket_timeout=5,
        )

    def lock_keys(self) -> list[bytes]:
        """Conversation locks Rasa left in Redis (there should be none when idle)."""
        return list(self.client().scan_iter(match=f"{self.key_prefix}:*", count=1000))

    def env(self) -> dict[str, str]:
        return {
            "REDIS_HOST": self.host,
            "REDIS_PORT": str(self.port),
            "REDIS_DB": str(self.db),
            "REDIS_PASSWORD": self.password,
            "REDIS_KEY_PREFIX": self.key_prefix,
        }

    def stop(self) -> None:
        stop_group(self.process, signal.SIGTERM, STOP_TIMEOUT)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
