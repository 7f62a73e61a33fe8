"""Start-up, memory and load figures of one running bot."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench import proc
from bench.load import LevelResult, run_level

FIRST_ANSWER_TIMEOUT_S = 240.0


@dataclass
class BotUnderTest:
    """A running bot: its REST base URL and the pids of its server processes."""

    name: str
    url: str
    pids: dict[str, int]  # "rasa" and, for the CAR T bot, "actions"
    startup_s: float = 0.0
    stack_startup_s: float | None = None
    rss_warm_mb: dict[str, float] = field(default_factory=dict)
    rss_after_load_mb: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    levels: dict[int, LevelResult] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "startup_s": round(self.startup_s, 2),
            "stack_startup_s": (
                round(self.stack_startup_s, 2)
                if self.stack_startup_s is not None
                else None
            ),
            "rss_warm_mb": _rounded(self.rss_warm_mb),
            "rss_after_load_mb": _rounded(self.rss_after_load_mb),
            "peak_rss_mb": _rounded(self.peak_rss_mb),
            "levels": {str(c): r.summary() for c, r in self.levels.items()},
        }


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 1) for key, value in values.items()}


def first_answer(bot: BotUnderTest, timeout: float = FIRST_ANSWER_TIMEOUT_S) -> float:
    """Send "hello" until the bot answers; seconds since its Rasa process started."""
    deadline = time.monotonic() + timeout
    webhook = f"{bot.url}/webhooks/rest/webhook"
    while time.monotonic() < deadline:
        try:
            reply = requests.post(
                webhook,
                json={"sender": "bench-startup", "message": "hello"},
                timeout=30,
            )
            if reply.status_code == 200 and reply.json():
                bot.startup_s = proc.age_seconds(bot.pids["rasa"])
                return bot.startup_s
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{bot.name} did not answer within {timeout:.0f} s")


def memory(bot: BotUnderTest, key: str = "VmRSS") -> dict[str, float]:
    """MiB per server role (process and its children), and their total."""
    figures = {role: proc.tree_mb(pid, key) for role, pid in bot.pids.items()}
    figures["total"] = sum(figures.values())
    return figures


def warm_up(bot: BotUnderTest) -> None:
    """One round of the script, then the resident memory after warm-up."""
    result = run_level(bot.url, 1, 1, time_limit_s=300, tag="warmup-")
    if result.errors:
        raise RuntimeError(f"{bot.name} failed during warm-up: {result.error_examples}")
    bot.rss_warm_mb = memory(bot)


def load(
    bot: BotUnderTest, concurrency: int, rounds: int, time_limit_s: float
) -> LevelResult:
    result = run_level(bot.url, concurrency, rounds, time_limit_s)
    bot.levels[concurrency] = result
    return result


def after_load(bot: BotUnderTest) -> None:
    bot.rss_after_load_mb = memory(bot)
    bot.peak_rss_mb = memory(bot, "VmHWM")
