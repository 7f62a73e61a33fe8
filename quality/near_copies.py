"""Held-out and test-story phrasings must not be near copies of training examples.

A phrasing of four words or more whose lowercased, punctuation-free text has a
difflib ratio of 0.9 or more with a training example is a near copy: the measure
would then score what the model memorised. Short turns ("yes", "next") are exempt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS = 4
MAX_RATIO = 0.9
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Line:
    text: str
    where: str

    @property
    def key(self) -> str:
        return normalise(self.text)


@dataclass(frozen=True)
class NearCopy:
    phrasing: Line
    training: Line
    ratio: float

    def __str__(self) -> str:
        return (
            f'{self.phrasing.where}: "{self.phrasing.text}" ~ '
            f'{self.training.where}: "{self.training.text}" ({self.ratio:.2f})'
        )


def normalise(text: str) -> str:
    text = ANNOTATION.sub(r"\1", text).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def training_examples(data_dir: Path = ROOT / "data") -> Iterator[Line]:
    for path in sorted(data_dir.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            for raw in str(item.get("examples") or "").splitlines():
                text = raw.strip().removeprefix("- ").strip()
                if text:
                    yield Line(text, f"{path.relative_to(ROOT)} ({item.get('intent')})")


def _story_user_lines(doc: dict[str, Any], where: str) -> Iterator[Line]:
    for story in (doc.get("stories") or []) + (doc.get("rules") or []):
        for step in story.get("steps") or []:
            if isinstance(step, dict) and step.get("user"):
                yield Line(str(step["user"]).strip(), f"{where} ({story.get('story')})")


def evaluation_phrasings(paths: Iterable[Path]) -> Iterator[Line]:
    """Texts of labelled phrasings, conversations and test stories."""
    for path in paths:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        where = str(path.relative_to(ROOT))
        for item in doc.get("phrasings") or []:
            yield Line(str(item["text"]), where)
        for talk in doc.get("conversations") or []:
            for turn in talk.get("turns") or []:
                yield Line(str(turn["text"]), f"{where} ({talk.get('name')})")
        yield from _story_user_lines(doc, where)


def near_copies(
    phrasings: Iterable[Line], training: Iterable[Line], max_ratio: float = MAX_RATIO
) -> list[NearCopy]:
    """Each phrasing of MIN_WORDS words or more that is a near copy, with its match."""
    train = [(line, line.key) for line in training]
    found = []
    for phrasing in phrasings:
        key = phrasing.key
        if len(key.split()) < MIN_WORDS:
            continue
        matcher = SequenceMatcher(None, b=key, autojunk=False)
        best: NearCopy | None = None
        for line, other in train:
            matcher.set_seq1(other)
            if (
                matcher.real_quick_ratio() < max_ratio
                or matcher.quick_ratio() < max_ratio
            ):
                continue
            ratio = matcher.ratio()
            if ratio >= max_ratio and (best is None or ratio > best.ratio):
                best = NearCopy(phrasing, line, ratio)
        if best is not None:
            found.append(best)
    return found


def evaluation_files(root: Path = ROOT) -> list[Path]:
    files = sorted((root / "tests" / "served").glob("*.yml"))
    return [f for f in files if f.name not in {"labels.yml", "gate.yml"}] + [
        root / "tests" / "test_stories.yml"
    ]


def check(root: Path = ROOT) -> list[NearCopy]:
    return near_copies(
        evaluation_phrasings(evaluation_files(root)), training_examples(root / "data")
    )
