""" "car" the vehicle is out of scope; CAR T is not."""

from __future__ import annotations

import pytest

from nlu_components.scope_guard import is_about_a_vehicle, load_scope_cues


def words(nlp, text: str) -> list:
    return [t.lower_ for t in nlp(text.lower())]


@pytest.mark.parametrize(
    "text",
    [
        "how much does a new car cost",
        "my car's check engine light is on, what does it mean",
        "best car insurance for a young driver",
        "can i park my van at the front",
    ],
)
def test_a_vehicle_is_not_car_t(nlp, text):
    assert is_about_a_vehicle(words(nlp, text), load_scope_cues())


@pytest.mark.parametrize(
    "text",
    [
        "how much does car t cost",
        "what does CAR-T mean",
        "what is car t-cell therapy",
        "will i be able to drive my car after the infusion",
        "what does the CAR in it stand for, is it a cancer treatment",
        "car stands for what exactly",
        "my mum was told about car t. how long does it take",
    ],
)
def test_car_t_is_not_a_vehicle(nlp, text):
    assert not is_about_a_vehicle(words(nlp, text), load_scope_cues())
