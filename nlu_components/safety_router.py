"""Safety routing: self-harm, symptom reports, loss and general symptom questions.

Runs last in the NLU pipeline and decides, with one order of precedence, the
intent of a message that touches safety, whatever the classifier said:

1. self-harm ("I don't see the point of living any more") -> `self_harm`
2. a symptom happening to someone ("my wife has a temperature, what should we
   do") -> `report_symptom`; told with a feeling ("i'm panicking, dad has had a
   fever since his infusion") -> `report_symptom_with_feeling`: the urgent reply,
   then the warm one
3. loss ("my dad died of CRS") -> `report_loss`; told with a feeling the
   beyond-FAQ router heard ("my wife died last year and i'm so scared of doing this
   alone") -> `report_loss_with_feeling`, or `report_loss_at_risk` with despair
4. a general question that names a symptom ("is a high temperature usual after
   the infusion?") or a fear of one ("i'm scared of getting a fever") ->
   `symptom_question`, unless the classifier already chose a side-effects answer
   (a feeling the beyond-FAQ router heard becomes `express_worry`: the feelings
   reply, then the side effects); when the words cannot tell a report from
   a question -> `symptom_unsure`, answered with both the urgent reply and the
   information
5. everything else: the classifier's intent.

A classifier's `report_symptom` with no symptom word found stays a report.
The cue words are in nlp/safety_cues.yml; the symptom words are the `symptom`
entities of the project's spaCy pipeline (nlp/entity_patterns.yml).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.intents import set_intent
from nlu_components.patterns import WARNING_SIGN_KINDS, SafetyCues, load_safety_cues
from nlu_components.phrases import NOT_WORD, fold, has_phrase
from nlu_components.scope_guard import (
    ScopeCues,
    about_car_t,
    load_scope_cues,
    points_to_the_therapy,
)
from nlu_components.typos import one_edit_apart

logger = logging.getLogger(__name__)

SELF_HARM = "self_harm"
REPORT = "report_symptom"
REPORT_WITH_FEELING = "report_symptom_with_feeling"
LOSS = "report_loss"
# A death told with a feeling: condolences, then the warm reply; with despair, the
# crisis reply between them.
LOSS_AND_FEELING = "report_loss_with_feeling"
LOSS_AT_RISK = "report_loss_at_risk"
QUESTION = "symptom_question"
UNSURE = "symptom_unsure"
# Intents with no training examples: only this component predicts them.
ROUTER_ONLY_INTENTS = frozenset(
    {QUESTION, UNSURE, REPORT_WITH_FEELING, LOSS_AND_FEELING, LOSS_AT_RISK}
)
# The intents whose reply opens with the urgent symptom reply.
SYMPTOM_URGENT = frozenset({REPORT, REPORT_WITH_FEELING, UNSURE})
# Set on a message by the beyond-FAQ router, which runs before this one: whether
# the words name a feeling (or ask how to cope) and whether they ask a question.
TOLD = "told"
TOLD_FEELING = "feeling"
TOLD_QUESTION = "question"
# ... whether they ask about a subject the article leaves out, with no despair
TOLD_EVERYDAY_QUESTION = "asks_what_the_article_leaves_out"
OUT_OF_SCOPE = "out_of_scope"
SIDE_EFFECT_INTENTS = frozenset({"ask_side_effects", "ask_side_effect_detail"})
# Set by the beyond-FAQ router before this one: a feeling with no report in it,
# one the classifier read as self-harm (the crisis reply too), and a worry about
# the side effects (the feelings reply, then the side effects).
FEELING = "express_feeling"
WORRY = "express_worry"
AT_RISK = "express_feeling_at_risk"
FEELINGS = frozenset({FEELING, AT_RISK, WORRY})
SYMPTOM_ENTITY = "symptom"
UNKNOWN_SIGN = "?"
UNWELL_SIGN = "unwell"
# Words before an unwell phrase within which a feeling makes it a figure of speech.
FEELING_NOUN_SPAN = 2
CLAUSE_BREAKS = frozenset({",", ".", ";", "?", "!", "…", ":", "but", "so"})
# "and" starts a new clause when a person or a time follows ("... and now my mum").
JOINERS = frozenset({"and", "&", "plus"})
FUZZY_MIN_LENGTH = 5
PHRASE_FUZZY_MIN_LENGTH = 4  # inside a whole phrase, shorter words may have a typo
# Everyday words one letter away from a person or symptom word.
COMMON_LOOKALIKES = frozenset(
    {"bother", "shaping", "shaving", "feather", "sleep", "tried", "tries"}
)


class MissingSpacyDoc(RuntimeError):
    """The pipeline gave this component no spaCy doc: SpacyNLP must come first."""


@dataclass(frozen=True)
class Clause:
    """Part of a message between punctuation: its words as written and lemmas."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    names_symptom: bool
    ends_with_question_mark: bool
    # the canonical symptoms named (UNKNOWN_SIGN for a typo or a temperature reading)
    signs: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _has_cue(clause: Clause, cues: frozenset[str]) -> bool:
    single = {c for c in cues if " " not in c}
    if single & set(clause.words) or single & set(clause.lemmas):
        return True
    return has_phrase(clause.text, (c for c in cues if " " in c))


