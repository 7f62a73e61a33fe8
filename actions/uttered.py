"""Every response the code utters by name, for validation (scripts/validate_data.py).

Rasa's validator sees only the responses that stories and rules name; these are
the ones the custom actions (and the REST channel's `utter_trouble`) send from
code, some with names built at run time (steps, side effects). A response added
to an action's code belongs here too; `make validate` then knows it is used.
"""

from __future__ import annotations

from actions.side_effects import SIDE_EFFECTS
from actions.steps import STEPS, navigation_response, step_response

CODE_RESPONSES: frozenset[str] = frozenset(
    {
        # actions/menu.py
        "utter_capabilities",
        "utter_symptom_urgent",
        "utter_clarify",
        "utter_default",
        # actions/session.py
        "utter_disclaimer",
        # actions/continue_topic.py
        "utter_no_more_detail",
        # actions/side_effects.py
        "utter_side_effects_overview",
        "utter_when_to_call_care_team",
        *(f"utter_side_effect_{name}" for name in SIDE_EFFECTS),
        *(f"utter_offer_{name}" for name in SIDE_EFFECTS),
        # actions/walkthrough.py and actions/steps.py
        "utter_steps_overview",
        "utter_offer_walkthrough",
        "utter_walkthrough_done",
        "utter_walkthrough_no_previous",
        *(step_response(step) for step in STEPS),
        *(navigation_response(step) for step in STEPS),
        # actions/not_in_article.py (the closest topic's own answer is a FAQ response)
        "utter_not_in_article",
        "utter_closest_topic",
        "utter_other_topics",
        # actions/talk_to_person.py
        "utter_talk_to_person",
        "utter_talk_to_person_urgent",
        # actions/two_questions.py (the parts' answers are their rules' replies)
        "utter_other_question_offer",
        # channels/rest.py: TROUBLE_RESPONSE, when a turn fails
        "utter_trouble",
    }
)
