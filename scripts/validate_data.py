"""`rasa data validate`, failing on every warning about the project's data.

Two warnings are not about the data and are explained instead of failing:
- "intent X ... not found in the NLU training data" for the intents that only
  the safety router sets (nlu_components/safety_router.py: ROUTER_ONLY_INTENTS).
- "utterance X is not used in any story or rule" for a response a custom
  action utters: Rasa's validator does not look inside actions, so this script
  does, reading the response names (and f-string templates) in actions/*.py
  and channels/*.py (the REST channel's `utter_trouble`).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Pattern

ROOT = Path(__file__).resolve().parent.parent
WARNING = re.compile(
    r"UserWarning: (.*?)(?=\n\S*\d{4}-\d\d-\d\d |\n\S*/\S+\.py:\d+: |\Z)", re.S
)
UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
NO_EXAMPLES = re.compile(
    r"The intent '([^']+)' is listed in the domain file, but is not found in the NLU"
)


def response_patterns(sources: Iterable[Path]) -> List[Pattern[str]]:
    """Regexes for the response names that appear in the actions' code."""
    patterns: List[Pattern[str]] = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("utter_"):
                    patterns.append(re.compile(re.escape(node.value) + r"\Z"))
            elif isinstance(node, ast.JoinedStr):
                parts = [
                    re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_]+"
                    for v in node.values
                ]
                if parts and parts[0].startswith("utter_"):
                    patterns.append(re.compile("".join(parts) + r"\Z"))
    return patterns


def near_copy_problems() -> List[str]:
    """Held-out or test-story phrasings that are near copies of training examples."""
    sys.path.insert(0, str(ROOT))
    from quality.near_copies import MAX_RATIO, check

    copies = check(ROOT)
    print(f"near copies of training examples (ratio >= {MAX_RATIO}): {len(copies)}")
    return [f"near copy: {copy}" for copy in copies]


def traceability_problems() -> List[str]:
    """Print the policy sentences; response sentences not traced to the article."""
    sys.path.insert(0, str(ROOT))
    from quality.traceability import check

    policy, found = check(ROOT)
    print("Policy sentences (not from the article):")
    for response, sentence in policy:
        print(f"  {response}: {sentence}")
    return [f"traceability: {problem}" for problem in found]


def router_only_intents() -> frozenset:
    sys.path.insert(0, str(ROOT))
    from nlu_components.beyond_faq_router import ROUTER_ONLY_INTENTS as BEYOND_FAQ
    from nlu_components.safety_router import ROUTER_ONLY_INTENTS

    return ROUTER_ONLY_INTENTS | BEYOND_FAQ


def main() -> int:
    rasa = Path(sys.executable).parent / "rasa"
    run = subprocess.run(
        [str(rasa), "data", "validate"], cwd=ROOT, capture_output=True, text=True
    )
    output = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr)
    used_by_actions = response_patterns(
        sorted([*(ROOT / "actions").glob("*.py"), *(ROOT / "channels").glob("*.py")])
    )
    problems, explained = [], []
    for warning in (w.strip() for w in WARNING.findall(output)):
        unused = UNUSED.search(warning)
        if unused and any(p.match(unused.group(1)) for p in used_by_actions):
            explained.append(
                f"{unused.group(1)}: uttered by a custom action or channel"
            )
        elif (missing := NO_EXAMPLES.search(warning)) and missing.group(
            1
        ) in router_only_intents():
            explained.append(f"{missing.group(1)}: set only by the safety router")
        else:
            problems.append(warning.splitlines()[0])
    problems += near_copy_problems()
    augment = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "augment_context.py"), "--check"],
        capture_output=True,
        text=True,
    )
    if augment.returncode != 0:
        problems.append(augment.stdout.strip() or augment.stderr.strip())
    problems += traceability_problems()
    print(
        f"rasa data validate: exit {run.returncode}, {len(problems)} problem(s), "
        f"{len(explained)} warning(s) explained"
    )
    for line in explained:
        print(f"  ok  {line}")
    for line in problems:
        print(f"  !!  {line}")
    if run.returncode != 0 and not problems:
        print(output[-3000:])
    return 1 if problems or run.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
