"""Feelings, questions the article does not answer, despair: what the router decides."""

from __future__ import annotations

from dataclasses import fields

import pytest

from nlu_components.beyond_faq_router import (
    FEELING,
    FEELING_AT_RISK,
    NOT_IN_ARTICLE,
    WORRY,
    BeyondFaqRouter,
    Heard,
    asks_about_everyday_life,
    decide,
    load_beyond_cues,
    names_side_effect,
    what_is_told,
)
from nlu_components.patterns import load_safety_cues
from nlu_components.scope_guard import load_scope_cues

HEARD = {field.name for field in fields(Heard)}


def route(text: str, predicted: str = "nlu_fallback", **kwargs) -> str | None:
    heard = Heard(**{name: kwargs.pop(name) for name in HEARD & set(kwargs)})
    cues, scope = load_beyond_cues(), load_scope_cues()
    return decide(text, predicted, cues, scope, heard=heard, **kwargs)


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("i'm terrified of the treatment", "nlu_fallback"),
        ("honestly I feel overwhelmed by all of this", "ask_capabilities"),
        ("i feel so alone going through this", "start_walkthrough"),
        ("I'm so angry about all of this", "out_of_scope"),
        ("so stressed about my daughter's cancer", "faq_solid_tumors"),
        ("I am really worried about my husband's treatment", "report_symptom"),
        # a statement that starts with "can't" or "don't" is no question
        ("can't eat properly, so worried about the infusion", "nlu_fallback"),
        ("i hate watching my wife suffer through all this", "goodbye"),
        ("don't know what to do, i'm so scared", "ask_capabilities"),
        # a rhetorical "why" laments, it does not ask
        ("i'm so angry. why does this keep happening to us", "faq_benefits"),
        ("my heart is breaking for my boy", "report_symptom"),
    ],
)
def test_a_feeling_gets_the_feelings_reply(text, predicted):
    assert route(text, predicted, confidence=0.4) == FEELING


@pytest.mark.parametrize(
    "text, predicted, confidence",
    [
        # a feeling about a topic is a feeling, however sure the classifier is
        ("the infusion step frightens me", "ask_step", 0.99),
        ("i'm so worried about crs", "ask_side_effect_detail", 1.0),
        ("reading about the costs made me so anxious", "faq_cost", 0.9),
        # guilt, sadness, exhaustion, helplessness
        ("i feel guilty for putting my family through this", "report_symptom", 0.4),
        ("feeling really down since the diagnosis", "ask_side_effects", 0.3),
        ("i'm drained by all these appointments", "ask_step", 0.5),
        ("watching my wife go through it, i feel so helpless", "report_symptom", 0.9),
        # the classifier's unsure self-harm guess, with no words of self-harm
        ("i'm angry nobody tells us anything", "self_harm", 0.35),
        # in other words
        ("the waiting is killing me", "nlu_fallback", 0.3),
        ("honestly no one cares what we go through", "out_of_scope", 0.5),
        # "what if" tells a worry, not a question
        ("what if the cells don't work? i'm so scared", "faq_cure", 0.6),
        ("i'm terrified, what happens if i get crs", "ask_side_effect_detail", 0.9),
    ],
)
def test_a_feeling_named_with_a_topic_still_gets_the_feelings_reply(
    text, predicted, confidence
):
    assert route(text, predicted, confidence=confidence) == FEELING


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("can I drink alcohol after car t", "nlu_fallback"),
        ("will I lose my hair with car t", "personal_advice"),
        ("how many days will I stay in hospital for car t", "faq_duration"),
        ("will my insurance pay for car t", "faq_cost"),
        ("does car t affect fertility", "ask_side_effects"),
        ("can i exercise after the infusion", "out_of_scope"),
        # a question with a feeling in it is still a question
        ("i'm worried, can i drive after the infusion?", "nlu_fallback"),
        ("is there anything i can do to get ready before car t", "personal_advice"),
        ("do i need chemo before the infusion", "faq_vs_chemo"),
        ("when will life be back to normal after car t", "faq_duration"),
        ("can i travel abroad after the infusion", "nlu_fallback"),
        ("will someone have to look after me at home after car t", "ask_side_effects"),
        ("how many check ups are there after car t", "faq_duration"),
        ("is a covid booster ok after the infusion", "personal_advice"),
        ("can my grandchildren visit me in hospital during car t", "faq_access"),
        ("is there accommodation near the centre for car t", "faq_access"),
        ("will I be put in a wheelchair after the infusion", "ask_side_effects"),
        (
            "can i still take my blood pressure medication during car t",
            "personal_advice",
        ),
        ("is it normal to put on weight after car-t", "ask_side_effects"),
        # everyday life, whatever the subject
        ("is it safe to be around my grandchildren after the infusion", "faq_cure"),
        ("how soon can i go back to church after car t", "faq_duration"),
        ("will i be able to play golf during car t", "faq_access"),
        # a subject the article leaves out, in the treatment's context, though the
        # classifier read it as out of scope
        ("how often will i need check ups in the first year", "out_of_scope"),
        ("is there an age limit? my dad is 80", "out_of_scope"),
        ("whats the waiting list like at the moment", "nlu_fallback"),
        # everyday medicines
        ("can i take ibuprofen in the weeks after car t", "personal_advice"),
        ("are vitamins or herbal supplements ok during car-t", "ask_side_effects"),
    ],
)
def test_a_subject_the_article_leaves_out_is_said_so(text, predicted):
    assert route(text, predicted, confidence=0.9) == NOT_IN_ARTICLE


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("best car insurance for a young driver", "out_of_scope"),  # a vehicle
        ("what should i eat for dinner tonight", "out_of_scope"),  # not CAR T
        ("how does car t work", "steps_overview"),  # "work" is no cue
        ("risk to the nervous system", "ask_side_effects"),  # not a feeling
        ("i'm scared, what are the side effects?", "ask_side_effects"),
        ("worried about money, roughly how much is it", "faq_cost"),
        ("so anxious, please explain crs", "ask_side_effect_detail"),
        ("nervous about how long the whole thing takes", "faq_duration"),
        ("what is car t", "faq_what_is"),
        ("my cancer came back after chemo twice, can car t still help", "faq_cure"),
    ],
)
def test_questions_the_article_answers_keep_their_answer(text, predicted):
    assert route(text, predicted, confidence=0.9) is None


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("i'm scared and i feel hopeless", "express_feeling"),
        ("i'm so tired of everything, so upset, i'm giving up", "nlu_fallback"),
    ],
)
def test_a_feeling_in_words_of_despair_gets_the_crisis_and_the_warm_reply(
    text, predicted
):
    assert route(text, predicted) == FEELING_AT_RISK