def is_near(word: str, vocabulary: Iterable[str]) -> bool:
    """`word` is a typo of a vocabulary word ("temprature", "husbnd").

    One edit apart, same first letter, five letters or more, and not an everyday
    word that happens to be one letter away ("bother" / "brother").
    """
    if len(word) < FUZZY_MIN_LENGTH or word in COMMON_LOOKALIKES:
        return False
    return any(
        len(known) >= FUZZY_MIN_LENGTH
        and word[0] == known[0]
        and one_edit_apart(word, known)
        for known in vocabulary
    )


def _figure_of_speech(doc: Any, ent: Any, cues: SafetyCues) -> bool:
    """ "confused about the steps", "confused how it works", "sick of waiting",
    "it's so confusing"."""
    if any(token.lower_ in cues.words("describes_a_thing") for token in ent):
        return True
    if ent.text.lower() in cues.words("numb_words") and not _names_body_or_treatment(
        doc, cues
    ):
        return True  # "mostly just numb since the news": a feeling
    if _in_literal_phrase(doc, ent, cues):
        return True  # "what do they take out of it", "can't shake the feeling"
    if ent.ent_id_ == UNWELL_SIGN and any(
        token.lower_ in cues.words("feeling_nouns")
        for token in doc[max(0, ent.start - FEELING_NOUN_SPAN) : ent.start]
    ):
        return True  # "my anxiety is getting worse"
    after = ent.end
    if (
        ent.ent_id_ == "confusion"
        and after + 1 < len(doc)
        and doc[after].lower_ in JOINERS
        and doc[after + 1].lower_ in cues.words("paired_feelings")
    ):
        after += 2  # "confused and scared by all of this"
    if after >= len(doc):
        return False
    following = doc[after].lower_
    then = doc[after + 1] if after + 1 < len(doc) else None
    next_two = f"{following} {then.lower_}" if then is not None else following
    if following == "about" and then is not None and then.like_num:
        return False  # "a fit about 10 minutes ago"
    if following in cues.words("not_a_symptom_before"):
        return True
    if has_phrase(next_two, cues.words("not_a_symptom_before_phrases")):
        return True  # "i feel awful for being jealous"
    return ent.ent_id_ == "confusion" and (
        following in cues.words("not_confusion_before")
        or has_phrase(next_two, cues.words("not_confusion_before"))
    )


def _in_literal_phrase(doc: Any, ent: Any, cues: SafetyCues) -> bool:
    """The symptom words end a `not_a_symptom_phrases` phrase ("for being sick")."""
    name = ent.text.lower()
    before = f" {fold(doc.text[: ent.start_char])}"
    return any(
        phrase.endswith(f" {name}") and before.endswith(f" {phrase[: -len(name) - 1]}")
        for phrase in cues.words("not_a_symptom_phrases")
    )


ECHO_MAX_WORDS = 2


def _echoes_a_figure(
    doc: Any, ent: Any, figures: set[Any], known: frozenset[str]
) -> bool:
    """A symptom word alone in a short fragment that the message then uses as a
    figure of speech: "tired." in "tired. so tired of being the strong one"."""
    if not any(f.ent_id_ == ent.ent_id_ for f in figures):
        return False
    start, end = ent.start, ent.end
    while start > 0 and not doc[start - 1].is_punct:
        start -= 1
    while end < len(doc) and not doc[end].is_punct:
        end += 1
    fragment = [t for t in doc[start:end] if not t.is_space]
    return len(fragment) <= ECHO_MAX_WORDS and not any(
        t.lower_ in known for t in fragment
    )


