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
import uuid

import requests
import yaml

from site_settings.phrases import generic
from stack.servers import ROOT
from stack.services import PostgreSQL
from tests.support.services import ScaleCluster

Row = tuple[str, str]
FAILED_TURN = "how much does CAR T-cell therapy cost?"


def trouble_text() -> str:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return generic(str(domain["responses"]["utter_trouble"][0]["text"]))


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

    postgres.halt()
    try:
        for name in replicas.names:
            failed = post(replicas, name, user, FAILED_TURN)
            assert failed.status_code == 503, (name, failed.text)
            assert failed.json() == [{"recipient_id": user, "text": trouble_text()}]
    finally:
        postgres.serve()

    assert stored(postgres, user) == before  # the failed turns left nothing
    for name in replicas.names:  # each replica's pool reconnects at once
        after = post(replicas, name, user, "what is CRS?")
        assert after.status_code == 200, (name, after.text)
        assert "Cytokine release syndrome (CRS)" in after.text
    rows = stored(postgres, user)
    assert rows[: len(before)] == before  # nothing earlier lost
    assert user_texts(rows) == ["what is car t", "what is CRS?", "what is CRS?"]
    assert len(set(rows)) == len(rows)  # nothing stored twice
