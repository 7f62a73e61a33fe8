from __future__ import annotations

from typing import Any

import pytest

from nlu_components.build_spacy_pipeline import build


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The project's spaCy pipeline, built from the pattern file as `make spacy` does."""
    return build()


@pytest.fixture(scope="session")
def cues() -> dict:
    from nlu_components.patterns import load_safety_cues

    return load_safety_cues()
