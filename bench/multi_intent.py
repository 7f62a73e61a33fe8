"""Two questions in one message: the project's split against Rasa's multi-intent DIET.

    python -m bench.multi_intent [--per-pair 8] [--epochs 60] [--out bench/out/multi_intent]

Builds, in a temporary folder, a variant of the project's NLU: data/nlu plus
synthetic two-question examples (bench/multi_intent_data.py) labelled `a+b`, a
domain that declares those intents, and config.yml with DIETClassifier (intent
tokenisation on `+`) in place of LogisticRegressionClassifier and without
QuestionSplitter / QuestionJoiner. Trains the project (`rasa train`, as `make train`)
and the variant (`rasa train nlu`) cold in the same run, then parses the labelled
phrasings of tests/served/ with both models (NLU only, `Agent.parse_message`) and
counts, per set: two-topic phrasings read as the two intents in the order asked,
single-topic phrasings containing " and " kept as one intent, and single questions
read right. Held-out sets (heldout*.yml) are blind: only their counts are printed
or stored, never a text, topic or per-row result. Misses are listed for dev sets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench import training
from bench.multi_intent_data import (
    ENTITY_INTENTS,
    SPLIT_SYMBOL,
    intent_pairs,
    merge_orders,
    two_question_examples,
)
from bench.multi_intent_score import (
    FAQ,
    Reading,
    kept_one,
    multi_intent_right,
    single_right,
    split_right,
    topic_readings,
    without_fallback,
)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVED = ROOT / "tests" / "served"
NOT_PHRASINGS = frozenset({"labels.yml", "gate.yml"})
# Files of data/nlu whose examples are joined: not the generated ones, which are
# a context sentence plus a question already.
NOT_JOINED = frozenset({"generated_context.yml"})
REMOVED = ("QuestionSplitter", "QuestionJoiner")
SPLITTER_MODULE = "nlu_components.two_questions."
FAQ_PREFIX = "faq_"
ENTITY_LABELS = frozenset({"step", "side_effect"})


@dataclass(frozen=True)
class Settings:
    per_pair: int
    epochs: int
    transformer_layers: int
    transformer_size: int
    seed: int
    one_label_per_pair: bool = False


def is_blind(set_name: str) -> bool:
    return set_name.startswith("heldout")


def answerable_intents(intents: Sequence[str]) -> list[str]:
    from nlu_components.two_questions import ANSWER_INTENTS

    return sorted(
        {i for i in intents if i.startswith(FAQ_PREFIX) or i in ANSWER_INTENTS}
    )


def training_examples(nlu_dir: Path) -> dict[str, list[str]]:
    """{intent: [text, ...]} of the project's NLU files that examples are joined from."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: dict[str, list[str]] = {}
    for path in sorted(nlu_dir.glob("*.yml")):
        if path.name in NOT_JOINED:
            continue
        for message in load_data(str(path)).intent_examples:
            text = str(message.get("text"))
            if not any(mark in text for mark in "[]{}()"):
                examples.setdefault(str(message.get("intent")), []).append(text)
    return examples


