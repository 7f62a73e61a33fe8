"""Targets, the table (markdown + JSON) and the plots under bench/out/."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ACCURACY_TARGET = 0.95
WRONG_TARGET = 0.02
P95_RATIO_TARGET = 1.5
STARTUP_TARGET_S = 60.0
MAX_CONCURRENCY_ERRORS = 0


@dataclass
class Target:
    name: str
    value: float
    limit: str
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "met": self.met,
        }


def _level(results: dict[str, Any], bot: str, concurrency: int) -> dict[str, Any]:
    return results["bots"][bot]["levels"].get(str(concurrency), {})


def ratio(ours: float | None, theirs: float | None) -> float | None:
    if (
        ours is None
        or theirs is None
        or not theirs
        or math.isnan(ours)
        or math.isnan(theirs)
    ):
        return None
    return ours / theirs


def analyse(results: dict[str, Any]) -> None:
    """Add `ratios` and `targets` to the results."""
    served = results["quality"]["served"]
    bots = results["bots"]
    top = max(int(c) for c in bots["car_t"]["levels"])
    p95 = ratio(
        _level(results, "car_t", 1).get("p95_ms"),
        _level(results, "plain", 1).get("p95_ms"),
    )
    results["ratios"] = {
        "p95_1_client": p95,
        "rss_rasa_server": ratio(
            bots["car_t"]["rss_warm_mb"]["rasa"], bots["plain"]["rss_warm_mb"]["rasa"]
        ),
        "rss_whole_bot": ratio(
            bots["car_t"]["rss_warm_mb"]["total"], bots["plain"]["rss_warm_mb"]["total"]
        ),
        "startup": ratio(bots["car_t"]["startup_s"], bots["plain"]["startup_s"]),
    }
    training = results["training"]
    if training.get("car_t") and training.get("plain"):
        results["ratios"]["training"] = ratio(
            training["car_t"]["seconds"], training["plain"]["seconds"]
        )
    errors = _level(results, "car_t", top).get("errors", 0)
    targets = [
        Target(
            "dev answers right, as served",
            served["right_rate"],
            f">= {ACCURACY_TARGET:.0%}",
            served["right_rate"] >= ACCURACY_TARGET,
        ),
        Target(
            "dev wrong answers, as served",
            served["wrong_rate"],
            f"<= {WRONG_TARGET:.0%}",
            served["wrong_rate"] <= WRONG_TARGET,
        ),
        Target(
            "p95 vs plain bot (1 client)",
            p95 if p95 is not None else math.nan,
            f"<= {P95_RATIO_TARGET}x",
            p95 is not None and p95 <= P95_RATIO_TARGET,
        ),
        Target(
            "start-up to first answer",
            bots["car_t"]["startup_s"],
            f"<= {STARTUP_TARGET_S:.0f} s",
            bots["car_t"]["startup_s"] <= STARTUP_TARGET_S,
        ),
        Target(
            f"errors at {top} conversations",
            float(errors),
            f"= {MAX_CONCURRENCY_ERRORS}",
            errors <= MAX_CONCURRENCY_ERRORS,
        ),
    ]
    results["targets"] = [t.as_dict() for t in targets]


# --- the table -----------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _num(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}{unit}"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _conversations(level: str) -> str:
    return "conversation" if level == "1" else "conversations"


def _errors(level: dict[str, Any]) -> str:
    """Failed requests, plus empty replies and requests cut by the time limit."""
    if not level:
        return "–"
    text = str(level["errors"])
    notes = []
    if level["empty_replies"]:
        notes.append(f"{level['empty_replies']} empty replies")
    if level["planned_requests"] > level["requests"]:
        notes.append(
            f"{level['planned_requests'] - level['requests']} not sent: time limit"
        )
    return f"{text} ({', '.join(notes)})" if notes else text


def _status(results: dict[str, Any], name: str) -> tuple[str, str]:
    for target in results["targets"]:
        if target["name"] == name:
            return target["limit"], "met" if target["met"] else "**missed**"
    return "", ""


def rows(results: dict[str, Any]) -> list[list[str]]:
    quality, bots, training = results["quality"], results["bots"], results["training"]
    served = quality["served"]
    ours, plain, ratios = bots["car_t"], bots["plain"], results["ratios"]
    top = max(int(c) for c in ours["levels"])

    def row(
        label: str, a: str, b: str = "–", r: str = "–", target: str = ""
    ) -> list[str]:
        limit, status = _status(results, target) if target else ("", "")
        return [label, a, b, r, limit, status]

    table = [
        row(
            f"dev split answered right, as served ({served['count']} turns)",
            _pct(served["right_rate"]),
            target="dev answers right, as served",
        ),
        row(
            "↳ clarifying questions / wrong / wrongly escalated / missed escalations",
            f"{served['clarifying question']} / {served['wrong answer']} / "
            f"{served['wrongly escalated']} / {served['missed escalation']}",
        ),
        row(
            "dev wrong answers, as served",
            _pct(served["wrong_rate"]),
            target="dev wrong answers, as served",
        ),
    ]
    car_t_train, plain_train = training.get("car_t"), training.get("plain")
    table.append(
        row(
            "training time, cold cache",
            _num(car_t_train and car_t_train["seconds"], " s"),
            _num(plain_train and plain_train["seconds"], " s"),
            _x(ratios.get("training")),
        )
    )
    table.append(
        row(
            "model archive size",
            _num(car_t_train and car_t_train["model_mb"], " MiB", 1),
            _num(plain_train and plain_train["model_mb"], " MiB", 1),
            _x(
                ratio(
                    car_t_train and car_t_train["model_mb"],
                    plain_train and plain_train["model_mb"],
                )
            ),
        )
    )
    table += [
        row(
            "start-up: Rasa process start → first REST answer",
            _num(ours["startup_s"], " s", 1),
            _num(plain["startup_s"], " s", 1),
            _x(ratios["startup"]),
            "start-up to first answer",
        ),
        row(
            "start-up: whole stack (actions, Rasa, web; one after another)",
            _num(ours["stack_startup_s"], " s", 1),
        ),
        row(
            "RSS after warm-up: Rasa server",
            _num(ours["rss_warm_mb"]["rasa"], " MiB"),
            _num(plain["rss_warm_mb"]["rasa"], " MiB"),
            _x(ratios["rss_rasa_server"]),
        ),
        row(
            "RSS after warm-up: action server",
            _num(ours["rss_warm_mb"].get("actions"), " MiB"),
        ),
        row(
            "RSS after warm-up: whole bot",
            _num(ours["rss_warm_mb"]["total"], " MiB"),
            _num(plain["rss_warm_mb"]["total"], " MiB"),
            _x(ratios["rss_whole_bot"]),
        ),
        row(
            "peak RSS (VmHWM) after load: whole bot",
            _num(ours["peak_rss_mb"]["total"], " MiB"),
            _num(plain["peak_rss_mb"]["total"], " MiB"),
            _x(ratio(ours["peak_rss_mb"]["total"], plain["peak_rss_mb"]["total"])),
        ),
    ]
    one_ours, one_plain = ours["levels"]["1"], plain["levels"]["1"]
    for q in ("p50", "p95", "p99"):
        table.append(
            row(
                f"REST latency {q}, 1 client ({one_ours['requests']} requests)",
                _num(one_ours[f"{q}_ms"], " ms", 1),
                _num(one_plain[f"{q}_ms"], " ms", 1),
                _x(ratio(one_ours[f"{q}_ms"], one_plain[f"{q}_ms"])),
                "p95 vs plain bot (1 client)" if q == "p95" else "",
            )
        )
    for level in sorted(ours["levels"], key=int):
        a, b = ours["levels"][level], plain["levels"].get(level, {})
        table.append(
            row(
                f"{level} {_conversations(level)}: throughput ({a['requests']} requests)",
                _num(a["throughput_rps"], " req/s", 1),
                _num(b.get("throughput_rps"), " req/s", 1),
                _x(ratio(a["throughput_rps"], b.get("throughput_rps"))),
            )
        )
        table.append(
            row(
                f"{level} {_conversations(level)}: p95 latency",
                _num(a["p95_ms"], " ms"),
                _num(b.get("p95_ms"), " ms"),
                _x(ratio(a["p95_ms"], b.get("p95_ms"))),
            )
        )
        table.append(
            row(
                f"{level} {_conversations(level)}: errors",
                _errors(a),
                _errors(b),
                target=f"errors at {top} conversations" if int(level) == top else "",
            )
        )
    return table


def markdown_table(results: dict[str, Any]) -> str:
    header = [
        "measure",
        "CAR T bot",
        "plain `rasa init` bot",
        "ratio",
        "target",
        "status",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows(results)]
    return "\n".join(lines)


def text_table(results: dict[str, Any]) -> str:
    table = [["measure", "CAR T bot", "plain bot", "ratio", "target", "status"]] + rows(
        results
    )
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    out = []
    for n, cells in enumerate(table):
        out.append(
            "  ".join(
                c.replace("**", "").ljust(w) for c, w in zip(cells, widths, strict=True)
            ).rstrip()
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown(results: dict[str, Any]) -> str:
    run = results["run"]
    missed = [t["name"] for t in results["targets"] if not t["met"]]
    misses = results["quality"]["misses"]
    lines = [
        "# Benchmark",
        "",
        f"{run['date']} · commit {run['commit']}{' (dirty tree)' if run['dirty'] else ''} · "
        f"Rasa {run['rasa']} · {run['cpus']} CPUs · load average {run['load_start']} at start, "
        f"{run['load_end']} at end. Numbers are noisy on a shared machine: compare the ratios "
        "within one run.",
        "",
        markdown_table(results),
        "",
        f"Targets missed: {', '.join(missed) if missed else 'none'}.",
        "",
        "Plots: [latency histogram](latency_histogram.png), "
        "[throughput and p95 by concurrency](concurrency.png), "
        "[served-accuracy report on the dev split](served/dev.md).",
        "",
        f"## Dev-split turns not answered right ({len(misses)})",
        "",
        "| phrasing | expected | bot served |",
        "|---|---|---|",
    ]
    for miss in misses:
        served = ", ".join(miss["served"])
        lines.append(
            f"| {miss['text']} | {miss['topic']} | {served} ({miss['outcome']}) |"
        )
    return "\n".join(lines) + "\n"


# --- plots -----------------------------------------------------------------------


def plots(
    latencies: dict[str, dict[int, list[float]]], results: dict[str, Any], out: Path
) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = {"car_t": "CAR T bot", "plain": "plain rasa init bot"}
    levels = sorted(latencies["car_t"])
    fig, axes = plt.subplots(1, len(levels), figsize=(5 * len(levels), 4))
    for ax, level in zip(axes if len(levels) > 1 else [axes], levels, strict=True):
        for bot, colour in (("car_t", "tab:blue"), ("plain", "tab:orange")):
            values = latencies[bot].get(level, [])
            if not values:
                continue
            ax.hist(values, bins=40, alpha=0.55, color=colour, label=names[bot])
            p95 = results["bots"][bot]["levels"][str(level)]["p95_ms"]
            ax.axvline(p95, color=colour, linestyle="--", linewidth=1)
        ax.set_title(
            f"{level} concurrent conversation{'s' if level > 1 else ''} (dashed: p95)"
        )
        ax.set_xlabel("REST latency (ms)")
        ax.set_ylabel("requests")
        ax.legend()
    fig.tight_layout()
    histogram = out / "latency_histogram.png"
    fig.savefig(histogram, dpi=110)
    plt.close(fig)

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for bot, colour in (("car_t", "tab:blue"), ("plain", "tab:orange")):
        summary = results["bots"][bot]["levels"]
        xs = [int(c) for c in sorted(summary, key=int)]
        left.plot(
            xs,
            [summary[str(x)]["throughput_rps"] for x in xs],
            "o-",
            color=colour,
            label=names[bot],
        )
        right.plot(
            xs,
            [summary[str(x)]["p95_ms"] for x in xs],
            "o-",
            color=colour,
            label=names[bot],
        )
    for ax, label in ((left, "throughput (req/s)"), (right, "p95 latency (ms)")):
        ax.set_xscale("log")
        ax.set_xticks(levels, [str(x) for x in levels])
        ax.set_xlabel("concurrent conversations")
        ax.set_ylabel(label)
        ax.legend()
    fig.tight_layout()
    concurrency = out / "concurrency.png"
    fig.savefig(concurrency, dpi=110)
    plt.close(fig)
    return [histogram, concurrency]


def write(
    results: dict[str, Any], latencies: dict[str, dict[int, list[float]]], out: Path
) -> str:
    """Write bench.json, bench.md and the plots; return the table as text."""
    out.mkdir(parents=True, exist_ok=True)
    plots(latencies, results, out)
    raw = {
        bot: {str(k): [round(v, 2) for v in vs] for k, vs in levels.items()}
        for bot, levels in latencies.items()
    }
    (out / "bench.json").write_text(
        json.dumps({**results, "latencies_ms": raw}, indent=2), encoding="utf-8"
    )
    (out / "bench.md").write_text(markdown(results), encoding="utf-8")
    return text_table(results)
