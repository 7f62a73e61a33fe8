"""Where one message holds two questions: "what does it cost and where is it offered?".

A plain function over the text, so it can be tested alone; the NLU components that
classify the two parts are in nlu_components/two_questions.py. The message is cut
at the first place where a second question starts:

- after "?", "." , "!" or ";", when the rest opens a question or ends with "?";
- at a joiner ("and", "also", "plus", "as well as"...), when the words after it open a question
  ("what does it cost and is it a cure" -> two), not when they carry on the same
  one ("is it expensive and hard to get" -> one topic, kept whole).

The first part must be a question too: its last sentence opens with a question
word, contains a wh-word ("i'd like to know what it costs and ..."), or ends with
"?"; a statement before it is kept with it as its context. A message
that opens with a statement ("my dad has lymphoma and can he get it") is not cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nlu_components.beyond_faq_router import fold, load_beyond_cues
from nlu_components.cue_lists import cue_lists
from nlu_components.typos import one_edit_apart

CUES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "question_split_cues.yml"
# Words and the punctuation that can end a question or join two; an abbreviation
# with dots ("C.A.R.") is one word.
# A dash between spaces or a colon ends a sentence too ("two things - is it easy to
# get, and how long...", "quick q's: does it last, and...").
TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|[\w'\u2019]+(?:-[\w'\u2019]+)*|(?<=\s)[-\u2013\u2014](?=\s)|[?.!;&,:\n\u2013\u2014]"
)
SENTENCE_END = frozenset("?.!;\n")
# Where the context before a question ends, though no question is cut there ("where
# do they come from - is it my own blood?" is one question).
CONTEXT_END = SENTENCE_END | frozenset(":-\u2013\u2014")
COMMA = ","
MARKS = CONTEXT_END | {COMMA}
# A cut at a comma needs this many words on each side ("tell me, what is it" is one).
COMMA_PART_MIN_WORDS = 3
TYPO_MIN_LENGTH = 4


@dataclass(frozen=True)
class SplitCues:
    joiners: frozenset[str]
    adding: frozenset[str]
    openers: frozenset[str]
    question_words: frozenset[str]
    topic_determiners: frozenset[str]
    fillers: frozenset[str]
    prepositions: frozenset[str]
    request_words: frozenset[str]


@lru_cache(maxsize=1)
def load_split_cues(path: Path = CUES_FILE) -> SplitCues:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = (
        "joiners",
        "adding",
        "openers",
        "question_words",
        "topic_determiners",
        "fillers",
        "prepositions",
        "request_words",
    )
    lists = cue_lists(data, keys, path, lambda word: fold(word) or word)
    starts = load_beyond_cues().question_start
    return SplitCues(
        joiners=lists["joiners"],
        adding=lists["adding"],
        openers=lists["openers"] | starts,
        question_words=lists["question_words"],
        topic_determiners=lists["topic_determiners"],
        fillers=lists["fillers"],
        prepositions=lists["prepositions"],
        request_words=lists["request_words"],
    )


def _word(token: str) -> str:
    return token.lower().replace("\u2019", "'")


def opens_question(word: str, cues: SplitCues) -> bool:
    """An opener or question word, or a one-letter slip of a long opener ("whre",
    "waht", "coud")."""
    if word in cues.openers or word in cues.question_words:
        return True
    return len(word) >= TYPO_MIN_LENGTH - 1 and any(
        len(opener) >= TYPO_MIN_LENGTH
        and opener[0] == word[0]
        and one_edit_apart(word, opener)
        for opener in cues.openers
    )


def _is_first_question(words: list[str], ends_with_mark: bool, cues: SplitCues) -> bool:
    if not words:
        return False
    if ends_with_mark or opens_question(words[0], cues):
        return True
    # a wh-word or a request anywhere ("just want an overview of the process, and...")
    return any(word in cues.question_words | cues.request_words for word in words)


def _rest(
    tokens: list[str], start: int, joiners: frozenset[str]
) -> tuple[int, list[str], set[str]]:
    """After a cut at `start`: the index of the second question's first token, its
    words, and the joiners that led it ("and also ...")."""
    first = start
    leading = set()
    while first < len(tokens) and (
        tokens[first] in MARKS or _word(tokens[first]) in joiners
    ):
        if tokens[first] not in MARKS:
            leading.add(_word(tokens[first]))
        first += 1
    words = [_word(t) for t in tokens[first:] if t not in MARKS]
    return first, words, leading


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str, joiners: frozenset[str]) -> list[Token]:
    """Words and marks; a joiner of several words ("as well as") is one token."""
    tokens = [Token(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    phrases = sorted((j.split() for j in joiners if " " in j), key=len, reverse=True)
    merged: list[Token] = []
    i = 0
    while i < len(tokens):
        for words in phrases:
            window = tokens[i : i + len(words)]
            if [_word(t.text) for t in window] == words:
                merged.append(Token(" ".join(words), window[0].start, window[-1].end))
                i += len(words)
                break
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def last_sentence(words: list[str]) -> list[str]:
    """The words after the last sentence end: a statement before the question
    ("my dad has lymphoma. does it work, and how long...") is its context."""
    ends = [i for i, word in enumerate(words) if word in CONTEXT_END]
    return words[ends[-1] + 1 :] if ends else words


def without_context(question: str) -> str:
    """The last sentence of a first part: its question without the statement before
    it ("my mum has myeloma. is it a cure" -> "is it a cure")."""
    tokens = tokenize(question, frozenset())
    ends = [t.end for t in tokens[:-1] if t.text in CONTEXT_END]
    return question[ends[-1] :].strip(" ,-:\n\u2013\u2014") if ends else question


# "1) ... 2) ...", "1. ... 2. ...": a numbered list of questions.
LIST_NUMBER = re.compile(r"(?:(?<=\s)|^)\d[).](?=\s)")


def split_in_two(text: str, cues: SplitCues | None = None) -> tuple[str, str] | None:
    """The two questions of `text`, in the order asked, or None if it holds one."""
    cues = cues or load_split_cues()
    # a list number ends the question before it (same length, so offsets hold)
    text = LIST_NUMBER.sub(lambda m: "\n" + " " * (len(m.group()) - 1), text)
    matches = tokenize(text, cues.joiners)
    tokens = [m.text for m in matches]
    for i, token in enumerate(tokens[:-1]):
        word = _word(token)
        after_mark = token in SENTENCE_END
        comma = token == COMMA
        if not (after_mark or comma) and (word not in cues.joiners or i == 0):
            continue
        upto = i + 1 if after_mark else i
        before = [_word(t) for t in tokens[:upto] if t not in MARKS]
        asked = [
            w for w in last_sentence([_word(t) for t in tokens[:i]]) if w not in MARKS
        ]
        second_at, rest, leading = _rest(tokens, i + 1, cues.joiners | cues.fillers)
        if not rest:
            continue
        ends_with_mark = token == "?"
        adds = bool(({word} | leading) & cues.adding) and len(rest) >= 2
        # "... the cost and the side effects": a second topic of its own
        new_topic = (
            word in cues.joiners
            and rest[0] in cues.topic_determiners
            and len(rest) >= 2
        )
        # "... and for what kind of cancer is it used?"
        asks_after_preposition = (
            rest[0] in cues.prepositions
            and len(rest) > 1
            and opens_question(rest[1], cues)
        )
        rest_asks = (
            opens_question(rest[0], cues)
            or asks_after_preposition
            or (after_mark and tokens[-1] == "?")
            or adds
            or new_topic
        )
        # two topics under one question mark: "the side effects and the price?"
        first_asks = _is_first_question(asked, ends_with_mark, cues) or (
            new_topic and tokens[-1] == "?"
        )
        if not rest_asks or not first_asks:
            continue
        if not after_mark and len(rest) < 2:
            continue
        if comma and min(len(before), len(rest)) < COMMA_PART_MIN_WORDS:
            continue
        cut = matches[i].end if after_mark else matches[i].start
        first = text[:cut].strip(" ,\n")
        second = text[matches[second_at].start :].strip(" ,\n")
        if first and second:
            return first, second
    return None
