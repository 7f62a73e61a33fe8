"""Print held-out NLU accuracy from `rasa test nlu` results and check the floor.

    python scripts/nlu_report.py results/nlu [--min-accuracy 0.9]

Reads intent_report.json and response_selection_report.json; lists every
held-out phrasing the model got wrong, so a regression is easy to see.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional


def accuracy(report: Dict[str, Any]) -> float:
    return float(report.get("accuracy", 0.0))


def load(path: Path) -> Optional[Dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def errors(path: Path) -> List[Dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--min-accuracy", type=float, default=0.9)
    args = parser.parse_args(argv)

    intent = load(args.results / "intent_report.json")
    selection = load(args.results / "response_selection_report.json")
    if intent is None or selection is None:
        print(f"error: no rasa test nlu results in {args.results}", file=sys.stderr)
        return 2
    scores = {"intent": accuracy(intent), "response selection": accuracy(selection)}
    support = int(intent.get("weighted avg", {}).get("support", 0))
    print(f"Held-out NLU ({support} phrasings not in the training data):")
    for name, score in scores.items():
        print(f"  {name:<20} accuracy {score:6.1%}")
    for item in errors(args.results / "intent_errors.json"):
        predicted = item.get("intent_prediction", {}).get("name")
        print(f"  wrong intent: {item['text']!r}: {item['intent']} -> {predicted}")
    for item in errors(args.results / "response_selection_errors.json"):
        predicted = item.get("intent_response_key_prediction", {}).get("name")
        print(
            f"  wrong answer: {item['text']!r}: {item.get('intent_response_key_target')} -> {predicted}"
        )
    below = [name for name, score in scores.items() if score < args.min_accuracy]
    if below:
        print(f"FAILED: {', '.join(below)} below {args.min_accuracy:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
