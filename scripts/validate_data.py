"""`rasa data validate`, in-process, failing on every warning about the project's data.

Rasa's Validator (rasa/validator.py) runs here as `rasa data validate` runs it, with
its warnings recorded rather than printed. Two kinds are not about the data and are
explained instead of failing:
- "intent X ... not found in the NLU training data" for the intents that only a
  routing component sets (ROUTER_ONLY_INTENTS of nlu_components/safety_router.py,
  beyond_faq_router.py, language_router.py and two_questions.py).
- "utterance X is not used in any story or rule" for a response the code utters:
  the validator does not look inside actions, so they are listed by name in
  actions/uttered.py (CODE_RESPONSES); a name listed there must be in the domain.
"""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
NO_EXAMPLES = re.compile(
    r"The intent '([^']+)' is listed in the domain file, but is not found in the NLU"
)


def rasa_validator_warnings() -> tuple[bool, list[str], frozenset[str]]:
    """Run Rasa's validator on config.yml, domain.yml and data/: (valid, warnings, responses)."""
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.validator import Validator

    importer = TrainingDataImporter.load_from_config(
        config_path=str(ROOT / "config.yml"),
        domain_path=str(ROOT / "domain.yml"),
        training_data_paths=[str(ROOT / "data")],
    )
    from rasa.utils.common import EXPECTED_WARNINGS

    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")
        for category, pattern in EXPECTED_WARNINGS:  # as the rasa command does
            warnings.filterwarnings("ignore", pattern, category)
        validator = Validator.from_importer(importer)
        checks = [
            validator.verify_domain_validity(),
            validator.verify_actions_in_stories_rules(),
            validator.verify_forms_in_stories_rules(),
            validator.verify_form_slots(),
            validator.verify_slot_mappings(),
            validator.verify_nlu(True),
            validator.verify_story_structure(True),
        ]
        validator.warn_if_config_mandatory_keys_are_not_set()
    messages = [
        str(warning.message).strip()
        for warning in recorded
        if issubclass(warning.category, UserWarning)
    ]
    responses = frozenset(importer.get_domain().responses)
    return all(checks), messages, responses


def near_copy_problems() -> list[str]:
    """Held-out or test-story phrasings that are near copies of training examples."""
    from quality.near_copies import MAX_RATIO, check

    copies = check(ROOT)
    print(f"near copies of training examples (ratio >= {MAX_RATIO}): {len(copies)}")
    return [f"near copy: {copy}" for copy in copies]


def traceability_problems() -> list[str]:
    """Print the policy sentences; response sentences not traced to the article."""
    from quality.traceability import check

    policy, found = check(ROOT)
    print("Policy sentences (not from the article):")
    for response, sentence in policy:
        print(f"  {response}: {sentence}")
    return [f"traceability: {problem}" for problem in found]


def router_only_intents() -> frozenset:
    from nlu_components.beyond_faq_router import ROUTER_ONLY_INTENTS as BEYOND_FAQ
    from nlu_components.language_router import ROUTER_ONLY_INTENTS as LANGUAGES
    from nlu_components.safety_router import ROUTER_ONLY_INTENTS
    from nlu_components.two_questions import ROUTER_ONLY_INTENTS as TWO_QUESTIONS

    return ROUTER_ONLY_INTENTS | BEYOND_FAQ | LANGUAGES | TWO_QUESTIONS


def main() -> int:
    from actions.uttered import CODE_RESPONSES

    valid, messages, responses = rasa_validator_warnings()
    problems, explained = [], []
    for message in dict.fromkeys(messages):  # each warning once, in order
        unused = UNUSED.search(message)
        missing = NO_EXAMPLES.search(message)
        if unused and unused.group(1) in CODE_RESPONSES:
            explained.append(
                f"{unused.group(1)}: uttered by a custom action or channel"
            )
        elif missing and missing.group(1) in router_only_intents():
            explained.append(f"{missing.group(1)}: set only by a routing component")
        else:
            problems.append(message.splitlines()[0])
    for name in sorted(CODE_RESPONSES - responses):
        problems.append(f"actions/uttered.py names {name}, which domain.yml lacks")
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
        f"rasa data validate: {'valid' if valid else 'INVALID'}, "
        f"{len(problems)} problem(s), {len(explained)} warning(s) explained"
    )
    for line in explained:
        print(f"  ok  {line}")
    for line in problems:
        print(f"  !!  {line}")
    return 1 if problems or not valid else 0


if __name__ == "__main__":
    sys.exit(main())
