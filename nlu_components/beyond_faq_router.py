"""Beyond the FAQ: feelings and CAR T questions the article does not answer.

Placed after the classifiers and scope guard, before the safety router (which
still decides self-harm, symptom reports and loss, in its own order). Rule-based
on the cue words of nlp/beyond_faq_cues.yml, so the classifier gets no new
intents and its FAQ answers are not diluted:

1. a feeling in words of despair ("i feel hopeless, i'm giving up", "i'm such a
   burden"): `express_feeling_at_risk`, the caring crisis reply, then the warm one
   (hopelessness and feeling a burden are signs of risk, but they are feelings too);
2. a message naming a subject the article does not cover (alcohol, hair, driving,
   fertility, insurance, recovery...) that is about the treatment:
   `ask_not_in_article`, unless it only tells a feeling;
3. a feeling with no question ("i'm terrified of the treatment"):
   `express_feeling`, a warm reply and the care team, even when the classifier
   is sure of a topic; about the side effects ("the side effects frighten me",
   "i'm scared of crs"): `express_worry`, the warm reply, then the side effects.
   The safety router makes a feeling that fears a symptom that might come a
   worry too, and escalates a symptom happening now;
4. a feeling beside a question ("i'm so scared, how long does it take?"): marked
   `feeling_told`, so the warm reply comes before the answer
   (nlu_components/two_questions.py); beside a question put out of scope, the
   warm reply alone;
5. a statement that shares how things are for the speaker or family, with no
   question and nothing the classifier can answer ("my husband just stares at the
   telly since they brought up car t"): `express_feeling`, unless the clarifying
   question would give the urgent reply first or the words tell of a death.

The classifier's unsure `self_harm` guess with no cue phrase (which the safety
router does not trust either) does not stop a feeling from being heard; its sure
guess on a message that tells a feeling, or shares how things are, gets
`express_feeling_at_risk`: the crisis reply, then the feelings reply (escalated,
never dropped).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_TYPE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.cue_lists import cue_lists
from nlu_components.intents import set_intent
from nlu_components.language_router import english_words
from nlu_components.patterns import SafetyCues, load_safety_cues
from nlu_components.ranking import report_is_likely
from nlu_components.safety_router import (
    LOSS,
    QUESTION,
    REPORT,
    SELF_HARM,
    TOLD,
    TOLD_EVERYDAY_QUESTION,
    TOLD_FEELING,
    TOLD_QUESTION,
    UNSURE,
    distrusts_guess,
    tells_a_loss,
    tells_unwell,
)
from nlu_components.scope_guard import (
    SURELY_OUT_OF_SCOPE,
    ScopeCues,
    load_scope_cues,
)
from nlu_components.typos import one_edit_apart

logger = logging.getLogger(__name__)

CUES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "beyond_faq_cues.yml"
FEELING = "express_feeling"
NOT_IN_ARTICLE = "ask_not_in_article"
# A feeling the classifier reads as self-harm: the crisis reply, then the feeling's.
FEELING_AT_RISK = "express_feeling_at_risk"
# A feeling about the side effects ("i'm terrified of crs"): the feelings reply,
# then what the article says about them (the safety router sets it too, for a
# fear of a symptom that might come).
WORRY = "express_worry"
SIDE_EFFECT_ENTITY = "side_effect"
# The classifier's `report_loss` below this, with no words of a death, is a guess.
LOSS_MIN_CONFIDENCE = 0.6
OUT_OF_SCOPE = "out_of_scope"
# A feeling told beside a question the classifier puts out of scope gets the
# feelings reply, not the refusal (an unread one keeps the clarifying question: its
# topic buttons may hold what was asked).
UNANSWERED = frozenset({OUT_OF_SCOPE})
# What the classifier makes of a statement it cannot place: one that shares how
# things are for the speaker gets the warm reply.
# (a `report_symptom` guess that gets this far is one the safety router does not
# trust: no symptom word, no sign of being unwell)
FALLBACK = "nlu_fallback"
UNREAD_STATEMENT = frozenset({FALLBACK, OUT_OF_SCOPE, "bot_challenge", REPORT})
# A statement this long or longer, naming the speaker or family, shares something.
SHARE_MIN_WORDS = 6
# Set on a message that tells a feeling beside a question the classifier answers.
FEELING_TOLD = "feeling_told"
# Intents with no training examples: only this component predicts them.
ROUTER_ONLY_INTENTS = frozenset({FEELING, NOT_IN_ARTICLE, FEELING_AT_RISK, WORRY})
# The safety router decides these; this component leaves them alone.
SAFETY_INTENTS = frozenset({SELF_HARM, REPORT, LOSS, QUESTION, UNSURE})
NOT_WORD = re.compile(r"[^a-z0-9'?-]+")
# A word this long or longer, one slip from a cue word and no English word, is read
# as the cue word ("scard", "terified", "lonley").
TYPO_MIN_LENGTH = 5
KnownWord = Callable[[str], bool]
WORD = re.compile(r"[a-z]+")
CLAUSE_BREAK = re.compile(r"([,.;:!?]+|\band\b|\bbut\b|\bso\b)")
SENTENCE_END = re.compile(r"[.;!?]")
CUE_KEYS = (
    "not_in_article",
    "everyday_question",
    "treatment_context",
    "everyday_not",
    "feeling",
    "despair",
    "despair_object",
    "determiner",
    "denial",
    "question_start",
    "request",
    "reporter",
    "worry_question",
    "coping",
    "how_words",
    "coping_request",
    "side_effect_words",
)


@dataclass(frozen=True)
class BeyondCues:
    not_in_article: frozenset[str]
    everyday_question: frozenset[str]
    treatment_context: frozenset[str]
    everyday_not: frozenset[str]
    feeling: frozenset[str]
    despair: frozenset[str]
    despair_object: frozenset[str]
    determiner: frozenset[str]
    denial: frozenset[str]
    question_start: frozenset[str]
    request: frozenset[str]
    reporter: frozenset[str]
    worry_question: frozenset[str]
    coping: frozenset[str]
    how_words: frozenset[str]
    coping_request: frozenset[str]
    side_effect_words: frozenset[str]


def fold(text: str) -> str:
    """Lowercase, curly apostrophes folded, punctuation except ? - ' as spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=1)
