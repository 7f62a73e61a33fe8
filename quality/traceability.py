"""Every sentence the bot can send comes from the article or is safety policy.

content/traceability.yml lists, for every response in domain.yml and
data/responses/*.yml, each of its sentences with either

- `article:` the passage of the article it paraphrases (a string, or a list of
  passages when the sentence joins several), quoted verbatim, or
- `policy:` why the bot says it although the article does not (safety routing,
  scope statement, conversation), in which case it must make no medical claim.

`problems()` reports what a reviewer must fix: a sentence with no entry, an
entry whose sentence is no longer in its response (stale), a passage that is
not in the article, a policy sentence that names a medical term (a medical
claim, approximately), and malformed entries. `policy_sentences()` lists what
is not the article's, for `make validate` to print.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_settings import phrases as site_phrases

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "knowledge" / "car-t-article.txt"
TRACE_FILE = ROOT / "content" / "traceability.yml"
ENTITY_PATTERNS = ROOT / "nlp" / "entity_patterns.yml"

# The article ends with publisher details from this line down; only this line
# (the publication date) may be cited, for the "source" answer.
FOOTER_START = "Published on"

# Sections of nlp/entity_patterns.yml whose phrases are medical terms.
CLAIM_SECTIONS = ("symptom", "side_effect", "cancer_type")

# Words that make a sentence say something medical: a cause, a cure or
# treatment, an outcome, a likelihood, a safety judgement, a dose. A policy
# sentence may route ("contact your care team"), limit ("I can't give medical
# advice") or converse, but a sentence with one of these words (or the
# entity phrases above, or a digit: a number is a dose, a rate, a duration) is
# a statement about medicine and has to be traced to the article instead.
# Matched as whole words, also with a plural "s"/"es"; "treatment" and
# "safety" are not matched by "treat" and "safe".
MEDICAL_WORDS = (
    "cause",
    "causes",
    "caused",
    "cure",
    "cures",
    "cured",
    "curable",
    "treat",
    "treats",
    "treated",
    "treating",
    "remission",
    "risk",
    "risky",
    "safe",
    "safer",
    "safely",
    "unsafe",
    "dose",
    "dosage",
    "effective",
    "harmless",
    "harmful",
    "dangerous",
    "deadly",
    "fatal",
    "prevent",
    "heal",
    "recover",
    "recovery",
    "survive",
    "survival",
    "normal",
    "usual",
    "common",
    "rare",
    "mild",
    "severe",
    "diagnose",
    "diagnosis",
)

# Sentence units of a response text: every line is a unit (so each bullet or
# numbered item of a list is one, and "...four steps:" ending a line is one);
# a leading "- ", "* ", "• ", "1. " or "1) " is stripped; within a line a unit
# ends after ".", "?" or "!" (a closing quote or bracket may follow) followed
# by whitespace. A colon ends a unit only at the end of a line:
# "Extraction: T cells are collected..." stays whole.
LIST_MARKER = re.compile(r"^(?:[-*•]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"'”’)])\s+")
DIGIT = re.compile(r"\d")

QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
    }
)
# Hyphen, the Unicode hyphens and dashes, minus: all become a space, so
# "T-cells" matches "T cells" and "T-cells — a type" matches "T cells - a type".
DASHES = re.compile(r"[-\u2010-\u2015\u2212]")

ENTRY_KEYS = frozenset({"sentence", "article", "policy", "note"})


@dataclass(frozen=True)
class Entry:
    """One sentence of a response and where it comes from."""

    sentence: str
    article: tuple[str, ...] = ()
    policy: str | None = None


def response_files(root: Path = ROOT) -> list[Path]:
    return [root / "domain.yml", *sorted((root / "data" / "responses").glob("*.yml"))]


def load_responses(files: Iterable[Path]) -> dict[str, list[str]]:
    """{response name: [text of each variation]} of the `responses:` sections.

    The site placeholders ({contact_care_team}...) are filled with the generic
    wording a centre gets with no site settings; the centre's own details are
    site settings, not statements to trace.
    """
    responses: dict[str, list[str]] = {}
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, variations in (doc.get("responses") or {}).items():
            texts = [
                site_phrases.generic(str(v["text"]))
                for v in variations or []
                if v.get("text")
            ]
            responses.setdefault(str(name), []).extend(texts)
    return responses


def split_sentences(text: str) -> list[str]:
    """The sentence units of one response text (rule above)."""
    units: list[str] = []
    for line in text.splitlines():
        line = LIST_MARKER.sub("", line.strip())
        for part in SENTENCE_END.split(line):
            part = " ".join(part.split())
            if part:
                units.append(part)
    return units


def response_sentences(responses: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """{response name: its distinct sentences, in order, over all variations}."""
    result: dict[str, list[str]] = {}
    for name, texts in responses.items():
        seen: list[str] = []
        for text in texts:
            seen += [s for s in split_sentences(text) if s not in seen]
        result[name] = seen
    return result


def normalise(text: str) -> str:
    """Text for comparing a passage with the article: quotes, dashes, case, spaces."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    return " ".join(DASHES.sub(" ", text).split())


def article_body(raw: str) -> str:
    """The article without its publisher footer (the "Published on" line stays)."""
    lines = raw.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith(FOOTER_START):
            return "\n".join(lines[: index + 1])
    return raw


