"""A failed read or save of the conversation on PostgreSQL (endpoints.prod.yml).

The real fault: the cluster's PostgreSQL server is stopped (fast shutdown) while a
conversation is under way, then started again on the same data folder. The user gets
the "having trouble" reply with a 503 from either replica; once PostgreSQL is back the
conversation goes on, with nothing of the failed turn stored, nothing earlier lost and
nothing stored twice.
"""

from __future__ import annotations

import contextlib
import json
import signal
import time
import uuid
from typing import Any

import requests
import yaml

from stack.servers import ROOT, launch
from tests.support.services import PostgreSQL, ScaleCluster, _stop, postgres_bin_dir

Row = tuple[str, str]
FAILED_TURN = "how much does CAR T-cell therapy cost?"


def trouble_text() -> str:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return str(domain["responses"]["utter_trouble"][0]["text"])


def restart_postgres(postgres: PostgreSQL) -> None:
    """Start the stopped server again on its data folder, port and account."""
    bin_dir = postgres_bin_dir()
    assert bin_dir is not None and postgres.folder is not None
    uid, gid = PostgreSQL._account()
    run_as: dict[str, Any] = {
        "user": uid,
        "group": gid,
        "extra_groups": [] if uid else None,
    }
    postgres.process = launch(
        [
            str(bin_dir / "postgres"),
            "-D",
            str(postgres.folder / "data"),
            "-p",
            str(postgres.port),
            "-c",
            f"listen_addresses={postgres.host}",
            "-c",
            f"unix_socket_directories={postgres.folder}",
            "-c",
            "max_connections=50",
            "-c",
            "shared_buffers=32MB",
        ],
        "scale-postgres",
        cwd=postgres.folder,
        **run_as,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            postgres.connect().close()
            return
        except Exception:
            if time.monotonic() > deadline or postgres.process.poll() is not None:
                raise
            time.sleep(0.3)


def stored(postgres: PostgreSQL, sender: str) -> list[Row]:
    with contextlib.closing(postgres.connect()) as connection:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id",
                (sender,),
            )
            return [(kind, data) for kind, data in cursor.fetchall()]


def user_texts(rows: list[Row]) -> list[str]:
    return [json.loads(data).get("text") for kind, data in rows if kind == "user"]


def post(cluster: ScaleCluster, name: str, sender: str, text: str):
    return requests.post(
        f"{cluster.url(name)}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=120,
    )


def test_postgresql_stopped_gives_503_then_the_conversation_goes_on(
    replicas: ScaleCluster,
) -> None:
    postgres = replicas.postgres
    user = f"pg-down-{uuid.uuid4().hex[:12]}"
    assert post(replicas, "rasa-a", user, "what is car t").status_code == 200
    before = stored(postgres, user)
    assert user_texts(before) == ["what is car t"]

    _stop(postgres.process, signal.SIGINT)
    try:
        for name in replicas.names:
            failed = post(replicas, name, user, FAILED_TURN)
            assert failed.status_code == 503, (name, failed.text)
            assert failed.json() == [{"recipient_id": user, "text": trouble_text()}]
    finally:
        restart_postgres(postgres)

    assert stored(postgres, user) == before  # the failed turns left nothing
    for name in replicas.names:  # each replica's pool reconnects at once
        after = post(replicas, name, user, "what is CRS?")
        assert after.status_code == 200, (name, after.text)
        assert "Cytokine release syndrome (CRS)" in after.text
    rows = stored(postgres, user)
    assert rows[: len(before)] == before  # nothing earlier lost
    assert user_texts(rows) == ["what is car t", "what is CRS?", "what is CRS?"]
    assert len(set(rows)) == len(rows)  # nothing stored twice
