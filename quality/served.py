"""Send labelled phrasings to a running bot over REST and judge what it serves.

    python -m quality.served [--set heldout] [--model models/car-t.tar.gz] [--out DIR]

starts the bot with the project's launcher (stack/), runs the set's single
phrasings and conversations, and writes report.md and report.json to DIR.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from quality.labels import (
    SERVED_DIR,
    Conversation,
    Labels,
    Turn,
    load_conversations,
    load_labels,
    load_phrasings,
)
from quality.outcomes import OUTCOMES, RIGHT, escalated, judge
from quality.responses import ResponseIndex, load_responses

Say = Callable[[str, str], list[dict[str, Any]]]


@dataclass
class Row:
    set: str
    group: str
    topic: str
    text: str
    voice: str
    served: list[str]
    outcome: str
    escalated: bool
    conversation: str = ""
    turn: int = 0


@dataclass(frozen=True)
class PhrasingSet:
    name: str
    phrasings: tuple[Turn, ...]
    conversations: tuple[Conversation, ...]


def load_set(name: str, folder: Path = SERVED_DIR) -> PhrasingSet:
    """`name`.yml (single phrasings) and `name`_conversations.yml, if present."""
    single = folder / f"{name}.yml"
    talks = folder / f"{name}_conversations.yml"
    phrasings = load_phrasings(single) if single.exists() else []
    conversations = load_conversations(talks) if talks.exists() else []
    if not phrasings and not conversations:
        raise FileNotFoundError(f"no phrasings for set '{name}' in {folder}")
    return PhrasingSet(name, tuple(phrasings), tuple(conversations))


def _row(
    set_name: str, spoken: Turn, served: list[str], labels: Labels, **where: Any
) -> Row:
    group = "conversations" if where else labels.group_of(spoken.topics)
    return Row(
        set=set_name,
        group=group,
        topic="+".join(spoken.topics),
        text=spoken.text,
        voice=spoken.voice,
        served=served,
        outcome=judge(spoken.topics, served, labels, spoken.urgent),
        escalated=escalated(served, labels),
        **where,
    )


def run_set(
    say: Say, phrasings: PhrasingSet, labels: Labels, index: ResponseIndex
) -> list[Row]:
    """Every single phrasing in a new conversation; every conversation turn by turn."""
    rows = []
    run_id = uuid.uuid4().hex[:8]
    for number, turn in enumerate(phrasings.phrasings):
        served = index.names(say(f"served-{run_id}-{number}", turn.text))
        rows.append(_row(phrasings.name, turn, served, labels))
    for number, conversation in enumerate(phrasings.conversations):
        sender = f"served-{run_id}-c{number}"
        for position, turn in enumerate(conversation.turns, start=1):
            served = index.names(say(sender, turn.text))
            rows.append(
                _row(
                    phrasings.name,
                    turn,
                    served,
                    labels,
                    conversation=conversation.name,
                    turn=position,
                )
            )
    return rows


def summarise(rows: Iterable[Row]) -> dict[str, Any]:
    """Counts and rates per outcome, overall and per group."""
    rows = list(rows)
    by_group: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        by_group[row.group][row.outcome] += 1
    total = Counter(row.outcome for row in rows)
    count = len(rows)

    def rates(counts: Counter[str], n: int) -> dict[str, Any]:
        return {
            "count": n,
            **{o: counts.get(o, 0) for o in OUTCOMES},
            "right_rate": counts.get(RIGHT, 0) / n if n else 0.0,
        }

    summary = rates(total, count)
    summary["wrong_rate"] = (total.get("wrong answer", 0)) / count if count else 0.0
    summary["groups"] = {
        group: rates(counts, sum(counts.values()))
        for group, counts in sorted(by_group.items())
    }
    return summary


def report_markdown(
    set_name: str,
    summary: dict[str, Any],
    rows: list[Row],
    escalation_topics: frozenset[str] = frozenset(),
) -> str:
    lines = [
        f"# Served accuracy: {set_name}",
        "",
        f"{summary['count']} turns: right {summary['right_rate']:.1%}, "
        f"wrong {summary['wrong_rate']:.1%}, "
        f"missed escalations {summary['missed escalation']}, "
        f"wrongly escalated {summary['wrongly escalated']}, "
        f"clarifying questions {summary['clarifying question']}.",
        "",
        "| group | turns | right | clarify | wrong | wrongly escalated | missed escalation |",
        "|---|---|---|---|---|---|---|",
    ]
    for group, g in summary["groups"].items():
        lines.append(
            f"| {group} | {g['count']} | {g['right']} ({g['right_rate']:.0%}) | "
            f"{g['clarifying question']} | {g['wrong answer']} | "
            f"{g['wrongly escalated']} | {g['missed escalation']} |"
        )
    misses = [r for r in rows if r.outcome != RIGHT]
    lines += ["", f"## Misses ({len(misses)}), by group and topic", ""]
    for row in sorted(misses, key=lambda r: (r.group, r.topic)):
        where = f" [{row.conversation} #{row.turn}]" if row.conversation else ""
        lines.append(
            f"- **{row.group} / {row.topic}** — {row.outcome}{where}: "
            f'"{row.text}" → {", ".join(row.served) or "(nothing)"}'
        )
    both = [
        r
        for r in rows
        if r.outcome == RIGHT and r.escalated and r.topic not in escalation_topics
    ]
    if both:
        lines += [
            "",
            f"Right, with the urgent reply as well (the bot could not tell): {len(both)}",
        ]
    return "\n".join(lines) + "\n"


def write_report(
    out_dir: Path,
    set_name: str,
    rows: list[Row],
    escalation_topics: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    summary = summarise(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{set_name}.md").write_text(
        report_markdown(set_name, summary, rows, escalation_topics), encoding="utf-8"
    )
    (out_dir / f"{set_name}.json").write_text(
        json.dumps({"summary": summary, "rows": [asdict(r) for r in rows]}, indent=2),
        encoding="utf-8",
    )
    return summary


def measure(say: Say, set_names: Iterable[str], out_dir: Path) -> dict[str, Any]:
    labels = load_labels()
    index = ResponseIndex(load_responses())
    results = {}
    for name in set_names:
        rows = run_set(say, load_set(name), labels, index)
        escalating = frozenset(
            t for t, e in labels.expectations.items() if e.kind == "escalation"
        )
        results[name] = write_report(out_dir, name, rows, escalating)
    return results


def main(argv: list[str] | None = None) -> int:
    from stack.servers import MODEL, Stack

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--out", type=Path, default=Path("results/served"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir), model=args.model).start()
        try:
            results = measure(stack.say, args.sets or ["heldout"], args.out)
        finally:
            stack.stop()
    for name in results:
        print((args.out / f"{name}.md").read_text(encoding="utf-8").split("\n## ")[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