@pytest.mark.parametrize(
    "text, predicted, confidence, unwell",
    [
        ("i want to die", "self_harm", 0.9, False),
        ("my husband is unwell and i'm scared", "report_symptom", 0.9, True),
        ("my mum died after car t", "report_loss", 0.4, False),
    ],
)
def test_safety_intents_are_left_to_the_safety_router(
    text, predicted, confidence, unwell
):
    assert route(text, predicted, confidence=confidence, unwell=unwell) is None


@pytest.mark.parametrize(
    "text, bereaved, served",
    [
        ("so lonely being a carer, my friends stopped calling", False, FEELING),
        # a death told, with a feeling: the safety router gives condolences first
        ("my dad is gone and i feel so alone", True, FEELING),
        ("my dad is gone and i feel hopeless", True, FEELING_AT_RISK),
        ("my dad is gone", True, None),
    ],
)
def test_an_unsure_loss_guess_with_no_death_told_does_not_hide_a_feeling(
    text, bereaved, served
):
    assert route(text, "report_loss", confidence=0.45, bereaved=bereaved) == served


@pytest.mark.parametrize(
    "text",
    ["nobody listens to me and i'm fed up", "i'm so lonely and scared all the time"],
)
def test_a_feeling_the_classifier_is_sure_is_self_harm_gets_both_replies(text):
    assert route(text, "self_harm", confidence=0.9) == FEELING_AT_RISK


@pytest.mark.parametrize(
    "text, predicted, confidence, served",
    [
        # words of despair without a feeling word, told, not asked
        (
            "sometimes i think why bother, it always wins",
            "out_of_scope",
            0.5,
            FEELING_AT_RISK,
        ),
        ("is it pointless to try car t?", "faq_cure", 0.9, None),
        # the classifier sure of self-harm, the words tell despair: both replies
        ("i feel hopeless, third treatment now", "self_harm", 0.9, FEELING_AT_RISK),
        # "what's the point" laments, it does not ask
        ("i'm scared, what's the point", "self_harm", 0.9, FEELING_AT_RISK),
    ],
)
def test_despair_told_gets_both_replies_despair_asked_is_a_question(
    text, predicted, confidence, served
):
    assert route(text, predicted, confidence=confidence) == served