def entity_values_of(examples: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """{text: the one step or side effect it names} for the entity intents' examples,
    found by the project's spaCy pipeline (EntityRuler pattern ids)."""
    import spacy

    nlp = spacy.load(ROOT / "build" / "spacy" / "car_t_en")
    found = {}
    for intent in sorted(ENTITY_INTENTS):
        for text in examples.get(intent, ()):
            values = {
                ent.ent_id_ for ent in nlp(text).ents if ent.label_ in ENTITY_LABELS
            }
            if len(values) == 1:
                found[text] = values.pop()
    return found


def variant_config(config: Mapping[str, Any], settings: Settings) -> dict[str, Any]:
    """The project's config with DIET (intent tokenisation) and no split components."""
    pipeline = []
    for component in config["pipeline"]:
        name = str(component["name"])
        if name.startswith(SPLITTER_MODULE) and name.endswith(REMOVED):
            continue
        if name == "SpacyTokenizer":
            component = {
                **component,
                "intent_tokenization_flag": True,
                "intent_split_symbol": SPLIT_SYMBOL,
            }
        if name == "LogisticRegressionClassifier":
            component = {
                "name": "DIETClassifier",
                "epochs": settings.epochs,
                "number_of_transformer_layers": settings.transformer_layers,
                "transformer_size": settings.transformer_size,
                "entity_recognition": False,
                "constrain_similarities": True,
                "random_seed": settings.seed,
            }
        pipeline.append(component)
    names = [str(c["name"]) for c in pipeline]
    if "DIETClassifier" not in names or any(n.endswith(REMOVED) for n in names):
        raise ValueError("config.yml: expected LogisticRegressionClassifier to replace")
    return {**config, "pipeline": pipeline}


def build_variant(
    project: Path, settings: Settings
) -> tuple[list[tuple[str, str]], list[str]]:
    """Write the variant's config, domain and data into `project`; pairs, labels."""
    shutil.copytree(ROOT / "data" / "nlu", project / "data" / "nlu")
    examples = training_examples(ROOT / "data" / "nlu")
    pairs = intent_pairs(answerable_intents(list(examples)))
    made = two_question_examples(
        examples, pairs, settings.per_pair, settings.seed, entity_values_of(examples)
    )
    if settings.one_label_per_pair:
        made = merge_orders(made)
    lines = ['version: "3.1"', "nlu:"]
    for name, texts in made.items():
        lines += [f"- intent: {name}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    (project / "data" / "nlu" / "two_questions.yml").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    domain["intents"] = [*domain["intents"], *made]
    (project / "domain.yml").write_text(
        yaml.safe_dump(domain, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    (project / "config.yml").write_text(
        yaml.safe_dump(variant_config(config, settings), sort_keys=False),
        encoding="utf-8",
    )
    return pairs, list(made)


def _rasa(*args: str) -> list[str]:
    """`rasa ...` with the environment `make train` gives it (TF thread pools)."""
    python = str(BIN / "python")
    return [
        python,
        "-m",
        "stack",
        "exec",
        "--tensorflow",
        "--",
        str(BIN / "rasa"),
        *args,
    ]


def train_project(tmp: Path, logs: Path) -> tuple[float, Path]:
    out = tmp / "project-model"
    seconds = training.timed(
        _rasa("train", "--config", "config.yml", "--domain", "domain.yml", "--data",
              "data", "--out", str(out), "--fixed-model-name", "car-t-bench"),
        ROOT, logs / "train-project.log", tmp / "project-cache",
    )  # fmt: skip
    return seconds, out / "car-t-bench.tar.gz"


def train_variant(project: Path, logs: Path) -> tuple[float, Path]:
    out = project / "models"
    seconds = training.timed(
        _rasa("train", "nlu", "--config", str(project / "config.yml"), "--domain",
              str(project / "domain.yml"), "--nlu", str(project / "data"), "--out",
              str(out), "--fixed-model-name", "multi-intent"),
        ROOT, logs / "train-multi-intent.log", project / "cache",
    )  # fmt: skip
    return seconds, out / "multi-intent.tar.gz"


SPLIT = "split"
MULTI = "multi_intent"
MULTI_TOP = "multi_intent_no_fallback"
APPROACHES = (SPLIT, MULTI, MULTI_TOP)
HEADINGS = {
    SPLIT: "split (project)",
    MULTI: "multi-intent DIET",
    MULTI_TOP: "multi-intent DIET, fallback ignored",
}
Parses = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass
class Tally:
    """Counts of one measure on one set, and (dev sets only) what was missed."""

    n: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(APPROACHES, 0))
    misses: list[dict[str, str]] = field(default_factory=list)

    def add(
        self,
        text: str,
        right: Mapping[str, bool],
        parses: Mapping[str, Mapping[str, Any]],
        keep_miss: bool,
    ) -> None:
        self.n += 1
        for approach in APPROACHES:
            self.right[approach] += right[approach]
        if keep_miss and not all(right.values()):
            miss = {"text": text}
            for approach in APPROACHES:
                miss[approach] = "right" if right[approach] else _got(parses[approach])
            self.misses.append(miss)

    def counts(self) -> dict[str, int]:
        return {"n": self.n, **self.right}


def _got(parse: Mapping[str, Any]) -> str:
    name = str((parse.get("intent") or {}).get("name"))
    parts = parse.get("question_parts") or []
    if parts:
        inner = [str((p.get("intent") or {}).get("name")) for p in parts]
        return f"{name}: {' | '.join(inner)}"
    return name


MEASURES = (
    "two-topic, in the order asked",
    "two-topic, either order",
    "single topic with ' and ', kept one",
    "single question, FAQ topic right",
    "single question, any answer topic right",
)


def _pair_right(approach: str, parse: Mapping[str, Any], want: list[Reading]) -> bool:
    if approach == SPLIT:
        return split_right(parse, want)
    return multi_intent_right(parse, want)


def score_set(
    turns: Sequence[Any],
    parses: Parses,
    readings: Mapping[str, Reading],
    groups: Mapping[str, str],
    keep_misses: bool,
) -> dict[str, Any]:
    tallies = {measure: Tally() for measure in MEASURES}
    left_out = 0
    for turn in turns:
        text, topics = turn.text, tuple(turn.topics)
        parsed = parses[text]
        scores: dict[str, dict[str, bool]] = {}
        if len(topics) == 2:
            if not all(t in readings for t in topics):
                left_out += 1
                continue
            want = [readings[t] for t in topics]
            back = want[::-1]
            scores[MEASURES[0]] = {
                a: _pair_right(a, parsed[a], want) for a in APPROACHES
            }
            scores[MEASURES[1]] = {
                a: right or _pair_right(a, parsed[a], back)
                for a, right in scores[MEASURES[0]].items()
            }
        elif len(topics) == 1:
            if " and " in f" {text.lower()} ":
                scores[MEASURES[2]] = {a: kept_one(parsed[a]) for a in APPROACHES}
            if topics[0] in readings and not turn.urgent:
                one = readings[topics[0]]
                right = {a: single_right(parsed[a], one) for a in APPROACHES}
                if groups.get(topics[0]) == FAQ:
                    scores[MEASURES[3]] = right
                scores[MEASURES[4]] = right
        for measure, right in scores.items():
            tallies[measure].add(text, right, parsed, keep_misses)
    result: dict[str, Any] = {
        "two_topic_left_out": left_out,
        "counts": {m: t.counts() for m, t in tallies.items()},
    }
    if keep_misses:
        result["misses"] = {m: t.misses for m, t in tallies.items() if t.misses}
    return result


def quiet_rasa() -> None:
    """Warnings only: Rasa's debug log prints each parsed text (held-out ones too)."""
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    for name in ("rasa", "nlu_components", "tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def _parse_all(model: Path, texts: Sequence[str]) -> dict[str, dict[str, Any]]:
    from rasa.core.agent import Agent

    quiet_rasa()

    agent = Agent.load(str(model))
    return {text: await agent.parse_message(text) for text in texts}


def phrasing_sets() -> dict[str, list[Any]]:
    from quality.labels import load_phrasings

    sets = {}
    for path in sorted(SERVED.glob("*.yml")):
        if path.name in NOT_PHRASINGS:
            continue
        turns = load_phrasings(path)
        if turns:
            sets[path.stem] = turns
    return sets


def entity_values() -> dict[str, list[str]]:
    from nlu_components.patterns import load_entity_phrases

    return {label: list(values) for label, values in load_entity_phrases().items()}


def evaluate(project_model: Path, variant_model: Path) -> dict[str, Any]:
    from quality.labels import load_labels

    topics = load_labels().expectations
    intents = yaml.safe_load((ROOT / "domain.yml").read_text())["intents"]
    names = [i if isinstance(i, str) else next(iter(i)) for i in intents]
    readings = topic_readings(topics, entity_values(), names)
    groups = {t: expected.group for t, expected in topics.items()}
    sets = phrasing_sets()
    texts = sorted({turn.text for turns in sets.values() for turn in turns})
    split = asyncio.run(_parse_all(project_model, texts))
    multi = asyncio.run(_parse_all(variant_model, texts))
    parses = {
        t: {SPLIT: split[t], MULTI: multi[t], MULTI_TOP: without_fallback(multi[t])}
        for t in texts
    }
    return {
        "readings": {t: [r.intent, r.entity] for t, r in sorted(readings.items())},
        "sets": {
            name: score_set(turns, parses, readings, groups, name.startswith("dev"))
            for name, turns in sets.items()
        },
    }


def _pct(right: int, n: int) -> str:
    return f"{right}/{n} ({right / n:.0%})" if n else "–"


def table(result: Mapping[str, Any]) -> str:
    lines = [
        "| set | measure | " + " | ".join(HEADINGS[a] for a in APPROACHES) + " |",
        "|---|---|" + "---|" * len(APPROACHES),
    ]
    for name, scored in result["sets"].items():
        for measure, c in scored["counts"].items():
            if c["n"]:
                cells = " | ".join(_pct(c[a], c["n"]) for a in APPROACHES)
                lines.append(f"| {name} | {measure} | {cells} |")
    t = result["training"]
    lines.append(
        f"\nTraining, cold, same run: project `rasa train` {t['project_s']:.0f} s, "
        f"multi-intent variant `rasa train nlu` {t['variant_s']:.0f} s "
        f"({t['variant_s'] / t['project_s']:.1f}×); {t['pairs']} intent pairs × "
        f"{t['per_pair']} synthetic examples, {t.get('labels', t['pairs'])} "
        "combined intents."
    )
    return "\n".join(lines) + "\n"


def misses_text(result: Mapping[str, Any]) -> str:
    lines = []
    for name, scored in result["sets"].items():
        if is_blind(name):
            continue
        for measure, misses in (scored.get("misses") or {}).items():
            lines.append(f"\n## {name}: {measure}\n")
            lines += [
                f"- {m['text']!r}: "
                + "; ".join(f"{HEADINGS[a]} {m[a]}" for a in APPROACHES)
                for m in misses
            ]
    return "\n".join(lines) + "\n"


def train_both(settings: Settings, out: Path) -> dict[str, Any]:
    """Train the project and the variant cold; keep both models in <out>/models."""
    logs, kept = out / "logs", out / "models"
    kept.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        project = tmp / "variant"
        pairs, labels = build_variant(project, settings)
        shutil.copy2(project / "config.yml", out / "variant-config.yml")
        print(f"[multi-intent] training the project ({len(pairs)} pairs)", flush=True)
        project_s, project_model = train_project(tmp, logs)
        print(f"[multi-intent] project: {project_s:.0f} s; training the variant")
        variant_s, variant_model = train_variant(project, logs)
        print(f"[multi-intent] variant: {variant_s:.0f} s; parsing", flush=True)
        shutil.copy2(project_model, kept / "project.tar.gz")
        shutil.copy2(variant_model, kept / "multi-intent.tar.gz")
    return {
        "project_s": round(project_s, 1),
        "variant_s": round(variant_s, 1),
        "pairs": len(pairs),
        "labels": len(labels),
        "per_pair": settings.per_pair,
        "settings": settings.__dict__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-pair", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--transformer-layers", type=int, default=0)
    parser.add_argument("--transformer-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--one-label-per-pair",
        action="store_true",
        help="label a+b and b+a examples alike (a+b, names sorted)",
    )
    parser.add_argument(
        "--no-train",
        action="store_true",
        help="score the models of the last run again (<out>/models)",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "out" / "multi_intent"
    )
    args = parser.parse_args(argv)
    settings = Settings(
        args.per_pair, args.epochs, args.transformer_layers, args.transformer_size,
        args.seed, args.one_label_per_pair,
    )  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    kept, logs = args.out / "models", args.out / "logs"
    if args.no_train:
        previous = args.out / "multi_intent.json"
        if not previous.is_file() or not (kept / "multi-intent.tar.gz").is_file():
            print(
                f"error: --no-train needs an earlier run in {args.out}", file=sys.stderr
            )
            return 2
        training_facts = json.loads(previous.read_text())["training"]
    else:
        try:
            training_facts = train_both(settings, args.out)
        except subprocess.CalledProcessError as error:
            print(f"error: training failed ({error}); see {logs}", file=sys.stderr)
            return 1
    result = evaluate(kept / "project.tar.gz", kept / "multi-intent.tar.gz")
    result["training"] = training_facts
    (args.out / "multi_intent.json").write_text(json.dumps(result, indent=2))
    report = table(result)
    (args.out / "multi_intent.md").write_text(report + misses_text(result))
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
