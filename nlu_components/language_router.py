"""Messages not in English: the English-only note, or the urgent replies.

Runs after the safety router. A message the safety router already sent to an
urgent reply keeps it. Otherwise, when the message is judged not to be in
English (lingua-language-detector for Spanish, French, German, Portuguese and
Italian; the script for Chinese), the intent becomes, by precedence:

1. `self_harm` when it holds a self-harm phrase of that language,
2. `report_symptom` when it names a symptom in that language,
3. `greet_other_language` for a one-word greeting ("hola", "bonjour"),
4. `other_language` for anything else.

The entity `language` (es, fr, de, pt, it, zh, or `other`) picks the variant of
the reply. English with typos must stay English, so a message counts as foreign
only when lingua's English confidence is very low, or low while most of its
words are not English words. Cue lists: nlp/language_cues.yml.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from nlu_components.intents import set_intent
from nlu_components.patterns import PROJECT_ROOT, PatternFileError
from nlu_components.safety_router import (
    AT_RISK,
    LOSS_AT_RISK,
    REPORT,
    SELF_HARM,
    SYMPTOM_URGENT,
)

logger = logging.getLogger(__name__)

LANGUAGE_CUES_FILE = PROJECT_ROOT / "nlp" / "language_cues.yml"
OTHER_LANGUAGE = "other_language"
GREETING = "greet_other_language"
# Intents with no training examples: only this component predicts them.
ROUTER_ONLY_INTENTS = frozenset({OTHER_LANGUAGE, GREETING})
# The safety router's urgent intents, which a foreign message never overrides.
URGENT = SYMPTOM_URGENT | {SELF_HARM, AT_RISK, LOSS_AT_RISK}
LANGUAGE_ENTITY = "language"
UNKNOWN_LANGUAGE = "other"
CHINESE = "zh"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
CUE_KINDS = ("self_harm", "symptoms", "greetings")

# English confidence below which a message of two words or more is foreign.
ENGLISH_MAX = 0.04
# ... and below which it is foreign when most of its words are not English words.
ENGLISH_MAX_FOREIGN_WORDS = 0.2
MIN_DISTINCT_LETTERS = 3
# ... and below which it is foreign when another language is far ahead.
ENGLISH_MAX_FAR_BEHIND = 0.1
FAR_AHEAD = 0.6
# The foreign language must be clearly ahead, or the reply stays in English.
LANGUAGE_MIN_CONFIDENCE = 0.3
# spaCy's English lexeme log-probabilities: a word at least this likely is English.
ENGLISH_WORD_MIN_LOG_PROB = -13.0


@dataclass(frozen=True)
class LanguageCues:
    """nlp/language_cues.yml: {kind: {language: phrases}} and language names."""

    names: dict[str, str]
    cues: dict[str, dict[str, frozenset[str]]]

    def has(self, kind: str, language: str, text: str) -> bool:
        phrases = self.cues[kind].get(language, frozenset())
        if language == CHINESE:
            return any(phrase in text for phrase in phrases)
        padded = f" {' '.join(WORD.findall(text))} "
        return any(f" {phrase} " in padded for phrase in phrases)

    def any_language(self, kind: str, text: str) -> bool:
        return any(self.has(kind, language, text) for language in self.names)


def load_language_cues(path: Path = LANGUAGE_CUES_FILE) -> LanguageCues:
    """Read and check nlp/language_cues.yml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names = data.get("languages")
    if not isinstance(names, dict) or not names:
        raise PatternFileError(f"{path}: 'languages' must map codes to names")
    cues: dict[str, dict[str, frozenset[str]]] = {}
    for kind in CUE_KINDS:
        lists = data.get(kind)
        if not isinstance(lists, dict) or set(lists) - set(names):
            raise PatternFileError(f"{path}: '{kind}' must map language codes to lists")
        cues[kind] = {
            language: frozenset(" ".join(str(p).lower().split()) for p in phrases)
            for language, phrases in lists.items()
        }
    return LanguageCues({str(k): str(v) for k, v in names.items()}, cues)


# One build of the detector and the word list, whichever thread asks first.
_BUILD_LOCK = threading.Lock()


def _detector() -> Any:
    with _BUILD_LOCK:
        return _build_detector()


