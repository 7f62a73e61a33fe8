"""How hard each response is to read: Flesch-Kincaid grade (textstat).

A response is graded as the user reads it with the generic wording (no site
settings). Each sentence unit of quality.traceability.split_sentences counts
as one sentence (a list item or a line ending in ":" is one), so a list is not
graded as one endless sentence. Markdown link syntax is reduced to its label.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

import textstat

from quality.traceability import load_responses, response_files, split_sentences
from site_settings import phrases
from site_settings.settings import SiteSettings

MAX_GRADE = 9.0
MAX_MEDIAN_GRADE = 7.0
_LINK = re.compile(r"\[([^\]\n]+)\]\([^()\s]+\)")


@dataclass(frozen=True)
class Grade:
    name: str
    grade: float
    text: str


def gradable(text: str) -> str:
    """The text as sentences textstat can count."""
    units = [u.removesuffix(":") for u in split_sentences(_LINK.sub(r"\1", text))]
    return " ".join(u if u[-1] in ".?!\"'" else f"{u}." for u in units)


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(gradable(text)))


def response_grades(
    responses: Mapping[str, list[str]] | None = None,
    site: SiteSettings | None = None,
) -> list[Grade]:
    """Each English response's grade, its variations filled with the site's words."""
    textstat.set_lang("en_US")
    responses = load_responses(response_files()) if responses is None else responses
    values = phrases.placeholder_values(site or SiteSettings(), channel=None)
    grades = []
    for name, texts in sorted(responses.items()):
        for text in texts:
            filled = phrases.fill(text, values)
            grades.append(Grade(name, grade(filled), filled))
    return grades


def summary(grades: list[Grade]) -> str:
    values = [g.grade for g in grades]
    return (
        f"{len(values)} texts, max grade {max(values):.1f}, "
        f"median {statistics.median(values):.1f}"
    )
