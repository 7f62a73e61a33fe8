"""Build the project's spaCy pipeline from official packages and the pattern file.

    python -m nlu_components.build_spacy_pipeline build/spacy/car_t_en

The pipeline is a blank English tokenizer, a lookup lemmatizer (tables from
spacy-lookups-data) and an EntityRuler with the patterns of nlp/entity_patterns.yml.
No pretrained model is downloaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nlu_components.patterns import (
    ENTITY_PATTERNS_FILE,
    load_entity_phrases,
    ruler_patterns,
)

PIPELINE_NAME = "car_t_en"
# Lookup-table lemmas that merge unrelated words: "number" -> "numb" made "is there
# a number I can call?" a report of numbness.
LEMMA_FIXES = {"number": "number", "numbers": "number"}


def build(patterns_file: Path = ENTITY_PATTERNS_FILE):  # -> spacy.Language
    import spacy

    nlp = spacy.blank("en")
    lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    for word, lemma in LEMMA_FIXES.items():
        table[word] = lemma

    def tokens_of(phrase: str) -> list[dict[str, str]]:
        return [{"lower": t.lower_, "lemma": t.lemma_.lower()} for t in nlp(phrase)]

    patterns = ruler_patterns(load_entity_phrases(patterns_file), tokens_of)
    ruler: Any = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(patterns)
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["description"] = "CAR T FAQ: tokenizer, lookup lemmatizer, entity patterns"
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="directory to write the pipeline to")
    parser.add_argument("--patterns", type=Path, default=ENTITY_PATTERNS_FILE)
    args = parser.parse_args(argv)
    nlp = build(args.patterns)
    args.output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.output)
    n = len(nlp.get_pipe("entity_ruler").patterns)
    print(f"spaCy pipeline {nlp.pipe_names} with {n} entity patterns -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