def load_beyond_cues(path: Path = CUES_FILE) -> BeyondCues:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return BeyondCues(**cue_lists(data, CUE_KEYS, path, fold))


@lru_cache(maxsize=4)
def cue_vocabulary(cues: BeyondCues) -> tuple[str, ...]:
    """The longer words of the feeling, despair and not-in-the-article cues."""
    phrases = cues.feeling | cues.despair | cues.not_in_article
    return tuple(
        sorted(
            {
                word
                for phrase in phrases
                for word in phrase.split()
                if len(word) >= TYPO_MIN_LENGTH and word.isalpha()
            }
        )
    )


def correct_typos(text: str, vocabulary: Iterable[str], known: KnownWord) -> str:
    """The lowercased text, each slip of a cue word replaced by the cue word.

    Punctuation is kept: it still splits the clauses.
    """
    vocabulary = tuple(vocabulary)

    def correct(found: re.Match[str]) -> str:
        word = found.group(0)
        if len(word) < TYPO_MIN_LENGTH or word in vocabulary or known(word):
            return word
        return next(
            (c for c in vocabulary if c[0] == word[0] and one_edit_apart(word, c)),
            word,
        )

    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return WORD.sub(correct, lowered)


def has_phrase(text: str, phrases: Iterable[str]) -> bool:
    padded = f" {fold(text).replace('?', ' ')} "
    return any(f" {phrase} " in padded for phrase in phrases)


