"""Safety routing: one order of precedence decides messages that touch safety."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu_components.safety_router import (
    LOSS,
    NEXT_BEST,
    QUESTION,
    REPORT,
    REPORT_WITH_FEELING,
    SELF_HARM,
    TOLD,
    UNSURE,
    MissingSpacyDoc,
    SafetyRouter,
    decide,
    route,
    tells_unwell,
    treatment_done,
)


def routed(nlp, cues, text: str):
    return route(nlp(text.lower()), text, cues)


@pytest.mark.parametrize(
    "text",
    [
        "my dad has a fever since his infusion",
        "I got my CAR T cells last week and now I feel confused",
        "my son is shaking and has chills since this morning",
        "she had a seizure after treatment",
        "can't breathe properly since the infusion",
        "my husband is very dizzy today",
        "my dad's handwriting has gone all shaky since this morning",
        "fever since yesterday",
        # no time word: a person with a symptom is a report
        "my dad has a fever",
        "I think I'm having a seizure",
        "my wife cant stop shaking",
        "he's been talking nonsense since yesterday",
        "pt febrile and confused post infusion",
        # "what should we do" after it, misspelt, in any order
        "my wife has a temperature, what should we do",
        "i'm dizzy, how long will it last",
        "he doesn't know where he is since the infusion",
        "so confused since the infusion",
        "my husbnd has a temprature of 39",
        "temperature of 39 my son, is that bad",
        "my dad won't wake up",
        "Is it normal that my mum has a high temperature since the infusion?",
        # a run-on question after the symptom, words a family would use
        "my husband suddenly can't find his words what should i do",
        "mum is talking gibberish and doesn't know who we are",
        "i can't catch my breath",
        "she had a fit about 5 minutes ago",
        "i think im going to faint",
        # a temperature reading names a fever; words a family would use for confusion
        "my son is 38.9 and shivery, what do we do",
        "mum keeps mixing up the days since she came home",
        "we can barely wake him this afternoon",
    ],
)
def test_a_symptom_happening_to_someone_is_a_report(nlp, cues, text):
    assert routed(nlp, cues, text) == REPORT


@pytest.mark.parametrize(
    "text",
    [
        "does CAR T cause fever?",
        "can it cause seizures?",
        "is a high temperature usual after the infusion?",
        "can CAR T bring on fits?",
        "do older people get confused after CAR T?",
        "will I get a fever?",
        "how long does the fever last after car t",
        "i read that people get fevers after the infusion",
    ],
)
def test_a_general_question_naming_a_symptom_is_a_question(nlp, cues, text):
    assert routed(nlp, cues, text) == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        "i'm terrified of getting a fever after the infusion",
        "the idea of seizures frightens me",
        "we're so scared of confusion after car t",
        "honestly dreading the high temperatures they talk about",
        "the doctors warned us about fevers and now i'm nervous",
        # the time word tells how long the worry lasts, "will" that it may come
        "i keep worrying that my wife will get confused after it",
        "so anxious tonight about getting a temperature",
        # someone else's fear of what is yet to come
        "my mum is terrified of getting a fever after the infusion",
        "my sister is anxious at the prospect of confusion after car t",
        "i'm nervous just imagining the fevers after the infusion",
        # a word of worry a few words before what it is about
        "i'm a total wreck about the fevers after the infusion",
        # what the worry is about, listed in the next clause
        "i'm scared about the side effects, especially fever and fits",
        "i panic because they say car t can cause seizures",
        # what the speaker has read, not what they have
        "i've read about people getting confused afterwards and it scares me",
    ],
)
def test_a_fear_of_a_symptom_that_might_come_is_not_a_report(nlp, cues, text):
    assert routed(nlp, cues, text) == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        "i'm worried my mum has a fever",
        "scared of my husband's temperature",
        "i'm worried about this headache i've got",
        "so scared of the fevers i've been having since the infusion",
        "frightened of the shaking i'm having",
        "i'm scared of having a seizure right now",
        "worried about fever since the infusion",
        "i keep worrying because my dad is confused",
        "so scared, my son has had a fever since yesterday",
        # a cause, not a fear
        "i'm worried because of the fever",
        "my daughter is scared of the fever she has",
        # a list after a worry still escalates with a time word
        "i'm worried about the side effects, fever since this morning",
    ],
)
def test_a_worry_about_a_symptom_happening_now_is_still_a_report(nlp, cues, text):
    assert routed(nlp, cues, text) == REPORT


@pytest.mark.parametrize(
    "text",
    ["what if this fever i have is crs? i'm scared", "is this rash i've got normal?"],
)
def test_a_question_about_a_symptom_the_speaker_has_gets_the_urgent_reply_too(
    nlp, cues, text
):
    assert routed(nlp, cues, text) == UNSURE


@pytest.mark.parametrize(
    "text",
    ["can my child go back to school after car t", "is my child able to get car t"],
)
def test_a_person_word_is_not_read_as_a_misspelt_symptom(nlp, cues, text):
    assert routed(nlp, cues, text) is None  # "child" is one letter from "chill"


@pytest.mark.parametrize(
    "text",
    [
        "fever",
        "Is it normal that my mum has a high temperature after the infusion?",
    ],
)
def test_when_the_words_cannot_tell_the_bot_gives_both(nlp, cues, text):
    assert routed(nlp, cues, text) == UNSURE


@pytest.mark.parametrize(
    "text",
    [
        "I don't see the point of living any more",
        "I might do something to myself",
        "i want to end my life",
        "sometimes i think everyone would be better off without me",
        # self-harm comes before a symptom report
        "i'm dizzy and i want to kill myself",
        # about someone else
        "my brother says he wants to end his life",
        "i don't want to wake up in the morning any more",
        # a plan or the means, told without the words "kill" or "die"
        "i have been quietly saving up my pills for when it gets bad",
    ],
)
def test_self_harm_comes_first(nlp, cues, text):
    assert routed(nlp, cues, text) == SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "my dad died of CRS",
        "my mum passed away after a seizure",
        "we lost my brother last year",
        # the symptoms of the one who died, told in the past
        "my grandad passed away in june, he had a high fever and then he was gone",
        "our aunt died a month after the infusion, she was confused at the end",
        # a relative lost, a bare "passed"
        "i lost my dear old friend in march, she had fevers at the end",
        "my uncle sadly passed a few weeks after his car t",
        "my nan passed.",
    ],
)
def test_loss_is_not_a_symptom_report(nlp, cues, text):
    assert routed(nlp, cues, text) == LOSS


def test_numb_with_no_part_of_the_body_before_treatment_is_a_feeling(nlp, cues):
    assert routed(nlp, cues, "been told i'm a candidate. mostly just numb.") is None
    assert routed(nlp, cues, "my hands are numb") == REPORT
    assert routed(nlp, cues, "i feel numb since the infusion yesterday") == REPORT


@pytest.mark.parametrize(
    "text",
    [
        "i threw up this morning before the consult from pure nerves",
        "shaking like a leaf just reading about it",
        "my heart is pounding just thinking about the collection",
        # a feeling named, in words saying the treatment is still to come
        "so stressed. bone tired from all the pre-treatment appointments",
        "been feeling dizzy, so anxious about my consultation on monday",
    ],
)
def test_a_mild_body_sign_of_a_feeling_before_treatment_is_no_report(nlp, cues, text):
    assert routed(nlp, cues, text) == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        # once a treatment has happened, another person's, or a serious symptom
        "dizzy from nerves since my infusion yesterday",
        "probably just nerves but my heart has been racing since they gave me my cells",
        "my dad has a headache from all the stress",
        "i've got a fever from all the stress",
        "the room keeps spinning and i had my cells put back in yesterday",
        # still to come, but no feeling named; or a serious symptom
        "my hands keep trembling, we get the referral result today",
        "so stressed before the infusion and i've got a fever",
    ],
)
def test_a_sign_put_down_to_a_feeling_is_still_a_report_otherwise(nlp, cues, text):
    assert routed(nlp, cues, text) == REPORT


@pytest.mark.parametrize(
    "text",
    [
        "some nights i think about taking all my pills at once",
        "i just want to go to sleep and never wake up again",
    ],
)
def test_words_of_an_overdose_or_not_waking_are_self_harm(nlp, cues, text):
    assert routed(nlp, cues, text) == SELF_HARM


@pytest.mark.parametrize(
    "text",
    [
        "honestly everyone would be better off if i was dead",
        "my son says he doesn't want to be alive anymore",
        "i'd rather be dead than go through another round",
        "i keep thinking about ending things before the treatment starts",
    ],
)
def test_a_wish_to_be_dead_in_other_words_is_self_harm(nlp, cues, text):
    assert routed(nlp, cues, text) == SELF_HARM


@pytest.mark.parametrize(
    "text, harm",
    [
        ("how many of my sleeping tablets would it take, asking for me", True),
        ("found searches for how many paracetamol is too many on his phone", True),
        ("he told me 'if you find me, don't call anyone'", True),
        # a dose question, a hope to live, a sentence that only names a medicine
        ("how much paracetamol can i take for a fever after car t?", False),
        ("i want to be alive for my daughter's wedding", False),
        ("i hope the tablets will help with the sickness", False),
    ],
)
def test_an_overdose_asked_for_is_self_harm_a_dose_question_is_not(
    nlp, cues, text, harm
):
    assert (routed(nlp, cues, text) == SELF_HARM) is harm


@pytest.mark.parametrize(
    "text, served",
    [
        ("my dad passed out after the infusion", REPORT),
        ("my son passed his exams, so pleased", None),
        ("i lost my hair after chemo", None),
    ],
)
def test_passed_out_or_a_thing_lost_is_no_loss(nlp, cues, text, served):
    assert routed(nlp, cues, text) == served


@pytest.mark.parametrize(
    "text",
    [
        "my dad died last year and now my mum has a fever since her infusion",
        # the speaker, or now: a report, whatever the tense
        "my wife passed away, and i had a fever all night after my own infusion",
        "my brother died in may, she was fine but now she has a fever",
        "my husband died, my son has a high temperature",
    ],
)
def test_a_report_beside_a_loss_is_still_a_report(nlp, cues, text):
    assert routed(nlp, cues, text) == REPORT


@pytest.mark.parametrize(
    "text",
    [
        "what are the side effects",
        "what is cytokine release syndrome",
        "how long does it take",
        "I'm confused about how it works",
        "I'm confused about the cost",
        "my mum is confused about the steps",
        "my dad is confused by the treatment plan",
        "i'm sick of waiting for the results",
        "my dad finds it all so confusing",
        "what do they take out of the blood, what do they get out of it",
        "has it been tried in breast cancer",
        "what does it cost",
    ],
)
def test_other_messages_are_left_to_the_classifier(nlp, cues, text):
    assert routed(nlp, cues, text) is None


@pytest.mark.parametrize(
    "safety, predicted, served",
    [
        (REPORT, "faq", REPORT),
        # the classifier's report with no symptom word stays a report only when
        # the words say someone is unwell (see the tests below)
        (None, REPORT, NEXT_BEST),
        (QUESTION, REPORT, QUESTION),  # a general question is not escalated
        (QUESTION, "ask_side_effects", None),  # already a side-effects answer
        (QUESTION, "faq", QUESTION),
        (SELF_HARM, REPORT, SELF_HARM),
        (UNSURE, "nlu_fallback", UNSURE),
        # a feeling the beyond-FAQ router heard keeps its reply over a general
        # question (then the side effects follow), never over a report or the
        # unsure case
        (QUESTION, "express_feeling", "express_worry"),
        (QUESTION, "express_worry", None),
        (QUESTION, "express_feeling_at_risk", None),
        (REPORT, "express_feeling", REPORT),
        (UNSURE, "express_feeling", UNSURE),
        (SELF_HARM, "express_feeling", SELF_HARM),
    ],
)
def test_what_the_router_serves_instead_of_the_classifier(safety, predicted, served):
    assert decide(safety, predicted) == served


@pytest.mark.parametrize(
    "safety, predicted, unwell, served",
    [
        (REPORT, "faq", False, REPORT_WITH_FEELING),
        (None, REPORT, True, REPORT_WITH_FEELING),  # the classifier's trusted report
        (REPORT, REPORT, False, REPORT_WITH_FEELING),
        # words that cannot tell a report from a question, asking none: a report
        (UNSURE, "faq", False, REPORT_WITH_FEELING),
        # a general question keeps its reply; an untrusted report guess is dropped
        (QUESTION, "faq", False, QUESTION),
        (None, REPORT, False, NEXT_BEST),
        (SELF_HARM, "faq", False, SELF_HARM),
    ],
)
def test_a_report_told_with_a_feeling_gets_the_urgent_reply_then_the_warm_one(
    safety, predicted, unwell, served
):
    assert decide(safety, predicted, 0.7, unwell, feeling=True) == served


def test_a_feeling_beside_a_question_that_may_be_a_report_keeps_both_readings():
    # "i'm scared, could this rash be crs?": the urgent reply and the information
    assert decide(UNSURE, "faq", feeling=True, question=True) == UNSURE


def test_a_symptom_question_not_about_car_t_stays_out_of_scope():
    assert decide(QUESTION, "out_of_scope", about_car_t=False) is None
    assert decide(QUESTION, "out_of_scope", about_car_t=True) == QUESTION


def test_unwell_words_keep_the_classifiers_report():
    assert decide(None, REPORT, 0.7, unwell=True) is None


@pytest.mark.parametrize("confidence, served", [(0.9, None), (0.4, NEXT_BEST)])
def test_an_unsure_self_harm_guess_needs_a_cue(confidence, served):
    assert decide(None, SELF_HARM, confidence) == served


def test_a_report_with_no_symptom_word_in_a_long_question_is_not_escalated(nlp, cues):
    text = "my son keeps asking me what a t cell actually is and i cannot explain it"
    message = message_for(nlp, text, REPORT)
    message.set(
        "intent_ranking",
        [
            {"name": REPORT, "confidence": 0.5},
            {"name": "faq_t_cells", "confidence": 0.3},
        ],
    )
    [routed_message] = SafetyRouter(cues).process([message])
    assert routed_message.get("intent")["name"] == "faq_t_cells"


def test_a_report_naming_being_unwell_stays_a_report(nlp, cues):
    message = message_for(
        nlp, "something is wrong with my husband, please help", REPORT
    )
    [routed_message] = SafetyRouter(cues).process([message])
    assert routed_message.get("intent")["name"] == REPORT


@pytest.mark.parametrize("text", ["wanna kill myslef", "i want to end my lfie"])
def test_self_harm_phrases_are_found_through_typos(nlp, cues, text):
    assert routed(nlp, cues, text) == SELF_HARM


def message_for(nlp, text: str, intent: str) -> Message:
    message = Message(data={"text": text, "text_spacy_doc": nlp(text.lower())})
    message.set("intent", {"name": intent, "confidence": 0.9})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.9}])
    return message


def test_component_overrides_a_wrong_intent(nlp, cues):
    [message] = SafetyRouter(cues).process(
        [message_for(nlp, "my wife has chills since the infusion", "faq")]
    )
    assert message.get("intent")["name"] == REPORT
    assert message.get("intent_ranking")[0]["name"] == REPORT


def test_component_hears_the_feeling_the_beyond_faq_router_marked(nlp, cues):
    message = message_for(nlp, "my wife has chills since the infusion", "faq")
    message.set(TOLD, {"feeling": True, "question": False})
    [routed_message] = SafetyRouter(cues).process([message])
    assert routed_message.get("intent")["name"] == REPORT_WITH_FEELING


def test_component_turns_an_escalated_question_into_information(nlp, cues):
    [message] = SafetyRouter(cues).process(
        [message_for(nlp, "is a high temperature usual after the infusion?", REPORT)]
    )
    assert message.get("intent")["name"] == QUESTION


def test_component_fails_loudly_without_a_spacy_doc(cues):
    message = Message(data={"text": "my dad has a fever"})
    with pytest.raises(MissingSpacyDoc):
        SafetyRouter(cues).process([message])


def test_component_declares_the_spacy_components_it_needs():
    names = {c.__name__ for c in SafetyRouter.required_components()}
    assert {"SpacyNLP", "SpacyTokenizer", "SpacyEntityExtractor"} <= names


def test_the_next_guess_after_an_unsure_self_harm_guess_is_no_report_without_a_sign(
    nlp, cues
):
    text = "so much pressure from everyone to stay positive"
    message = message_for(nlp, text, SELF_HARM)
    message.set("intent", {"name": SELF_HARM, "confidence": 0.35})
    message.set(
        "intent_ranking",
        [
            {"name": SELF_HARM, "confidence": 0.35},
            {"name": REPORT, "confidence": 0.25},
            {"name": "faq_future", "confidence": 0.2},
        ],
    )
    [routed_message] = SafetyRouter(cues).process([message])
    assert routed_message.get("intent")["name"] == "faq_future"


@pytest.mark.parametrize(
    "text",
    [
        # a feeling that will not go, the illness itself, confusion as a figure
        "worried it won't work, i can't shake the dread",
        "i feel bad for getting sick and needing all this",
        "honestly i'm confused and overwhelmed by all the forms",
        # a symptom word alone, then said again as a figure of speech
        "sick. sick of the waiting rooms",
    ],
)
def test_figures_of_speech_are_no_symptom(nlp, cues, text):
    assert routed(nlp, cues, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "my mum has been shaking since the infusion",
        "since my cells went back in i'm confused and scared",
        "sick. since the infusion i keep being sick",
        "i can barely breathe since the infusion",
    ],
)
def test_the_same_words_told_as_symptoms_are_still_reports(nlp, cues, text):
    assert routed(nlp, cues, text) in (REPORT, UNSURE)


@pytest.mark.parametrize(
    "predicted, served",
    [
        ("express_feeling", "report_loss_with_feeling"),
        ("express_worry", "report_loss_with_feeling"),
        ("express_feeling_at_risk", "report_loss_at_risk"),
        ("faq_cure", LOSS),
    ],
)
def test_a_death_told_with_a_feeling_gets_condolences_and_the_feeling(
    predicted, served
):
    assert decide(LOSS, predicted) == served


@pytest.mark.parametrize(
    "text, unwell",
    [
        ("my anxiety is getting worse every day", False),
        ("i feel awful for snapping at him", False),
        ("my dad is getting worse since the infusion", True),
        ("i feel awful", True),
    ],
)
def test_unwell_words_used_as_a_figure_of_speech_tell_no_one_is_unwell(
    nlp, cues, text, unwell
):
    assert tells_unwell(nlp(text), cues) is unwell


@pytest.mark.parametrize(
    "text, done",
    [
        ("since his infusion", True),
        ("they gave me my cells back", True),
        ("the chemo didn't work", True),
        ("my infusion was two days ago", True),
        # a word of the past that times the news, not the treatment
        ("not slept since we first heard about car-t for my dad", False),
        ("had a call yesterday, the infusion is planned for next month", False),
    ],
)
def test_a_treatment_is_done_when_a_word_of_the_past_goes_with_it(cues, text, done):
    assert treatment_done(text, cues) is done


@pytest.mark.parametrize(
    "text, served",
    [
        # a negated past is no hypothetical: it tells what happened
        ("woke up and couldn't remember where i was", REPORT),
        ("could i get a fever from it", QUESTION),
        # an idiom for being overwhelmed
        ("i don't know where my head is with all this", None),
    ],
)
def test_what_happened_is_told_from_what_might_be(nlp, cues, text, served):
    assert routed(nlp, cues, text) == served


@pytest.mark.parametrize(
    "text, served",
    [
        # the relative only owns the thing the stress is about
        ("got a headache from the stress of my wife's referral forms", QUESTION),
        # the relative owns the body part: their sign, a report
        ("my wife's hands are shaking from nerves", REPORT),
    ],
)
def test_a_sign_of_a_feeling_is_the_speakers_unless_another_owns_it(
    nlp, cues, text, served
):
    assert routed(nlp, cues, text) == served


@pytest.mark.parametrize(
    "text, unwell",
    [
        # struggling alone is a feeling; someone else's, the body's, or after a
        # treatment, a sign of being unwell
        ("i'm struggling so much since the diagnosis", False),
        ("my mum is struggling since yesterday", True),
        ("he's struggling to swallow", True),
        ("i'm struggling since the infusion", True),
        ("things are getting worse at home", False),
    ],
)
def test_struggling_is_a_feeling_unless_the_words_tell_of_the_body(
    nlp, cues, text, unwell
):
    assert tells_unwell(nlp(text), cues) is unwell


@pytest.mark.parametrize(
    "text, served",
    [
        # feeling terrible from the waiting, before any treatment: the warm reply
        ("honestly i feel terrible, the waiting is unbearable", QUESTION),
        # ... but after a treatment, or with no cause told, a report
        ("i feel terrible since the infusion, the waiting is unbearable", REPORT),
        ("i feel terrible", REPORT),
    ],
)
def test_feeling_terrible_from_the_waiting_is_a_feeling(nlp, cues, text, served):
    assert routed(nlp, cues, text) == served


@pytest.mark.parametrize(
    "text", ["whats a good treatment for hay fever", "do i need a yellow fever jab"]
)
def test_an_illness_named_after_a_fever_is_no_fever(nlp, cues, text):
    assert routed(nlp, cues, text) is None


@pytest.mark.parametrize(
    "text, harm",
    [
        # two kinds of warning sign: giving things away, not being around
        (
            "dad's been giving away his tools and says he won't be around much longer",
            True,
        ),
        # a means and a plan
        ("there's a rope in the garage and i've worked out how", True),
        # one kind alone, or an everyday phrase
        ("mum's been giving away her old clothes to the charity shop", False),
        (
            "dad won't talk about it, he says we'll cross that bridge when we get there",
            False,
        ),
    ],
)
def test_warning_signs_of_more_than_one_kind_are_self_harm(nlp, cues, text, harm):
    assert (routed(nlp, cues, text) == SELF_HARM) is harm
