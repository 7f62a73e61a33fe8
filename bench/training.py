"""Time a cold `rasa train` of the project into a temporary folder.

The project's models/ and .rasa/cache are not touched: the model goes to
`--out <tmp>` and Rasa's training cache to a fresh RASA_CACHE_DIRECTORY, so
nothing is reused from an earlier training.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Training:
    seconds: float
    model: Path

    @property
    def model_mb(self) -> float:
        return self.model.stat().st_size / 2**20


def timed(args: list[str], cwd: Path, log: Path, cache: Path) -> float:
    """Run `args` with a fresh training cache; seconds taken. Raises on failure."""
    cache.mkdir(parents=True, exist_ok=True)
    # telemetry and crash reports off: nothing leaves this machine
    env = {
        **os.environ,
        "RASA_CACHE_DIRECTORY": str(cache),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        start = time.monotonic()
        subprocess.run(
            args, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT, check=True
        )
        return time.monotonic() - start


def train_project(rasa: Path, root: Path, tmp: Path, log: Path) -> Training:
    """`rasa train` of the project's config, domain and data (the working tree)."""
    out = tmp / "project-model"
    seconds = timed(
        [
            str(rasa),
            "train",
            "--config",
            "config.yml",
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(out),
            "--fixed-model-name",
            "car-t-bench",
        ],
        root,
        log,
        tmp / "project-cache",
    )
    return Training(seconds, out / "car-t-bench.tar.gz")