@pytest.mark.parametrize(
    "text, served",
    [
        ("i'm scared but i'm not giving up", FEELING),
        ("i'm angry and i won't give up", FEELING),
        ("i'm scared and i'm giving up", FEELING_AT_RISK),
    ],
)
def test_despair_that_is_denied_is_not_despair(text, served):
    assert route(text, "nlu_fallback", confidence=0.3) == served


@pytest.mark.parametrize(
    "text, served",
    [
        ("i'm so stressed, my wife had to give up her job to care for me", FEELING),
        ("feeling guilty that my son is giving up his weekends for me", FEELING),
        ("i'm so stressed, i'm giving up", FEELING_AT_RISK),
        ("i'm so stressed, i'm giving up on everything", FEELING_AT_RISK),
    ],
)
def test_giving_up_a_thing_is_no_despair(text, served):
    assert route(text, "nlu_fallback", confidence=0.3) == served


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("there is so much to take in, i'm swamped", "nlu_fallback"),
        ("this has worn me out and i'm running on empty", "ask_step"),
        ("i've been so irritable and snappy with everyone", "report_symptom"),
        ("i feel numb about it all", "report_symptom"),
        ("just the thought of the infusion makes me jittery", "ask_step"),
    ],
)
def test_overwhelm_exhaustion_and_temper_in_everyday_words_are_feelings(
    text, predicted
):
    assert route(text, predicted, confidence=0.5) == FEELING


@pytest.mark.parametrize(
    "text, predicted",
    [
        ("will i be able to get car t on the nhs", "faq_access"),
        ("is it safe to have car t if chemo failed", "faq_resistant_cancers"),
    ],
)
def test_a_question_about_having_the_treatment_keeps_its_answer(text, predicted):
    assert route(text, predicted, confidence=0.9) is None


def test_a_request_to_describe_a_topic_is_a_question_not_a_feeling():
    assert (
        route("describe the scary side effects", "ask_side_effects", confidence=0.9)
        is None
    )


@pytest.mark.parametrize(
    "text, side_effect",
    [
        ("the side effects really frighten me", False),
        ("i'm so anxious about the side-effects", False),
        ("i'm terrified of crs", True),  # a side effect the entity patterns know
    ],
)
def test_a_feeling_about_the_side_effects_is_a_worry(text, side_effect):
    assert route(text, "ask_side_effects", side_effect=side_effect) == WORRY


@pytest.mark.parametrize(
    "text, start, end, named",
    [
        ("i'm so scared of crs", 16, 19, True),
        ("i'm shaking with nerves about it", 17, 23, False),  # a feeling
    ],
)
def test_a_side_effect_is_named_unless_its_word_is_a_feeling(text, start, end, named):
    entities = [{"entity": "side_effect", "start": start, "end": end}]
    assert names_side_effect(text, entities, load_beyond_cues()) is named


def known_words(word: str) -> bool:
    """A few English words, for the typo tests (the router uses the full list)."""
    return word in {"sorry", "along", "lovely", "scared", "alone", "during", "happens"}


@pytest.mark.parametrize(
    "text, served",
    [
        # slips of feeling words are read as the words
        ("im so scard about the car t", FEELING),
        ("i feel so lonley in hospital", FEELING),
        ("really worryed about my mum", FEELING),
        ("so overwelmed right now", FEELING),
        # English words one letter from a feeling word are not slips
        ("sorry, thanks anyway", None),
        ("lovely", None),
        # punctuation still splits the clauses
        ("i'm scared, what happens during the infusion", None),
    ],
)
def test_slips_of_feeling_words_are_heard(text, served):
    assert route(text, "nlu_fallback", confidence=0.3, known_word=known_words) == served


@pytest.mark.parametrize(
    "text",
    [
        # asking how others live with it is part of the feeling, not a question
        "i'm so scared for my son. how do other families cope with it?",
        "overwhelmed again today, how does anyone get through this",
        "so wound up before the referral meeting, any tips for calming down",
        "hw do u stay positive when you're this scared",
        # asking whether the feeling is allowed, or makes sense
        "i'm relieved and frightened at once, does that make sense?",
        "so angry at everyone. is it wrong that i want to be left alone?",
        "i'm furious. why him, of all people",
        # a lament about a relative, though it names what the article leaves out
        "so angry. why does my boy have to miss school for all this",
        # a worry sentence goes on past "and" to its end
        "why keep going to the appointments and the scans? nothing has worked",
    ],
)
def test_a_question_about_the_feeling_itself_gets_the_feelings_reply(text):
    assert route(text, "faq_benefits", confidence=0.5) == FEELING


