"""A cue file's lists: read and normalised, or a clear error naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu_components.cue_lists import cue_lists
from nlu_components.patterns import PatternFileError

PATH = Path("nlp/example_cues.yml")


def test_each_list_is_read_and_normalised():
    data = {"vehicle": ["Car", "VAN"], "other": ["x"]}
    assert cue_lists(data, ["vehicle"], PATH) == {"vehicle": frozenset({"car", "van"})}
    assert cue_lists(data, ["vehicle"], PATH, str.upper)["vehicle"] == {"CAR", "VAN"}


@pytest.mark.parametrize("data", [{}, {"vehicle": []}, {"vehicle": "car"}])
def test_a_missing_or_empty_list_names_the_file_and_key(data):
    with pytest.raises(
        ValueError, match=r"example_cues.yml: 'vehicle' must be a non-empty list"
    ):
        cue_lists(data, ["vehicle"], PATH)
    with pytest.raises(PatternFileError):
        cue_lists(data, ["vehicle"], PATH, error=PatternFileError)