@lru_cache(maxsize=1)
def _build_detector() -> Any:
    """The lingua detector, built once, in high-accuracy mode (the default)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH,
        Language.SPANISH,
        Language.FRENCH,
        Language.GERMAN,
        Language.PORTUGUESE,
        Language.ITALIAN,
    ).build()


def lingua_confidences(text: str) -> dict[str, float]:
    """{iso 639-1 code: confidence} for the five languages and English."""
    return {
        value.language.iso_code_639_1.name.lower(): value.value
        for value in _detector().compute_language_confidence_values(text)
    }


def _training_vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for path in (PROJECT_ROOT / "data" / "nlu").glob("*.yml"):
        words.update(w.lower() for w in WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(words)


def english_words() -> frozenset[str]:
    """The training data's words and spaCy's likely English lexemes."""
    with _BUILD_LOCK:
        return _build_english_words()


@lru_cache(maxsize=1)
def _build_english_words() -> frozenset[str]:
    import spacy_lookups_data

    probs = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    with gzip.open(probs, "rt", encoding="utf-8") as handle:
        lexemes = json.load(handle)
    likely = {w for w, p in lexemes.items() if p >= ENGLISH_WORD_MIN_LOG_PROB}
    return frozenset(likely) | _training_vocabulary()


def warm_up() -> None:
    """Build the detector and the word list now (about 3 s and 170 MB), so that
    the first user is not kept waiting; run in a background thread at start-up."""
    lingua_confidences("warm up the detector")
    english_words()


Confidences = Callable[[str], dict[str, float]]


def detect(
    text: str,
    confidences: Confidences = lingua_confidences,
    is_english_word: Callable[[str], bool] | None = None,
) -> str | None:
    """The language code of a foreign message, `other`, or None for English."""
    if CJK.search(text):
        return CHINESE
    if len({c.lower() for c in LETTER.findall(text)}) < MIN_DISTINCT_LETTERS:
        return None
    words = [w.lower() for w in WORD.findall(text)]
    scores = confidences(text)
    english = scores.get("en", 0.0)
    if english > ENGLISH_MAX_FOREIGN_WORDS:
        return None
    best, confidence = max(
        ((k, v) for k, v in scores.items() if k != "en"),
        key=lambda kv: kv[1],
        default=(UNKNOWN_LANGUAGE, 0.0),
    )
    far_ahead = english <= ENGLISH_MAX_FAR_BEHIND and confidence >= FAR_AHEAD
    if (english > ENGLISH_MAX and not far_ahead) or len(words) < 2:
        known = is_english_word or (lambda w: w in english_words())
        if sum(1 for w in words if known(w)) * 2 >= len(words):
            return None
    return best if confidence >= LANGUAGE_MIN_CONFIDENCE else UNKNOWN_LANGUAGE


def _is_greeting(language: str, text: str, cues: LanguageCues) -> bool:
    cleaned = " ".join(WORD.findall(text.lower())) if language != CHINESE else text
    cleaned = cleaned.strip(" !！。.?？")
    return cleaned in cues.cues["greetings"].get(language, frozenset())


def foreign_intent(text: str, cues: LanguageCues) -> tuple[str, str] | None:
    """(intent, language) for a message not in English; None for English.

    A greeting of the cue list is taken as foreign at once: one word is too short
    for any detector, and choosing the greeting reply is not detection.
    """
    folded = " ".join(text.lower().split())
    greeting = next(
        (lang for lang in cues.names if _is_greeting(lang, folded, cues)), None
    )
    if greeting is not None:
        return GREETING, greeting
    language = detect(folded)
    if language is None:
        return None
    if cues.any_language("self_harm", folded):
        return SELF_HARM, language
    if cues.any_language("symptoms", folded):
        return REPORT, language
    return OTHER_LANGUAGE, language


def _language_entity(language: str, text: str) -> dict[str, Any]:
    """The language of the whole message, as an entity spanning all of it."""
    return {
        ENTITY_ATTRIBUTE_START: 0,
        ENTITY_ATTRIBUTE_END: len(text),
        ENTITY_ATTRIBUTE_TYPE: LANGUAGE_ENTITY,
        ENTITY_ATTRIBUTE_VALUE: language,
        EXTRACTOR: "LanguageRouter",
    }


def keeps_own_intent(predicted: str | None) -> bool:
    return predicted in URGENT


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class LanguageRouter(GraphComponent):
    """Routes messages not in English (see module docstring)."""

    def __init__(self, cues: LanguageCues) -> None:
        self._cues = cues

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageRouter:
        return cls(load_language_cues())

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageRouter:
        """For serving (not training): the detector is built in the background."""
        threading.Thread(target=warm_up, name="language-warm-up", daemon=True).start()
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._route(message)
        return messages

    def _route(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text.strip():
            return
        predicted = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if keeps_own_intent(predicted):
            return
        found = foreign_intent(text, self._cues)
        if found is None:
            return
        intent, language = found
        logger.info("Language routing: '%s' (%s) -> '%s'.", predicted, language, intent)
        entities = [*(message.get(ENTITIES) or []), _language_entity(language, text)]
        message.set(ENTITIES, entities, add_to_output=True)
        set_intent(message, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0})

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