@pytest.mark.parametrize(
    "text, served",
    [
        # "how" with no coping: a question the article answers
        ("i'm scared, how do they collect the cells?", None),
        ("i'm nervous, how long does it take?", None),
        # "like to know" inside a sentence is no request
        ("it is lonely, nobody knows what it is like to know this", FEELING),
        ("i'm worried and would like to know the cost", None),
    ],
)
def test_a_coping_question_is_told_from_a_question_for_the_article(text, served):
    assert route(text, "faq_duration", confidence=0.9) == served


@pytest.mark.parametrize(
    "text",
    [
        "i've given up hoping for anything",
        "exhausted. i don't know how much more of this i can take",
        "it all seems like a waste of time now",
    ],
)
def test_resignation_gets_the_crisis_and_the_warm_reply(text):
    assert route(text, "self_harm", confidence=0.7) == FEELING_AT_RISK


@pytest.mark.parametrize(
    "text, told",
    [
        ("i'm terrified, how long does the whole thing take?", True),
        ("so worried. what does it cost", True),
        ("how long does the whole thing take?", False),
        ("i'm terrified of the infusion", False),  # a feeling alone: its own reply
        ("can it affect the brain or nerves?", False),  # the body's nerves
    ],
)
def test_a_feeling_told_beside_a_question_is_marked(text, told):
    assert what_is_told(text, load_beyond_cues()).feeling_beside_a_question is told


def test_a_feeling_beside_a_question_put_out_of_scope_gets_the_warm_reply():
    text = "so scared, can you sing me a song?"
    assert route(text, "out_of_scope", confidence=0.7) == FEELING
    assert route(text, "nlu_fallback", confidence=0.2) is None


@pytest.mark.parametrize(
    "predicted, served",
    [
        ("nlu_fallback", FEELING),
        ("out_of_scope", FEELING),
        # a distrusted report guess (no symptom word): the warm reply, not a guess
        ("report_symptom", FEELING),
        # a sure self-harm guess: the crisis reply stays, with the warm one
        ("self_harm", FEELING_AT_RISK),
        # a topic the classifier reads keeps its answer
        ("faq_cost", None),
    ],
)
def test_a_statement_sharing_how_things_are_gets_the_warm_reply(predicted, served):
    text = "my husband just sits and stares at the wall since the referral"
    told = route(text, predicted, confidence=0.7, shares=True, bereaved=False)
    assert told == served


def test_a_death_told_is_no_sharing_it_has_its_own_reply():
    text = "my nan died last spring after her treatment"
    assert route(text, "nlu_fallback", confidence=0.2, shares=True) is None


def test_a_question_is_never_taken_for_sharing():
    text = "my husband has lymphoma, is car t a cure for that?"
    assert route(text, "nlu_fallback", confidence=0.2, shares=True) is None


def shares(text: str) -> bool:
    router = BeyondFaqRouter(load_beyond_cues(), load_scope_cues(), load_safety_cues())
    return router._shares(text)


@pytest.mark.parametrize(
    "text, told",
    [
        ("my husband just sits and stares at the wall all day", True),
        ("i've been on autopilot since the doctor said car t", True),
        ("my car is making a weird noise again", False),  # not family, not treatment
        ("my son is scared", False),  # too short to tell
    ],
)
def test_sharing_is_about_family_or_the_speaker_and_the_treatment(text, told):
    assert shares(text) is told


@pytest.mark.parametrize(
    "text, everyday",
    [
        ("is it ok to be angry at him for keeping it from me", False),
        ("is it ok to feel relieved when i leave the ward", False),
        ("is it ok to be around my grandchildren after car t", True),
    ],
)
def test_a_question_about_a_feeling_is_no_question_about_everyday_life(text, everyday):
    assert asks_about_everyday_life(text, load_beyond_cues()) is everyday


@pytest.mark.parametrize(
    "predicted, confidence, served",
    [
        # a sure self-harm guess on a question the article leaves out: not trusted
        ("self_harm", 0.9, NOT_IN_ARTICLE),
        ("out_of_scope", 0.5, NOT_IN_ARTICLE),
    ],
)
def test_an_everyday_question_is_no_self_harm_guess(predicted, confidence, served):
    text = "can i drive after car t? my husband says no"
    assert route(text, predicted, confidence=confidence) == served
