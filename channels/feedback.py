"""Thumbs up / down on an answer, kept with the conversation in the tracker store.

    POST /webhooks/feedback/webhook
    {"sender": "<sender id>", "rating": "up" | "down", "answer": "<the answer's text>"}

The rating is appended to that sender's conversation as an ``agent`` event
(``AgentUttered``, type_name "agent") whose ``data`` is
``{"feedback": "up"|"down", "response": "<response name>"}``. Rasa applies that
event to nothing (no slot, no action, no intent), so policies, rules and the
walk-through never see it: a thumbs-up between "Shall I go on?" and "yes" leaves
the conversation where it was. Because it is a row of the conversation, `make
purge` and `make forget` delete it with the rest.

The response name comes from the conversation itself: the turn of the newest
bot message whose text is ``answer``, and that turn's main response (its first
bot message other than the session notice), so a client cannot rate an answer
the bot never gave, and "Shall I go on?" counts for the step it follows. No message text is stored with the rating. Answered by the
Rasa server alone (no action server).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import AgentUttered, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rest import MAX_SENDER_CHARS, BadRequest, clean_text

logger = logging.getLogger(__name__)

RATINGS = ("up", "down")
FEEDBACK_KEY = "feedback"
RESPONSE_KEY = "response"
UNKNOWN_RESPONSE = "unknown"
NOTICES = frozenset({"utter_disclaimer"})  # the session's first notice is no answer
MAX_BODY_BYTES = 32_768
MAX_ANSWER_CHARS = 8_000


@dataclass(frozen=True)
class Feedback:
    sender: str
    rating: str
    answer: str


def parse_feedback(body: bytes, content_type: str) -> Feedback:
    """Check one feedback request body; raise BadRequest with a status and reason."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise BadRequest(415, "Content-Type must be application/json.")
    if not body:
        raise BadRequest(400, "The request body is empty.")
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(413, "The request body is too large.")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest(400, "The request body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, "The request body must be a JSON object.")
    sender = payload.get("sender")
    if not isinstance(sender, str) or not clean_text(sender):
        raise BadRequest(400, "'sender' must be a non-empty string.")
    sender = clean_text(sender)
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(400, f"'sender' is longer than {MAX_SENDER_CHARS} characters.")
    rating = payload.get("rating")
    if rating not in RATINGS:
        raise BadRequest(400, '\'rating\' must be "up" or "down".')
    answer = payload.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        raise BadRequest(400, "'answer' must be the text of the answer rated.")
    if len(answer) > MAX_ANSWER_CHARS:
        raise BadRequest(413, "'answer' is too long.")
    return Feedback(sender=sender, rating=str(rating), answer=answer)


def normalised(text: str) -> str:
    return " ".join(text.split())


def rated_response(tracker: DialogueStateTracker, answer: str) -> str | None:
    """The answer rated: the main response of the turn of the newest bot message
    with this text (the turn's first bot message, not counting the session
    notice), or None if the conversation has no such message."""
    wanted = normalised(answer)
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, BotUttered) and normalised(event.text or "") == wanted:
            return turn_response(events, index)
    return None


def response_name(event: BotUttered) -> str:
    name = (event.metadata or {}).get("utter_action")
    return str(name) if name else UNKNOWN_RESPONSE


def turn_response(events: list[Event], index: int) -> str:
    start = index
    while start > 0 and not isinstance(events[start - 1], UserUttered):
        start -= 1
    end = index + 1
    while end < len(events) and not isinstance(events[end], UserUttered):
        end += 1
    for event in events[start:end]:
        if isinstance(event, BotUttered) and response_name(event) not in NOTICES:
            return response_name(event)
    return response_name(cast(BotUttered, events[index]))


def feedback_event(rating: str, response_name: str) -> AgentUttered:
    return AgentUttered(data={FEEDBACK_KEY: rating, RESPONSE_KEY: response_name})


class FeedbackInput(InputChannel):
    """Receives ratings of answers; sends no message to the bot."""

    @classmethod
    def name(cls) -> str:
        return "feedback"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> FeedbackInput:
        return cls()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint("feedback_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                feedback = parse_feedback(
                    request.body or b"", request.content_type or ""
                )
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            return await record(request.app.ctx.agent, feedback)

        return webhook


async def record(agent: Any, feedback: Feedback) -> HTTPResponse:
    """Append the rating to the sender's conversation (under the sender's lock)."""
    try:
        async with agent.lock_store.lock(feedback.sender):
            processor = agent.processor
            tracker = await processor.get_tracker(feedback.sender)
            name = rated_response(tracker, feedback.answer)
            if name is None:
                return response.json(
                    {"error": "That answer is not in this conversation."}, status=404
                )
            tracker.update(feedback_event(feedback.rating, name))
            await processor.save_tracker(tracker)
    except Exception:
        logger.error("Could not save a rating.", exc_info=True)
        return response.json(
            {"error": "The rating could not be saved. Please try again."}, status=503
        )
    return response.json({"status": "saved", "rating": feedback.rating})