def _names_body_or_treatment(doc: Any, cues: SafetyCues) -> bool:
    text = fold(doc.text)
    return has_phrase(text, cues.words("body_parts")) or treatment_done(text, cues)


def tells_unwell(doc: Any, cues: SafetyCues) -> bool:
    """Words saying someone is unwell ("getting worse", "awful"), not counting the
    symptom words the message uses as a figure of speech ("my anxiety is getting
    worse", "i feel awful for snapping at him")."""
    text = doc.text
    figures = [
        ent
        for ent in doc.ents
        if ent.label_ == SYMPTOM_ENTITY and _figure_of_speech(doc, ent, cues)
    ]
    for ent in sorted(figures, key=lambda e: e.start_char, reverse=True):
        text = f"{text[: ent.start_char]} {text[ent.end_char :]}"
    folded = fold(text)
    return has_phrase(folded, cues.words("unwell")) or (
        has_phrase(folded, cues.words("unwell_after_treatment"))
        and treatment_done(folded, cues)
    )


def is_fever_reading(text: str, cues: SafetyCues) -> bool:
    """A number in the fever range of either scale ("39.5", "102")."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return False
    return any(low <= value <= high for low, high in cues.fever_ranges)


def clauses(doc: Any, cues: SafetyCues) -> list[Clause]:
    """Split a spaCy doc at punctuation and "but"/"so"; mark symptom mentions.

    Words the entity patterns miss are matched against the one-word symptom
    and person words with typo tolerance, so "my husbnd has a temprature" counts.
    """
    known_words = cues.words("person") | cues.words("time")
    symptoms = [ent for ent in doc.ents if ent.label_ == SYMPTOM_ENTITY]
    figures = {ent for ent in symptoms if _figure_of_speech(doc, ent, cues)}
    symptom_tokens = {
        i: str(ent.ent_id_)
        for ent in symptoms
        if ent not in figures and not _echoes_a_figure(doc, ent, figures, known_words)
        for i in range(ent.start, ent.end)
    }
    result: list[Clause] = []
    words: list[str] = []
    lemmas: list[str] = []
    signs: set[str] = set()

    def close(question_mark: bool) -> None:
        nonlocal words, lemmas, signs
        if words:
            result.append(
                Clause(
                    tuple(words),
                    tuple(lemmas),
                    bool(signs),
                    question_mark,
                    frozenset(signs),
                )
            )
        words, lemmas, signs = [], [], set()

    for token in doc:
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if token.lower_ in CLAUSE_BREAKS or (
            token.lower_ in JOINERS and following in known_words
        ):
            close(token.text == "?")
            continue
        if token.is_punct or token.is_space:
            continue
        word = token.lower_
        if word not in known_words and is_near(word, cues.words("person")):
            word = next(p for p in cues.words("person") if is_near(word, (p,)))
        words.append(word)
        lemmas.append(token.lemma_.lower())
        if token.i in symptom_tokens:
            signs.add(symptom_tokens[token.i])
        elif (
            not token.ent_type_
            and word not in known_words  # "child" is no typo of "chill"
            and is_near(word, cues.symptom_words)
        ) or is_fever_reading(token.text, cues):
            signs.add(UNKNOWN_SIGN)
    close(False)
    return result


def names_present_time(clause: Clause, cues: SafetyCues) -> bool:
    """A present or recent time, not counting one that times a worry.

    In "i keep worrying that my dad will get confused" the time word tells how
    long the worry lasts, not when a symptom started.
    """
    time, worry = cues.words("time"), cues.words("worry")
    for i, (word, lemma) in enumerate(zip(clause.words, clause.lemmas, strict=True)):
        near = set(clause.words[max(0, i - 2) : i + 3])  # "so anxious today about"
        if (word in time or lemma in time) and not worry & near:
            return True
    return has_phrase(clause.text, (c for c in time if " " in c))


def has_now(clause: Clause, cues: SafetyCues) -> bool:
    """A word saying the speaker has it now ("the fever i've got"), not one that
    tells what they were told ("i've read about", "i have heard")."""
    words = list(clause.words)
    told = cues.words("told_verbs")
    for phrase in cues.words("has_now"):
        wanted = phrase.split()
        for i in range(len(words) - len(wanted) + 1):
            window = words[i : i + len(wanted)]
            lemma = clause.lemmas[i] if len(wanted) == 1 else None
            if window != wanted and lemma != phrase:
                continue
            following = words[i + len(wanted) : i + len(wanted) + 1]
            if not (following and following[0] in told):
                return True
    return False


def names_someone_else(clause: Clause, cues: SafetyCues) -> bool:
    """A person other than the speaker ("my dad", "her", "my" in "my fever")."""
    others = cues.words("person") - cues.words("speaker")
    return bool(others & (set(clause.words) | set(clause.lemmas)))


def fears_something(clause: Clause, cues: SafetyCues) -> bool:
    """ "scared of", "the thought of", "frightens me", or a word of worry with
    "about"/"of"/"over" soon after it ("a nervous wreck about")."""
    if _has_cue(clause, cues.words("worry_about")):
        return True
    worry, objects = cues.words("worry"), cues.words("worry_object")
    for i, word in enumerate(clause.words):
        if word not in worry:
            continue
        following = clause.words[i + 1 : i + 4]
        before_object = next(
            (following[:j] for j, w in enumerate(following) if w in objects), None
        )
        # "worried because of the fever" tells a cause, not a fear
        if before_object is not None and not cues.words("cause") & set(before_object):
            return True
    return False


def is_fear_of_a_possibility(clause: Clause, cues: SafetyCues) -> bool:
    """ "i'm scared of getting a fever", "my dad is terrified of getting crs".

    Only when the clause names no one but the speaker or says the symptom is yet
    to come ("getting"), and names nothing the speaker has now ("scared of this
    fever i've got" is a report).
    """
    return (
        fears_something(clause, cues)
        and (
            not names_someone_else(clause, cues)
            or _has_cue(clause, cues.words("to_come"))
        )
        and not has_now(clause, cues)
    )


NEGATIONS = frozenset({"nt", "n't", "not"})


def is_hypothetical(clause: Clause, cues: SafetyCues) -> bool:
    """ "could it cause a fever", "if she gets confused": a clause about what may
    be, not a negated past ("couldn't remember where i was" tells what happened)."""
    hypothetical = cues.words("hypothetical")
    if has_phrase(clause.text, (c for c in hypothetical if " " in c)):
        return True
    return any(
        (word in hypothetical or lemma in hypothetical)
        and not set(clause.words[i + 1 : i + 2]) & NEGATIONS
        for i, (word, lemma) in enumerate(zip(clause.words, clause.lemmas, strict=True))
    )


def judge_clause(clause: Clause, cues: SafetyCues) -> str | None:
    """REPORT, QUESTION or UNSURE for a clause naming a symptom; None otherwise."""
    if not clause.names_symptom:
        return None
    person = _has_cue(clause, cues.words("person"))
    present = names_present_time(clause, cues)
    if person and present:
        return REPORT
    if not present and is_fear_of_a_possibility(clause, cues):
        return QUESTION
    first = clause.words[0]
    question = clause.ends_with_question_mark or first in cues.words("question_start")
    hypothetical = is_hypothetical(clause, cues)
    if question:
        if person and has_now(clause, cues):
            return UNSURE  # "what if this fever i have is crs?"
        if not person or first in cues.words("hypothetical_start"):
            return QUESTION
        return UNSURE
    if hypothetical:
        return QUESTION
    if person or present:
        return REPORT
    return UNSURE


def has_phrase_with_typos(text: str, phrases: Iterable[str]) -> bool:
    """A phrase present with at most one typo in each of its longer words (quote
    marks around words do not count: "he said 'if you find me...'")."""
    words = [w.strip("'") for w in NOT_WORD.sub(" ", text).split()]
    words = [w for w in words if w]
    for phrase in phrases:
        wanted = phrase.split()
        for start in range(len(words) - len(wanted) + 1):
            window = words[start : start + len(wanted)]
            if all(
                w == p or (len(p) >= PHRASE_FUZZY_MIN_LENGTH and one_edit_apart(w, p))
                for w, p in zip(window, wanted, strict=True)
            ):
                return True
    return False


LOSS_WORD = re.compile(r"[a-z0-9']+|[.!?;]")
# Words after "lost my" within which a relative counts ("lost my best friend").
LOST_RELATIVE_SPAN = 3
# Words before a bare "passed" within which a relative counts ("my dad sadly passed").
PASSED_PERSON_SPAN = 3


def _passed_then(after: list[str], cues: SafetyCues) -> bool:
    if not after or not after[0][0].isalnum():
        return True  # "my mum passed." or the message ends
    return any(
        after[: len(phrase.split())] == phrase.split()
        for phrase in cues.words("passed_then")
    )


def word_spans(words: list[str], phrases: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every place a phrase stands in `words`."""
    for phrase in phrases:
        wanted = LOSS_WORD.findall(phrase)
        for i in range(len(words) - len(wanted) + 1):
            if words[i : i + len(wanted)] == wanted:
                yield i, i + len(wanted)


def tells_a_loss(text: str, cues: SafetyCues) -> bool:
    """The words tell that someone died (the `loss` phrases, "lost my best
    friend", "my sister passed after..."; see nlp/safety_cues.yml)."""
    folded = fold(text)
    words = LOSS_WORD.findall(folded)
    if any(
        not (words[end:] and words[end] in cues.words("lost_things"))
        for _, end in word_spans(words, cues.words("loss"))
    ):
        return True  # ... but not "we lost months"
    relatives = cues.words("relative")
    for i, word in enumerate(words):
        if (
            word == "lost"
            and words[i + 1 : i + 2]
            and words[i + 1] in cues.words("loss_whose")
        ):
            if relatives & set(words[i + 2 : i + 2 + LOST_RELATIVE_SPAN]):
                return True
        if word == "passed":
            before = set(words[max(0, i - PASSED_PERSON_SPAN) : i])
            if before & (relatives | cues.words("deceased")) and _passed_then(
                words[i + 1 :], cues
            ):
                return True
    return False


# Words between a treatment word and a word of the past within which the two tell
# one thing ("since his infusion", "they gave me my cells", "chemo didn't work").
TREATMENT_PAST_SPAN = 3
SENTENCE_MARKS = frozenset(".!?;")


def treatment_done(text: str, cues: SafetyCues) -> bool:
    """The words say a treatment has happened ("since his infusion", "they gave me
    my cells", "chemo didn't work"): a treatment word with a word of the past near
    it, not one that only times the news ("since we heard about car t")."""
    words = LOSS_WORD.findall(fold(text))
    before = [end for _, end in word_spans(words, cues.words("treatment_past"))]
    after = [
        start for start, _ in word_spans(words, cues.words("treatment_past_after"))
    ]

    def joined(start: int, end: int) -> bool:
        between = words[start:end]
        return len(between) <= TREATMENT_PAST_SPAN and not SENTENCE_MARKS & set(between)

    return any(
        any(p <= t_start and joined(p, t_start) for p in before)
        or any(p >= t_end and joined(t_end, p) for p in after)
        for t_start, t_end in word_spans(words, cues.words("treatment"))
    )


POSSESSIVE = "'s"


def names_another_owner(clause: Clause, cues: SafetyCues) -> bool:
    """Another person in the clause, who may have the sign: "he", "my dad", "my
    husband's hands"; not one who only owns a thing ("from the stress of my
    husband's referral")."""
    words = clause.words
    for i, word in enumerate(words):
        if word in cues.words("third_person"):
            return True
        if word not in cues.words("relative"):
            continue
        owned = words[i + 2 : i + 3] if words[i + 1 : i + 2] == (POSSESSIVE,) else None
        if not owned or has_phrase(owned[0], cues.words("body_parts")):
            return True
    return False


def is_sign_of_a_feeling(clause: Clause, text: str, cues: SafetyCues) -> bool:
    """A body sign the speaker has from a feeling, before any treatment: "threw up
    from pure nerves before the consult", "shaking like a leaf just reading about
    it", "so stressed, bone tired from all the pre-treatment appointments". Only the
    milder signs (`feeling_signs`), only the speaker's own (no other person in the
    clause but one who only owns a thing), only with the feeling as its cause or a feeling named in words saying
    the treatment is still to come, and never once the words say a treatment has
    happened; anything else stays a report.
    """
    folded = fold(text)
    return (
        bool(clause.signs)
        and clause.signs <= cues.words("feeling_signs")
        and not names_another_owner(clause, cues)
        and (
            has_phrase(folded, cues.words("feeling_context"))
            or (
                has_phrase(folded, cues.words("before_treatment"))
                and has_phrase(folded, cues.words("feeling_named"))
            )
        )
        and not treatment_done(folded, cues)
    )


def about_the_deceased(clause: Clause, cues: SafetyCues) -> bool:
    """A past-tense clause about a third person, not the speaker, not now."""
    return (
        _has_cue(clause, cues.words("deceased"))
        and _has_cue(clause, cues.words("past"))
        and not _has_cue(clause, cues.words("speaker"))
        and not _has_cue(clause, cues.words("now"))
    )


def asks_for_an_overdose(text: str, cues: SafetyCues) -> bool:
    """A sentence naming a medicine and the amount that would do harm ("how much
    paracetamol would it take", "how many of my tablets is too many"); a question
    about a dose alone ("how much paracetamol can i take for a fever") is none."""
    for sentence in re.split(r"[.!?;]+", fold(text)):
        if has_phrase(sentence, cues.words("medicines")) and has_phrase(
            sentence, cues.words("harmful_amount")
        ):
            return True
    return False


# Kinds of warning sign that, together in one message, tell a risk of suicide.
WARNING_SIGNS_MIN = 2


def warning_signs(text: str, cues: SafetyCues) -> int:
    """How many kinds of warning sign of suicide the words show (giving things
    away, a farewell, a means, being a burden...)."""
    folded = f" {fold(text)} "
    for idiom in cues.words("warning_idioms"):
        folded = folded.replace(f" {idiom} ", " ")
    return sum(
        has_phrase(folded, cues.words(f"warning_{kind}")) for kind in WARNING_SIGN_KINDS
    )


def tells_self_harm(text: str, cues: SafetyCues) -> bool:
    """Words of self-harm or suicide, asking for an overdose, or warning signs of
    more than one kind."""
    return (
        has_phrase_with_typos(fold(text), cues.words(SELF_HARM))
        or asks_for_an_overdose(text, cues)
        or warning_signs(text, cues) >= WARNING_SIGNS_MIN
    )


def route(doc: Any, text: str, cues: SafetyCues) -> str | None:
    """The safety intent of a message, by the order of precedence; None if none."""
    if tells_self_harm(text, cues):
        return SELF_HARM
    parts = clauses(doc, cues)
    bereaved = tells_a_loss(text, cues)
    judged = []
    worried = False  # an earlier clause fears what might come
    for clause in parts:
        if bereaved and (
            tells_a_loss(clause.text, cues) or about_the_deceased(clause, cues)
        ):
            continue
        verdict = judge_clause(clause, cues)
        if verdict in (REPORT, UNSURE) and is_sign_of_a_feeling(clause, text, cues):
            verdict = QUESTION  # the warm reply, then when to call the care team
        if verdict == UNSURE and worried:
            # "i'm scared of the side effects, especially fever": a bare symptom
            # (no one, no time) listing what the worry is about
            verdict = QUESTION
        judged.append(verdict)
        worried = worried or is_fear_of_a_possibility(clause, cues)
    if REPORT in judged:
        return REPORT
    if bereaved:
        return LOSS
    if UNSURE in judged:
        return UNSURE
    if QUESTION in judged:
        return QUESTION
    return None


SELF_HARM_MIN_CONFIDENCE = 0.6
NEXT_BEST = "next best"
NEXT_BEST_MIN_CONFIDENCE = 0.15


def next_best(ranking: list[dict[str, Any]]) -> dict[str, Any]:
    """The best other intent, or the fallback when none is likely enough."""
    for ranked in ranking:
        if ranked.get(INTENT_NAME_KEY) == DEFAULT_NLU_FALLBACK_INTENT_NAME:
            continue
        if (
            float(ranked.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            >= NEXT_BEST_MIN_CONFIDENCE
        ):
            return ranked
        break
    return {
        INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
        PREDICTED_CONFIDENCE_KEY: 0.0,
    }


def distrusts_guess(
    predicted: str | None,
    confidence: float,
    unwell: bool,
    asks_what_is_left_out: bool = False,
) -> bool:
    """The classifier's safety guess that this router does not trust on its own: a
    `report_symptom` with no sign of being unwell; a `self_harm` that is unsure, or
    that reads a question about a subject the article leaves out, told with no
    despair ("can i drive after car t?"): no cue phrase backs it (this router's own
    self-harm phrases still give the crisis reply)."""
    return (predicted == REPORT and not unwell) or (
        predicted == SELF_HARM
        and (confidence < SELF_HARM_MIN_CONFIDENCE or asks_what_is_left_out)
    )


def decide(
    safety: str | None,
    predicted: str | None,
    confidence: float = 1.0,
    unwell: bool = False,
    about_car_t: bool = True,
    feeling: bool = False,
    question: bool = False,
    asks_what_is_left_out: bool = False,
) -> str | None:
    """The intent to serve instead of `predicted`, or None to keep it.

    NEXT_BEST means: the classifier's guess is not trusted, serve its next one.
    That is so for `report_symptom` when the words name no symptom and no sign of
    being unwell (long questions that mention a family member), and for an unsure
    `self_harm` guess that no cue phrase backs. A report whose words name a
    `feeling` gets the urgent reply first, then the warm one (a report the
    beyond-FAQ router only read as someone sharing news keeps the urgent reply
    alone); so do words that cannot tell a report from a question when they ask
    no `question`.
    """
    override = _override(
        safety, predicted, confidence, unwell, about_car_t, asks_what_is_left_out
    )
    served = override or predicted
    if feeling and (served == REPORT or (served == UNSURE and not question)):
        return REPORT_WITH_FEELING
    return override


def _override(
    safety: str | None,
    predicted: str | None,
    confidence: float,
    unwell: bool,
    about_car_t: bool,
    asks_what_is_left_out: bool,
) -> str | None:
    if safety is None:
        distrusted = distrusts_guess(
            predicted, confidence, unwell, asks_what_is_left_out
        )
        return NEXT_BEST if distrusted else None
    if safety == predicted:
        return None
    if safety == LOSS and predicted in FEELINGS:
        return LOSS_AT_RISK if predicted == AT_RISK else LOSS_AND_FEELING
    if safety == QUESTION and predicted in SIDE_EFFECT_INTENTS:
        return None
    if safety == QUESTION and predicted == FEELING:
        return WORRY  # "the thought of a fever frightens me": the feeling, then facts
    if safety == QUESTION and predicted in FEELINGS:
        return None
    if safety == QUESTION and predicted == OUT_OF_SCOPE and not about_car_t:
        return None  # "is ibuprofen ok for a hangover headache": not about CAR T
    return safety


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyRouter(GraphComponent):
    """Overrides the intent of messages that touch safety (see module docstring)."""

    def __init__(self, cues: SafetyCues, scope: ScopeCues | None = None) -> None:
        self._cues = cues
        self._scope = scope or load_scope_cues()

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP, SpacyTokenizer, SpacyEntityExtractor]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyRouter:
        return cls(load_safety_cues(), load_scope_cues())

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._route(message)
        return messages

    def _route(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text.strip():
            return
        doc = message.get(SPACY_DOCS[TEXT])
        if doc is None:
            raise MissingSpacyDoc(
                "SafetyRouter got a message without a spaCy doc; put SpacyNLP "
                "and SpacyTokenizer before it in config.yml"
            )
        intent = message.get(INTENT) or {}
        predicted = intent.get(INTENT_NAME_KEY)
        confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
        unwell = tells_unwell(doc, self._cues)
        told = message.get(TOLD) or {}
        car_t = about_car_t(
            [token.lower_ for token in doc], self._scope
        ) or points_to_the_therapy(text, self._scope)
        override = decide(
            route(doc, text, self._cues),
            predicted,
            confidence,
            unwell,
            car_t,
            bool(told.get(TOLD_FEELING)),
            bool(told.get(TOLD_QUESTION)),
            bool(told.get(TOLD_EVERYDAY_QUESTION)),
        )
        if override is None:
            return
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) not in (override, predicted)
        ]
        chosen = {INTENT_NAME_KEY: override, PREDICTED_CONFIDENCE_KEY: 1.0}
        if override == NEXT_BEST:
            # the next guess is trusted no more than the first: no report with no
            # symptom word and no sign of being unwell
            candidates = [
                r for r in ranking if unwell or r.get(INTENT_NAME_KEY) != REPORT
            ]
            chosen = next_best(candidates)
            ranking = [r for r in ranking if r is not chosen]
        logger.info(
            "Safety routing overrides intent '%s' with '%s'.",
            predicted,
            chosen[INTENT_NAME_KEY],
        )
        set_intent(message, chosen, ranking)

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
