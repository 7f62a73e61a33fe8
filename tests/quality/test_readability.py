"""Plain words: every English response at most grade 9 on Flesch-Kincaid, median 7."""

from __future__ import annotations

import statistics

import pytest

from quality.readability import (
    MAX_GRADE,
    MAX_MEDIAN_GRADE,
    gradable,
    grade,
    response_grades,
    summary,
)
from site_settings.settings import SiteSettings

GRADES = response_grades()


def test_the_grade_of_every_response_is_listed() -> None:
    for g in sorted(GRADES, key=lambda g: -g.grade):
        print(f"{g.grade:5.1f}  {g.name}")
    print(summary(GRADES))
    assert len(GRADES) >= 40


@pytest.mark.parametrize("graded", GRADES, ids=lambda g: g.name)
def test_response_is_at_most_grade_9(graded) -> None:
    assert graded.grade <= MAX_GRADE, f"{graded.name}: {graded.grade}: {graded.text}"


def test_median_is_at_most_grade_7() -> None:
    assert statistics.median(g.grade for g in GRADES) <= MAX_MEDIAN_GRADE


def test_with_a_centres_details_filled_in_the_limit_still_holds() -> None:
    site = SiteSettings(
        centre_name="Riverside Cancer Centre",
        care_team_phone="020 7946 0000",
        care_team_hours="Monday to Friday, 9am to 5pm",
        emergency_number="999",
        crisis_line="116 123",
        support_service="our Patient Support Service",
        contact_page="https://hospital.example/contact",
        privacy_notice="https://hospital.example/privacy",
    )
    assert max(g.grade for g in response_grades(site=site)) <= MAX_GRADE


@pytest.mark.parametrize(
    "text, counted",
    [
        ("Pick one:\n- first item\n- second", "Pick one. first item. second."),
        ("Call [020 7946 0000](tel:02079460000) now.", "Call 020 7946 0000 now."),
    ],
)
def test_list_items_count_as_sentences_and_links_as_their_label(
    text: str, counted: str
) -> None:
    assert gradable(text) == counted


def test_a_long_sentence_grades_higher_than_short_ones() -> None:
    long = (
        "If you or someone you care for experiences symptoms following treatment, "
        "immediately contact the treatment team or emergency services."
    )
    assert grade(long) > MAX_GRADE > grade("Call your care team now. Do it today.")