def phrase_spans(words: list[str], phrases: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every place a phrase stands in `words`."""
    for phrase in phrases:
        wanted = phrase.split()
        for i in range(len(words) - len(wanted) + 1):
            if words[i : i + len(wanted)] == wanted:
                yield i, i + len(wanted)


def asks_about_everyday_life(text: str, cues: BeyondCues) -> bool:
    """ "is it safe to ...", "how soon can i ...", "will i be able to ...": a
    question about everyday life around the treatment, which the article never
    answers, unless it asks about having the treatment ("will i be able to get
    it")."""
    words = fold(text).replace("?", " ").split()
    return any(
        end < len(words)
        and words[end] not in cues.everyday_not
        and not asks_about_a_feeling(words[end:], cues)
        for _, end in phrase_spans(words, cues.everyday_question)
    )


FEELING_VERBS = frozenset({"feel", "cry"})


def asks_about_a_feeling(following: list[str], cues: BeyondCues) -> bool:
    """ "(is it ok to) feel relieved", "... cry", "... be angry": the question is
    about the feeling, not about everyday life."""
    return bool(following) and (
        following[0] in FEELING_VERBS
        or (following[0] == "be" and " ".join(following[1:2]) in cues.feeling)
    )


def makes_a_request(clause: str, cues: BeyondCues) -> bool:
    """A request phrase the speaker makes, not one reported ("now they tell me
    more waiting")."""
    words = clause.split()
    return any(
        not (start > 0 and words[start - 1] in cues.reporter)
        for start, _ in phrase_spans(words, cues.request)
    )


def gives_up_a_thing(after: list[str], cues: BeyondCues) -> bool:
    """The words after a despair phrase name a thing ("give up her job")."""
    if after and after[0] in cues.determiner:
        after = after[1:]
    return bool(after) and after[0] in cues.despair_object


def tells_despair(text: str, cues: BeyondCues) -> bool:
    """A despair phrase that is not denied ("i'm not giving up" is no despair) and
    gives up no thing ("she had to give up her job")."""
    words = fold(text).replace("?", " ").split()
    for start, end in phrase_spans(words, cues.despair):
        denied = any(
            words[max(0, start - len(d.split())) : start] == d.split()
            for d in cues.denial
        )
        if not denied and not gives_up_a_thing(words[end:], cues):
            return True
    return False


def asks_how_to_cope(clause: str, cues: BeyondCues) -> bool:
    """ "how do other parents cope", "how does anyone get through this", "any tips
    for calming down": a question about living with the feeling, which the
    feelings reply answers."""
    words = clause.split()
    asks = bool(words) and (
        words[0] in cues.how_words or any(phrase_spans(words, cues.coping_request))
    )
    return asks and any(phrase_spans(words, cues.coping))


def asks_question(text: str, cues: BeyondCues) -> bool:
    """A clause ending in "?", opening like a question, or with a request in it.

    A clause opening with "what if" tells a worry ("what if i get crs? i'm
    terrified"), and one asking how people cope asks about the feeling: neither is
    a question for the article.
    """
    pieces = CLAUSE_BREAK.split(text.lower().replace("\u2019", "'"))
    worrying = False  # the sentence so far opened with a worry: it goes on to its end
    ends = [*pieces[1::2], ""]
    for clause, end, start in zip(pieces[::2], ends, ["", *ends[:-1]], strict=True):
        folded = fold(clause).replace("?", " ").strip()
        if folded and not worrying:
            worrying = any(
                f"{folded} ".startswith(f"{worry} ") for worry in cues.worry_question
            ) or asks_how_to_cope(folded, cues)
        if worrying and SENTENCE_END.search(end):
            worrying = False
            continue
        if not folded or worrying:
            continue
        if (
            "?" in end
            or opens_a_question(folded.split()[0], start, cues)
            or makes_a_request(folded, cues)
        ):
            return True
    return False


def opens_a_question(first: str, joined_by: str, cues: BeyondCues) -> bool:
    """A clause's first word opens a question; after "and", "but" or "so" only a
    question word does ("my son is 9 and has all" goes on telling)."""
    if first not in cues.question_start:
        return False
    return not joined_by.strip().isalpha() or first.startswith(("wh", "how"))


def about_treatment(text: str, scope: ScopeCues, cues: BeyondCues) -> bool:
    """The scope guard's CAR T words, or `treatment_context` ("can i drink alcohol
    after?", "how often are the check ups")."""
    words = set(fold(text).replace("?", " ").split())
    return (
        bool(words & scope.about_car_t)
        or "car t" in fold(text)
        or has_phrase(text, cues.treatment_context)
    )


def trusted_safety_guess(
    predicted: str | None,
    confidence: float,
    unwell: bool,
    bereaved: bool = True,
    asks_what_is_left_out: bool = False,
) -> bool:
    """The classifier's safety intent, as far as the safety router trusts it; an
    unsure `report_loss` when the words tell no death ("it's so lonely being a
    carer, my friends stopped calling") is not trusted either."""
    if predicted == LOSS and not bereaved and confidence < LOSS_MIN_CONFIDENCE:
        return False
    return predicted in SAFETY_INTENTS and not distrusts_guess(
        predicted, confidence, unwell, asks_what_is_left_out
    )


def leaves_out(text: str, cues: BeyondCues) -> bool:
    """A subject the article does not cover, or a question about everyday life."""
    return has_phrase(text, cues.not_in_article) or asks_about_everyday_life(text, cues)


def asks_what_the_article_leaves_out(
    text: str, question: bool, cues: BeyondCues
) -> bool:
    """A question about a subject the article leaves out ("can i drive after car
    t?", "do i have to quit smoking first?"), told with no despair."""
    return question and leaves_out(text, cues) and not tells_despair(text, cues)


@dataclass(frozen=True)
class Told:
    """What a message tells, read once: its text with slips of cue words mended,
    whether it names a feeling or asks how to cope, whether it asks a question, and
    whether that is a question about a subject the article leaves out."""

    text: str
    feeling_words: bool
    coping: bool
    question: bool
    asks_what_is_left_out: bool = False

    @property
    def feeling(self) -> bool:
        return self.feeling_words or self.coping

    @property
    def feeling_beside_a_question(self) -> bool:
        """ "i'm terrified, how long does it take?": the warm reply is served before
        the answer (nlu_components/two_questions.py)."""
        return self.feeling_words and self.question


def what_is_told(
    text: str, cues: BeyondCues, known_word: KnownWord | None = None
) -> Told:
    """The message read once; with `known_word` (is this an English word?), slips of
    cue words count as them."""
    if known_word is not None:
        text = correct_typos(text, cue_vocabulary(cues), known_word)
    coping = any(
        asks_how_to_cope(fold(clause).replace("?", " ").strip(), cues)
        for clause in CLAUSE_BREAK.split(text.lower())[::2]
    )
    question = asks_question(text, cues)
    return Told(
        text,
        has_phrase(text, cues.feeling),
        coping,
        question,
        asks_what_the_article_leaves_out(text, question, cues),
    )


@dataclass(frozen=True)
class Heard:
    """What the other readings of a message found, for `decide`.

    `unwell`: words say someone is unwell. `side_effect`: a side effect is named.
    `bereaved`: the words tell that someone died (assumed unless told otherwise, so
    the classifier's loss guess stands). `shares`: the words tell of the speaker
    or their family at some length.
    """

    unwell: bool = False
    side_effect: bool = False
    bereaved: bool = True
    shares: bool = False


def decide(
    text: str,
    predicted: str | None,
    cues: BeyondCues,
    scope: ScopeCues,
    confidence: float = 0.0,
    heard: Heard = Heard(),
    known_word: KnownWord | None = None,
    told: Told | None = None,
) -> str | None:
    """The intent to serve instead of `predicted`, or None to keep it.

    The classifier's `report_symptom` is left alone when the words say someone
    is unwell, and its `self_harm` when it is sure (the safety router trusts
    them then); otherwise the safety router would not trust them either, and a
    feeling is the better reading. The safety router's own cues still decide.
    When the classifier is sure of self-harm but the words tell only a feeling
    ("nobody listens to me and i'm fed up"), both replies are given. A feeling
    about the side effects (one is named) is a worry. With `known_word` (is this
    an English word?), slips of cue words count as them. A statement sharing how
    things are, told with no question and read as nothing the bot answers ("i've
    cleaned the oven three times this week"), gets the warm reply. `told`: the
    message already read by `what_is_told`.
    """
    told = told or what_is_told(text, cues, known_word)
    text, feeling, question = told.text, told.feeling, told.question
    # words of despair tell a feeling of their own unless they ask ("is it
    # pointless to try?")
    despair = tells_despair(text, cues) and (feeling or not question)
    bereaved, shares = heard.bereaved, heard.shares
    if trusted_safety_guess(
        predicted, confidence, heard.unwell, bereaved, told.asks_what_is_left_out
    ):
        if predicted == SELF_HARM and (despair or feeling or (shares and not question)):
            return FEELING_AT_RISK
        if predicted == LOSS and bereaved and (feeling or despair):
            # the safety router hears the death too: condolences, then the feeling
            return FEELING_AT_RISK if despair else FEELING
        return None
    if despair:
        return FEELING_AT_RISK
    if leaves_out(text, cues) and (question or not feeling):
        # an out-of-scope guess, or a self-harm guess not trusted here, must be
        # about the treatment to be a question the article leaves out
        unplaced = predicted in (OUT_OF_SCOPE, SELF_HARM)
        if not unplaced or about_treatment(text, scope, cues):
            return NOT_IN_ARTICLE
        return None
    if feeling and not question:
        if heard.side_effect or has_phrase(text, cues.side_effect_words):
            return WORRY
        return FEELING
    if feeling and predicted in UNANSWERED:
        return FEELING  # "so scared, who do i even ask?": never a refusal
    if shares and not question and not bereaved and predicted in UNREAD_STATEMENT:
        return FEELING  # (a death told has its own reply: the condolences)
    return None


def is_english_word(word: str) -> bool:
    """In the language router's English word list (built once, shared)."""
    return word in english_words()


def names_side_effect(
    text: str, entities: list[dict[str, Any]], cues: BeyondCues
) -> bool:
    """A side effect entity, unless its words, alone or with the word before them,
    are a feeling ("shaking with nerves")."""

    def is_feeling(entity: dict[str, Any]) -> bool:
        start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
        words = fold(text[:end]).split()
        named = fold(text[start:end])
        before = " ".join(words[-len(named.split()) - 1 :])
        return named in cues.feeling or before in cues.feeling

    return any(
        e.get(ENTITY_ATTRIBUTE_TYPE) == SIDE_EFFECT_ENTITY and not is_feeling(e)
        for e in entities
    )


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class BeyondFaqRouter(GraphComponent):
    """Sets `express_feeling`, `ask_not_in_article` or `self_harm` (see above)."""

    def __init__(self, cues: BeyondCues, scope: ScopeCues, safety: SafetyCues) -> None:
        self._cues = cues
        self._scope = scope
        self._safety = safety

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BeyondFaqRouter:
        return cls(load_beyond_cues(), load_scope_cues(), load_safety_cues())

    @staticmethod
    def _report_kept(intent: dict[str, Any], message: Message) -> bool:
        """An unread message whose next guess is a symptom report: the clarifying
        question gives the urgent reply first (actions/menu.py); keep it."""
        return intent.get(INTENT_NAME_KEY) == FALLBACK and report_is_likely(
            message.get(INTENT_RANKING_KEY) or []
        )

    def _shares(self, text: str) -> bool:
        """At some length, about family ("my husband just goes quiet and stares at
        the telly"), or about the speaker and the treatment ("i've been on autopilot
        since the haematologist said car t")."""
        words = set(fold(text).replace("?", " ").split())
        speaker = self._safety.words("speaker") | {"my", "our"}
        return len(words) >= SHARE_MIN_WORDS and (
            bool(self._safety.words("relative") & words)
            or (
                bool(speaker & words) and about_treatment(text, self._scope, self._cues)
            )
        )

    def _unwell(self, message: Message, text: str) -> bool:
        doc = message.get(SPACY_DOCS[TEXT])
        if doc is None:
            return has_phrase(text, self._safety.words("unwell")) or has_phrase(
                text, self._safety.words("unwell_after_treatment")
            )
        return tells_unwell(doc, self._safety)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue
            if message.get(SURELY_OUT_OF_SCOPE):
                continue  # the scope guard decided (no words, abuse, instructions)
            intent = message.get(INTENT) or {}
            told = what_is_told(text, self._cues, is_english_word)
            heard = Heard(
                unwell=self._unwell(message, text),
                side_effect=names_side_effect(
                    text, message.get(ENTITIES) or [], self._cues
                ),
                bereaved=tells_a_loss(text, self._safety),
                shares=self._shares(text) and not self._report_kept(intent, message),
            )
            override = decide(
                text,
                intent.get(INTENT_NAME_KEY),
                self._cues,
                self._scope,
                float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                heard,
                is_english_word,
                told,
            )
            predicted = intent.get(INTENT_NAME_KEY)
            # read by the safety router
            message.set(
                TOLD,
                {
                    TOLD_FEELING: told.feeling,
                    TOLD_QUESTION: told.question,
                    TOLD_EVERYDAY_QUESTION: told.asks_what_is_left_out,
                },
            )
            if override is None and told.feeling_beside_a_question:
                message.set(FEELING_TOLD, True)
            if override is None or override == predicted:
                continue
            logger.info("Beyond-FAQ routing: intent '%s' → '%s'.", predicted, override)
            set_intent(
                message, {INTENT_NAME_KEY: override, PREDICTED_CONFIDENCE_KEY: 1.0}
            )
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
