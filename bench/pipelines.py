"""Compare NLU pipelines by accuracy as served on the development split.

    python -m bench.pipelines [--variant NAME ...] [--set dev] [--out bench/out/pipelines]

Each variant is a copy of the project's domain and data in a temporary folder
with its own config.yml (bench/pipelines/<name>.yml); variants marked
`faq_as_retrieval` get the FAQ topics as one retrieval intent for a
ResponseSelector (faq_cost -> faq/cost) instead of one intent each. Each is trained cold (fresh
RASA_CACHE_DIRECTORY), started with the project's launcher, and scored on the
development split (never the held-out set). Writes comparison.md and .json.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench import proc, training
from quality.served import measure
from stack.servers import Stack

ROOT = Path(__file__).resolve().parents[1]
VARIANTS_DIR = ROOT / "bench" / "pipelines"
RASA = Path(sys.executable).parent / "rasa"


def faq_as_retrieval(project: Path) -> None:
    """Rewrite a copied project so the FAQ topics are one retrieval intent `faq`.

    faq_cost -> faq/cost, utter_faq_cost -> utter_faq/cost, one rule
    `faq -> utter_faq`: the ResponseSelector picks the answer.
    """
    nlu = project / "data" / "nlu" / "faq.yml"
    nlu.write_text(
        re.sub(r"- intent: faq_(\w+)", r"- intent: faq/\1", nlu.read_text()),
        encoding="utf-8",
    )
    responses = project / "data" / "responses" / "faq.yml"
    responses.write_text(
        re.sub(r"utter_faq_(\w+)", r"utter_faq/\1", responses.read_text()),
        encoding="utf-8",
    )
    rules = {
        "version": "3.1",
        "rules": [
            {
                "rule": "answer faq",
                "steps": [{"intent": "faq"}, {"action": "utter_faq"}],
            }
        ],
    }
    (project / "data" / "rules" / "faq.yml").write_text(
        yaml.safe_dump(rules, sort_keys=False), encoding="utf-8"
    )
    domain = project / "domain.yml"
    lines = domain.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not re.match(r"  - faq_\w+\s*$", line)]
    first = next(
        i for i, line in enumerate(lines) if re.match(r"  - faq_\w+\s*$", line)
    )
    kept.insert(first, "  - faq\n")
    domain.write_text("".join(kept), encoding="utf-8")


def build(variant: Path, workdir: Path) -> Path:
    spec = yaml.safe_load(variant.read_text(encoding="utf-8"))
    project = workdir / variant.stem
    project.mkdir(parents=True)
    shutil.copy2(ROOT / "domain.yml", project / "domain.yml")
    shutil.copytree(ROOT / "data", project / "data")
    config = {k: v for k, v in spec.items() if k != "bench"}
    (project / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    if (spec.get("bench") or {}).get("faq_as_retrieval"):
        faq_as_retrieval(project)
    return project


def run_variant(
    variant: Path, workdir: Path, sets: list[str], out: Path
) -> dict[str, Any]:
    project = build(variant, workdir)
    models = project / "models"
    seconds = training.timed(
        [
            str(RASA),
            "train",
            "--config",
            str(project / "config.yml"),
            "--domain",
            str(project / "domain.yml"),
            "--data",
            str(project / "data"),
            "--out",
            str(models),
            "--fixed-model-name",
            variant.stem,
        ],
        ROOT,
        out / "logs" / f"train-{variant.stem}.log",
        project / "cache",
    )
    model = models / f"{variant.stem}.tar.gz"
    stack = Stack(project / "run", model=model, logs=out / "logs" / variant.stem)
    stack.workdir.mkdir(parents=True, exist_ok=True)
    stack.start()
    try:
        results = measure(stack.say, sets, out / variant.stem)
        rss = round(proc.tree_mb(stack.servers["rasa"].pid()))
    finally:
        stack.stop()
    return {
        "variant": variant.stem,
        "description": (yaml.safe_load(variant.read_text()).get("bench") or {}).get(
            "description", ""
        ),
        "train_s": round(seconds, 1),
        "model_mib": round(model.stat().st_size / 2**20, 1),
        "rasa_rss_mib": rss,
        "served": {name: summary for name, summary in results.items()},
    }


def table(rows: list[dict[str, Any]], sets: list[str]) -> str:
    head = (
        "| variant | train (s) | archive (MiB) | Rasa RSS (MiB) | "
        + " | ".join(
            f"{s}: right / clarify / wrong / wrongly esc. / missed esc." for s in sets
        )
        + " |"
    )
    lines = [head, "|" + "---|" * (4 + len(sets))]
    for r in rows:
        cells = []
        for s in sets:
            m = r["served"][s]
            cells.append(
                f"{m['right_rate']:.1%} / {m['clarifying question']} / "
                f"{m['wrong answer']} / {m['wrongly escalated']} / {m['missed escalation']}"
            )
        lines.append(
            f"| {r['variant']} — {r['description']} | {r['train_s']} | {r['model_mib']} | "
            f"{r['rasa_rss_mib']} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", dest="variants")
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "out" / "pipelines"
    )
    args = parser.parse_args(argv)
    sets = args.sets or ["dev"]
    names = args.variants or sorted(p.stem for p in VARIANTS_DIR.glob("*.yml"))
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            print(f"[pipelines] {name}", flush=True)
            rows.append(
                run_variant(VARIANTS_DIR / f"{name}.yml", Path(tmp), sets, args.out)
            )
            (args.out / "comparison.json").write_text(json.dumps(rows, indent=2))
            (args.out / "comparison.md").write_text(table(rows, sets))
    print(table(rows, sets))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
