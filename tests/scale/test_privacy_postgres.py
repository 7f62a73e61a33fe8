"""Retention on PostgreSQL, the production tracker store (endpoints.prod.yml).

Uses a throw-away PostgreSQL on loopback (stack/services.py); `make test-scale`
installs Debian's packages first when missing (`make system-packages`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from privacy import cli
from privacy.retention import Deleted, forget_sender, purge_older_than
from stack import services
from stack.settings import PROFILES, ROOT
from tests.privacy.conftest import Conversations, conversation_events, run_make

PROD_ENDPOINTS = str(ROOT / PROFILES["prod"])  # endpoints.prod.yml

OTHER_PROD_VARIABLES = {  # endpoints.prod.yml needs them set, even if unused here
    "ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "1",
    "REDIS_DB": "1",
    "REDIS_PASSWORD": "",
    "REDIS_KEY_PREFIX": "privacytest",
}


@pytest.fixture(scope="module")
def postgres() -> Iterator[Any]:
    services.ensure_installed()
    server = services.PostgreSQL()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_env(postgres, monkeypatch) -> dict[str, str]:
    """An empty tracker store; PG_* and the other prod variables in the environment."""
    with contextlib.closing(postgres.connect()) as connection:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS events")
    env = {**postgres.env(), **OTHER_PROD_VARIABLES}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def url(env: dict[str, str]) -> str:
    return (
        f"postgresql://{env['PG_USER']}:{env['PG_PASSWORD']}@{env['PG_HOST']}:"
        f"{env['PG_PORT']}/{env['PG_DATABASE']}"
    )


async def save(env: dict[str, str], conversations: Conversations, now: float) -> None:
    store = SQLTrackerStore(
        domain=Domain.empty(),
        dialect="postgresql",
        host=env["PG_HOST"],
        port=int(env["PG_PORT"]),
        db=env["PG_DATABASE"],
        username=env["PG_USER"],
        password=env["PG_PASSWORD"],
    )
    try:
        for sender, ages in conversations.items():
            events = conversation_events(ages, now)
            await store.save(DialogueStateTracker.from_events(sender, events))
    finally:
        store.engine.dispose()


def senders(postgres) -> dict[str, int]:
    with contextlib.closing(postgres.connect()) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")
            return dict(cursor.fetchall())


async def test_purge_and_forget_on_postgresql(postgres, pg_env):
    now = time.time()
    await save(
        pg_env,
        {"old": [40, 39], "long": [90, 1], "alice": [2], "bob": [3, 2]},
        now,
    )

    assert purge_older_than(url(pg_env), 30, now=now, dry_run=True) == Deleted(1, 2)
    assert purge_older_than(url(pg_env), 30, now=now) == Deleted(1, 2)
    assert forget_sender(url(pg_env), "nobody") == Deleted(0, 0)
    assert forget_sender(url(pg_env), "alice") == Deleted(1, 1)
    assert senders(postgres) == {"long": 2, "bob": 2}


async def test_cli_uses_the_tracker_store_of_endpoints_prod_yml(
    postgres, pg_env, capsys
):
    await save(pg_env, {"old": [40], "bob": [3, 2], "carol": [1]}, time.time())

    code = cli.main(["purge", "--days", "30", "--endpoints", PROD_ENDPOINTS])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "deleted 1 conversation (1 event)" in out
    assert pg_env["PG_PASSWORD"] not in out + err

    code = cli.main(["forget", "--sender", "bob", "--endpoints", PROD_ENDPOINTS])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "deleted 1 conversation (2 events)" in out
    assert senders(postgres) == {"carol": 1}


def test_cli_reports_a_wrong_password_without_printing_it(postgres, pg_env, capsys):
    wrong = url(pg_env).replace(pg_env["PG_PASSWORD"], "not-the-pw")

    code = cli.main(["forget", "--sender", "bob", "--db", wrong])

    out, err = capsys.readouterr()
    assert code == 1
    assert "password authentication failed" in err
    assert "not-the-pw" not in out + err


async def test_make_forget_and_purge_with_profile_prod(postgres, pg_env):
    await save(pg_env, {"old": [40], "bob": [3, 2], "carol": [1]}, time.time())

    done = run_make("forget", "SENDER=bob", "PROFILE=prod")
    assert done.returncode == 0, done.stderr
    assert "deleted 1 conversation (2 events)" in done.stdout
    assert "endpoints.prod.yml" in done.stdout
    done = run_make("purge", "DAYS=30", "PROFILE=prod")
    assert done.returncode == 0, done.stderr
    assert "deleted 1 conversation (1 event)" in done.stdout
    assert pg_env["PG_PASSWORD"] not in done.stdout + done.stderr
    assert senders(postgres) == {"carol": 1}
