"""Run the benchmark: `python -m bench.run [--out bench/out] [--no-train] [--quick]`.

1. answer quality as served on the development split (tests/served/dev*.yml);
2. training time: a cold `rasa train` of the project into a temp folder, and
   `rasa init --no-prompt` of the plain bot (which trains it);
3. both bots started on free loopback ports (the CAR T bot with the Stack of the
   end-to-end tests), start-up to the first REST answer, warm-up, resident memory;
4. REST load at 1, 10 and 50 concurrent conversations, the two bots taking
   turns level by level so background load hits both alike;
5. targets checked, table printed and written with plots to bench/out/.

Exit code 0 whether or not the targets are met; non-zero only if the bench
itself failed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any

from bench import measure, plain_bot, proc, report, training
from bench.load import SCRIPT
from quality.served import measure as measure_served
from stack.servers import MODEL, Stack

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
RASA = PYTHON.parent / "rasa"
LEVELS: tuple[tuple[int, int], ...] = (
    (1, 10),
    (10, 2),
    (50, 1),
)  # (conversations, rounds)
QUICK_LEVELS: tuple[tuple[int, int], ...] = ((1, 2), (10, 1), (50, 1))
LEVEL_TIME_LIMIT_S = 300.0


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def snapshot_model(tmp: Path) -> Path:
    """Copy models/car-t.tar.gz, so a concurrent `make train` cannot change it mid-run."""
    target = tmp / "car-t.tar.gz"
    for _ in range(10):
        shutil.copy2(MODEL, target)
        try:
            with tarfile.open(target) as archive:
                archive.getmembers()
            return target
        except (tarfile.TarError, EOFError, OSError):
            time.sleep(15)  # being rewritten by a training: wait for it
    raise RuntimeError(f"{MODEL} is not a readable model archive")


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def stop_our_children() -> None:
    """Stop servers this run started that never made it into a Stack (failed start)."""
    me = os.getpid()
    for pid in proc.descendants(me)[1:]:
        try:
            if os.getpgid(pid) == pid:  # a server started in its own session
                os.killpg(pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass


def on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def start_car_t_bot(
    tmp: Path, model: Path, logs: Path
) -> tuple[Stack, measure.BotUnderTest]:
    workdir = tmp / "stack"
    workdir.mkdir()
    started = time.monotonic()
    stack = Stack(workdir, model=model, logs=logs)
    try:
        stack.start()
    except BaseException:
        stack.stop()
        raise
    servers = stack.servers
    pids = {role: servers[role].process.pid for role in ("rasa", "actions")}  # type: ignore[union-attr]
    bot = measure.BotUnderTest("car_t", stack.rasa_url, pids)
    measure.first_answer(bot)
    bot.stack_startup_s = time.monotonic() - started
    return stack, bot


def start_plain_bot(plain: plain_bot.PlainBot, logs: Path) -> measure.BotUnderTest:
    plain.start(logs)
    assert plain.server is not None and plain.server.process is not None
    bot = measure.BotUnderTest("plain", plain.url, {"rasa": plain.server.process.pid})
    measure.first_answer(bot)
    return bot


def bench(
    out: Path, tmp: Path, levels: tuple[tuple[int, int], ...], train: bool
) -> tuple[dict[str, Any], dict[str, dict[int, list[float]]]]:
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for old in logs.glob("*.log"):  # the Stack appends; keep this run's logs only
        old.unlink()
    run: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "rasa": version("rasa"),
        "cpus": os.cpu_count(),
        "load_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "levels": [{"conversations": c, "rounds": r} for c, r in levels],
    }
    model = snapshot_model(tmp)
    run["model_mtime"] = datetime.datetime.fromtimestamp(
        model.stat().st_mtime
    ).isoformat(timespec="seconds")

    training_results: dict[str, Any] = {"car_t": None, "plain": None}
    if train:
        say("training the project into a temp folder, cold cache (a few minutes)")
        trained = training.train_project(RASA, ROOT, tmp, logs / "train-project.log")
        training_results["car_t"] = {
            "seconds": round(trained.seconds, 1),
            "model_mb": round(trained.model_mb, 1),
        }
    say("building the plain bot: rasa init --no-prompt (trains it)")
    plain = plain_bot.build(RASA, tmp, logs / "train-plain.log")
    if train:
        training_results["plain"] = {
            "seconds": round(plain.training.seconds, 1),
            "model_mb": round(plain.training.model_mb, 1),
        }

    stack: Stack | None = None
    try:
        say("starting the CAR T bot (action server, Rasa server, web page)")
        stack, ours = start_car_t_bot(tmp, model, logs)
        say(f"  answered {ours.startup_s:.1f} s after its Rasa process started")
        say("answer quality as served on the dev split (tests/served/dev*.yml)")
        quality_results = served_quality(stack, out / "served")
        say("starting the plain bot")
        theirs = start_plain_bot(plain, logs)
        say(f"  answered {theirs.startup_s:.1f} s after its Rasa process started")
        bots = [ours, theirs]
        for bot in bots:
            measure.warm_up(bot)
        for n, (conversations, rounds) in enumerate(levels):
            for bot in bots if n % 2 == 0 else bots[::-1]:
                say(
                    f"{bot.name}: {conversations} conversations x {rounds} rounds of {len(SCRIPT)} turns"
                )
                result = measure.load(bot, conversations, rounds, LEVEL_TIME_LIMIT_S)
                summary = result.summary()
                say(
                    f"  {summary['throughput_rps']} req/s, p95 {summary['p95_ms']} ms, {summary['errors']} errors"
                )
        for bot in bots:
            measure.after_load(bot)
    finally:
        if stack is not None:
            stack.stop()
        plain.stop()

    run["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results: dict[str, Any] = {
        "run": run,
        "quality": quality_results,
        "training": training_results,
        "bots": {bot.name: bot.summary() for bot in bots},
    }
    latencies = {
        bot.name: {c: r.latencies_ms for c, r in bot.levels.items()} for bot in bots
    }
    return results, latencies


def served_quality(stack: Stack, out: Path) -> dict[str, Any]:
    """Dev-split accuracy as served, with the turns not answered right."""
    summary = measure_served(stack.say, ["dev"], out)["dev"]
    rows = json.loads((out / "dev.json").read_text(encoding="utf-8"))["rows"]
    misses = [r for r in rows if r["outcome"] != "right"]
    return {"served": summary, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument(
        "--no-train", action="store_true", help="skip the timed trainings"
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer requests, no trainings"
    )
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temp folder")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGTERM, on_sigterm)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    os.chdir(ROOT)
    if not MODEL.exists():
        print(f"error: {MODEL} is missing: run `make train`", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="car-t-bench-"))
    try:
        results, latencies = bench(
            args.out,
            tmp,
            QUICK_LEVELS if args.quick else LEVELS,
            not (args.quick or args.no_train),
        )
        report.analyse(results)
        table = report.write(results, latencies, args.out)
    except Exception:
        traceback.print_exc()
        print(
            f"error: the bench failed; server logs are in {args.out / 'logs'}",
            file=sys.stderr,
        )
        return 1
    finally:
        stop_our_children()
        if args.keep_tmp:
            say(f"temp folder kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(table)
    print()
    missed = [t["name"] for t in results["targets"] if not t["met"]]
    print(f"targets missed: {', '.join(missed) if missed else 'none'}")
    print(
        f"written: {args.out / 'bench.md'}, {args.out / 'bench.json'}, plots in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
