"""Answer quality on the held-out phrasings (tests/nlu/), in a child process.

    python -m bench.quality MODEL NLU_DIR OUT_DIR

Loads the model once and

1. runs Rasa's own NLU evaluation (what `rasa test nlu` runs) into OUT_DIR:
   intent and response-selection reports, errors, successes and the confusion
   matrix PNGs. Rasa undoes `nlu_fallback` there, so these figures score what
   the classifiers picked, not what the bot does;
2. parses every held-out phrasing as the server does (fallbacks included) and
   scores what the bot would answer: an in-scope phrasing is answered right
   when the intent and, for FAQ questions, the selected answer are the
   expected ones; an out-of-scope phrasing is rejected when it comes out as
   `out_of_scope` or `nlu_fallback` (no FAQ or topic answer).

Writes OUT_DIR/quality.json, which `run_quality` returns.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
REJECTIONS = {OUT_OF_SCOPE, FALLBACK}


def served_answer(parse: dict[str, Any], retrieval_intent: str | None) -> str | None:
    """The answer key (e.g. faq/cost) the response selector chose, if any."""
    selector = parse.get("response_selector") or {}
    chosen = selector.get(retrieval_intent or "") or selector.get("default") or {}
    return (chosen.get("response") or {}).get("intent_response_key")


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Served accuracy and out-of-scope rejection from per-phrasing rows."""
    in_scope = [r for r in rows if r["intent"] != OUT_OF_SCOPE]
    out_scope = [r for r in rows if r["intent"] == OUT_OF_SCOPE]
    right = [r for r in in_scope if r["outcome"] == "right"]
    clarify = [r for r in in_scope if r["outcome"] == "clarify"]
    rejected = [r for r in out_scope if r["outcome"] == "rejected"]
    faq = [r for r in in_scope if r["answer"]]
    return {
        "in_scope": len(in_scope),
        "answer_accuracy": len(right) / len(in_scope) if in_scope else 0.0,
        "clarified": len(clarify),
        "wrong": len(in_scope) - len(right) - len(clarify),
        "faq_answer_accuracy": (
            sum(r["outcome"] == "right" for r in faq) / len(faq) if faq else 0.0
        ),
        "out_of_scope": len(out_scope),
        "out_of_scope_rejection": len(rejected) / len(out_scope) if out_scope else 0.0,
        "misses": [r for r in rows if r["outcome"] not in ("right", "rejected")],
    }


def outcome(expected: str, answer: str | None, got: str, got_answer: str | None) -> str:
    if expected == OUT_OF_SCOPE:
        return "rejected" if got in REJECTIONS else "answered"
    if got == FALLBACK:
        return "clarify"
    if got == expected and (answer is None or got_answer == answer):
        return "right"
    return "wrong"


async def evaluate(model: str, nlu_dir: str, out_dir: Path) -> dict[str, Any]:
    from rasa.core.agent import Agent
    from rasa.nlu.test import run_evaluation
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(model_path=model)
    assert agent.processor is not None
    await run_evaluation(
        nlu_dir,
        agent.processor,
        output_directory=str(out_dir),
        successes=True,
        errors=True,
    )
    rasa_scores = {}
    for name, report in (
        ("intent_accuracy", "intent_report.json"),
        ("response_selection_accuracy", "response_selection_report.json"),
    ):
        data = json.loads((out_dir / report).read_text(encoding="utf-8"))
        rasa_scores[name] = float(data["accuracy"])

    rows = []
    for example in load_data(nlu_dir).intent_examples:
        text, expected = example.get("text"), example.get("intent")
        answer = example.get("intent_response_key")
        parse = await agent.parse_message(text)
        got = (parse.get("intent") or {}).get("name") or ""
        # the answer picked for the expected retrieval intent, or for a wrong guess
        got_answer = served_answer(parse, answer.split("/")[0] if answer else got)
        rows.append(
            {
                "text": text,
                "intent": expected,
                "answer": answer,
                "predicted": got,
                "predicted_answer": got_answer,
                "outcome": outcome(expected, answer, got, got_answer),
            }
        )
    served = score(rows)
    served["predicted_for_out_of_scope"] = dict(
        Counter(r["predicted"] for r in rows if r["intent"] == OUT_OF_SCOPE)
    )
    (out_dir / "served_predictions.json").write_text(
        json.dumps(rows, indent=2), encoding="utf-8"
    )
    return {"phrasings": len(rows), "rasa_test_nlu": rasa_scores, "served": served}


def run_quality(
    python: str, model: Path, nlu_dir: Path, out_dir: Path, log: Path
) -> dict[str, Any]:
    """Run this module in a child process (TensorFlow stays out of the bench)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        subprocess.run(
            [python, "-m", "bench.quality", str(model), str(nlu_dir), str(out_dir)],
            check=True,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return json.loads((out_dir / "quality.json").read_text(encoding="utf-8"))


def main(argv: list[str]) -> int:
    model, nlu_dir, out = argv
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = asyncio.run(evaluate(model, nlu_dir, out_dir))
    (out_dir / "quality.json").write_text(
        json.dumps(result, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