def load_article(path: Path = ARTICLE) -> str:
    return article_body(path.read_text(encoding="utf-8"))


def load_trace(path: Path = TRACE_FILE) -> dict[str, Any]:
    """The trace file as written: {response name: [entry mapping, ...]}."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict):
        raise ValueError(f"{path}: expected a mapping of response names")
    return doc


def claim_terms(patterns: Mapping[str, Any]) -> list[str]:
    """Medical terms: the CLAIM_SECTIONS phrases of the entity patterns and MEDICAL_WORDS."""
    terms: list[str] = []
    for section in CLAIM_SECTIONS:
        for phrases in (patterns.get(section) or {}).values():
            terms += [str(p) for p in phrases or []]
    return sorted({_words(t) for t in [*terms, *MEDICAL_WORDS]} - {""})


def load_claim_terms(path: Path = ENTITY_PATTERNS) -> list[str]:
    return claim_terms(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w']+", " ", normalise(text)).split())


def medical_claims(sentence: str, terms: Iterable[str]) -> list[str]:
    """The medical terms (and digits) in a sentence; empty when it makes no claim."""
    words = _words(sentence)
    found = [
        term
        for term in terms
        if re.search(rf"(?<![\w']){re.escape(term)}(?:s|es)?(?![\w'])", words)
    ]
    if DIGIT.search(sentence):
        found.append("a digit")
    return found


def parse_entry(raw: Any) -> tuple[Entry | None, str | None]:
    """An entry of the trace file, or why it is malformed."""
    if not isinstance(raw, dict) or not isinstance(raw.get("sentence"), str):
        return None, f"entry is not a mapping with a `sentence`: {raw!r}"
    sentence = " ".join(raw["sentence"].split())
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        return None, f'unknown key(s) {", ".join(unknown)} for "{sentence}"'
    if ("article" in raw) == ("policy" in raw):
        return None, f'needs exactly one of `article` or `policy`: "{sentence}"'
    if "policy" in raw:
        policy = raw["policy"]
        if not isinstance(policy, str) or not policy.strip():
            return None, f'`policy` must say why: "{sentence}"'
        return Entry(sentence, policy=policy.strip()), None
    passages = raw["article"]
    passages = [passages] if isinstance(passages, str) else passages
    if (
        not isinstance(passages, list)
        or not passages
        or not all(isinstance(p, str) and p.strip() for p in passages)
    ):
        return None, f'`article` must be a passage or a list of passages: "{sentence}"'
    return Entry(sentence, article=tuple(passages)), None


def parse_trace(trace: Mapping[str, Any]) -> tuple[dict[str, list[Entry]], list[str]]:
    """The entries of each response, and the malformed ones as problems."""
    entries: dict[str, list[Entry]] = {}
    malformed: list[str] = []
    for name, raws in trace.items():
        if not isinstance(raws, list):
            malformed.append(f"{name}: expected a list of entries")
            continue
        for raw in raws:
            entry, why = parse_entry(raw)
            if entry is None:
                malformed.append(f"{name}: {why}")
            else:
                entries.setdefault(str(name), []).append(entry)
    return entries, malformed


def problems(
    sentences: Mapping[str, Sequence[str]],
    trace: Mapping[str, Any],
    article: str,
    terms: Iterable[str],
) -> list[str]:
    """Everything that keeps a response sentence from being traced or policy."""
    entries, found = parse_trace(trace)
    terms = list(terms)
    text = normalise(article)
    for name, units in sentences.items():
        traced = {e.sentence for e in entries.get(name, [])}
        for unit in units:
            if unit not in traced:
                found.append(f'{name}: no entry for "{unit}"')
    for name, items in entries.items():
        units = list(sentences.get(name, []))
        seen: set[str] = set()
        for entry in items:
            if entry.sentence in seen:
                found.append(f'{name}: two entries for "{entry.sentence}"')
            seen.add(entry.sentence)
            if entry.sentence not in units:
                where = "in the response" if name in sentences else "a response"
                found.append(f'{name}: stale entry, not {where}: "{entry.sentence}"')
            for passage in entry.article:
                if normalise(passage) not in text:
                    found.append(
                        f'{name}: passage not in the article: "{passage}" '
                        f'(for "{entry.sentence}")'
                    )
            if entry.policy is not None:
                claims = medical_claims(entry.sentence, terms)
                if claims:
                    found.append(
                        f"{name}: policy sentence makes a medical claim "
                        f'({", ".join(claims)}): "{entry.sentence}"'
                    )
    return found


def policy_sentences(trace: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(response, sentence) for every sentence marked as policy."""
    entries, _ = parse_trace(trace)
    return [
        (name, entry.sentence)
        for name, items in entries.items()
        for entry in items
        if entry.policy is not None
    ]


def check(root: Path = ROOT) -> tuple[list[tuple[str, str]], list[str]]:
    """The policy sentences and the problems of the project's real files."""
    trace = load_trace(root / "content" / "traceability.yml")
    sentences = response_sentences(load_responses(response_files(root)))
    found = problems(
        sentences,
        trace,
        load_article(root.parent / "shared" / "knowledge" / "car-t-article.txt"),
        load_claim_terms(root / "nlp" / "entity_patterns.yml"),
    )
    return policy_sentences(trace), found
