"""REST load: scripted conversations sent with asyncio + aiohttp, on loopback only.

One conversation is the fixed SCRIPT below (FAQ questions, a walk-through with
"next" turns, side effects, a decline), sent turn by turn under its own sender
id; a level runs `concurrency` conversations at once, each repeating the script
`rounds` times with a new sender id per round. Request counts and total time
are bounded.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

SCRIPT: tuple[str, ...] = (
    "hello",
    "what is car t?",
    "what does CAR stand for?",
    "how does it work?",
    "walk me through it step by step",
    "next",
    "next",
    "what comes before that?",
    "next",
    "what are the side effects?",
    "what is CRS?",
    "tell me more",
    "how much does it cost?",
    "which cancers does it treat?",
    "does it work for solid tumours?",
    "how long does it take?",
    "is it a cure?",
    "what's the weather like?",
    "should I get CAR T?",
    "thanks, bye",
)

REQUEST_TIMEOUT_S = 30.0


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (as numpy's default); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class LevelResult:
    """What one load level measured."""

    concurrency: int
    planned: int
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    empty_replies: int = 0
    error_examples: list[str] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    def summary(self) -> dict[str, Any]:
        ok = len(self.latencies_ms)
        return {
            "concurrency": self.concurrency,
            "planned_requests": self.planned,
            "requests": self.requests,
            "errors": self.errors,
            "empty_replies": self.empty_replies,
            "stopped_early": self.stopped_early,
            "wall_s": round(self.wall_s, 2),
            "throughput_rps": round(ok / self.wall_s, 2) if self.wall_s else 0.0,
            "p50_ms": round(percentile(self.latencies_ms, 50), 1),
            "p95_ms": round(percentile(self.latencies_ms, 95), 1),
            "p99_ms": round(percentile(self.latencies_ms, 99), 1),
            "max_ms": round(max(self.latencies_ms), 1) if ok else math.nan,
            "error_examples": self.error_examples[:5],
        }


def check_loopback(url: str) -> None:
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"the bench only talks to 127.0.0.1, not {url}")


async def _send(
    session: aiohttp.ClientSession, webhook: str, sender: str, text: str
) -> tuple[float, str | None, bool]:
    """Latency in ms, an error (or None) and whether the bot said nothing."""
    start = time.perf_counter()
    try:
        async with session.post(
            webhook, json={"sender": sender, "message": text}
        ) as reply:
            body = await reply.json(content_type=None)
            if reply.status != 200:
                return 0.0, f"HTTP {reply.status}", False
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return 0.0, f"{type(error).__name__}: {error}"[:200], False
    elapsed = (time.perf_counter() - start) * 1000
    if not isinstance(body, list):
        return 0.0, f"unexpected reply {body!r}"[:200], False
    return elapsed, None, not body


async def _conversation(
    session: aiohttp.ClientSession,
    webhook: str,
    name: str,
    rounds: int,
    deadline: float,
    result: LevelResult,
) -> None:
    for _ in range(rounds):
        sender = f"bench-{name}-{uuid.uuid4().hex[:8]}"
        for text in SCRIPT:
            if time.monotonic() > deadline:
                result.stopped_early = True
                return
            latency, error, empty = await _send(session, webhook, sender, text)
            if error is not None:
                result.errors += 1
                result.error_examples.append(f"{text!r}: {error}")
                continue
            result.latencies_ms.append(latency)
            result.empty_replies += empty


async def run_level_async(
    base_url: str, concurrency: int, rounds: int, time_limit_s: float, tag: str = ""
) -> LevelResult:
    check_loopback(base_url)
    webhook = f"{base_url}/webhooks/rest/webhook"
    result = LevelResult(concurrency, concurrency * rounds * len(SCRIPT))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    connector = aiohttp.TCPConnector(limit=concurrency + 1)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.monotonic()
        deadline = start + time_limit_s
        await asyncio.gather(
            *(
                _conversation(
                    session,
                    webhook,
                    f"{tag}c{concurrency}-{i}",
                    rounds,
                    deadline,
                    result,
                )
                for i in range(concurrency)
            )
        )
        result.wall_s = time.monotonic() - start
    return result


def run_level(
    base_url: str, concurrency: int, rounds: int, time_limit_s: float, tag: str = ""
) -> LevelResult:
    """Run `concurrency` conversations at once, each `rounds` times the script."""
    return asyncio.run(
        run_level_async(base_url, concurrency, rounds, time_limit_s, tag)
    )
