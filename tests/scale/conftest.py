"""The scale-out set-up, started once for `pytest tests/scale` and always torn down.

PostgreSQL (tracker store) and Redis (lock store) in temporary folders, one action
server and two Rasa server replicas on endpoints.prod.yml, all on 127.0.0.1 and free
ports. Logs: test-output/logs/scale-*.log.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

import pytest

from stack.servers import MODEL
from stack.services import PostgreSQL, Redis, ensure_installed
from tests.support.services import ScaleCluster


def _interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
    # Turn SIGTERM (CI timeout, `kill`) into the same clean stop as Ctrl-C, so the
    # finalizers below run and no database or server outlives the test run.
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def cluster() -> Iterator[ScaleCluster]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` first.")
    with contextlib.ExitStack() as cleanup:
        previous = signal.signal(signal.SIGTERM, _interrupt)
        cleanup.callback(signal.signal, signal.SIGTERM, previous)
        ensure_installed()
        postgres = PostgreSQL()
        cleanup.callback(postgres.stop)
        postgres.start()
        redis = Redis()
        cleanup.callback(redis.stop)
        redis.start()
        running = ScaleCluster(postgres, redis)
        cleanup.callback(running.stop)
        running.start()
        yield running


@pytest.fixture
def replicas(cluster: ScaleCluster) -> ScaleCluster:
    """The cluster with every replica up (a test before may have killed one)."""
    cluster.ensure_running()
    return cluster
