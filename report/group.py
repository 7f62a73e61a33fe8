"""Group similar questions (word overlap), most asked first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

WORD = re.compile(r"[a-z#\[\]]+")
STOP_WORDS = frozenset(
    "a an the is are was be to of and or in on for it i my me do does can you "
    "what how why when who which this that with about there any".split()
)
SIMILARITY = 0.5


def words(text: str) -> frozenset[str]:
    tokens = WORD.findall(text.lower())
    kept = frozenset(t for t in tokens if t not in STOP_WORDS)
    return kept or frozenset(tokens)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


@dataclass
class Group:
    words: frozenset[str]
    texts: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return sum(self.texts.values())

    @property
    def example(self) -> str:
        return self.texts.most_common(1)[0][0]


def group_questions(
    texts: Iterable[str], similarity: float = SIMILARITY
) -> list[Group]:
    """Each question joins the first group it shares enough words with."""
    groups: list[Group] = []
    for text in texts:
        cleaned = " ".join(text.split())
        if not cleaned:
            continue
        key = words(cleaned)
        for candidate in groups:
            if jaccard(key, candidate.words) >= similarity:
                candidate.texts[cleaned] += 1
                break
        else:
            groups.append(Group(words=key, texts=Counter({cleaned: 1})))
    return sorted(groups, key=lambda g: (-g.count, g.example))
