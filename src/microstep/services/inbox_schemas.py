"""Input and output shapes of feedback across people: ask a colleague, answer from the inbox."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from microstep.core.evidence import FeedbackStatus
from microstep.services.evidence_schemas import Rating
from microstep.services.schemas import RecordId, Schema


class ColleagueAsk(Schema):
    """One specific question to a colleague of the organization, answered in the app."""

    responder_id: RecordId = Field(description="The colleague asked: an account's person id.")
    question: str = Field(
        description="One question ending with '?', e.g. 'Was the summary I sent on Monday "
        "useful for your decision?'"
    )
    about: str = Field(description="The action the question is about.")
    goal_id: RecordId | None = Field(default=None, description="A micro-goal of yours it serves.")


class InboxItem(Schema):
    """A question a colleague asked you: who asked, about what, and nothing else of theirs."""

    id: int
    asker_name: str
    about: str
    question: str
    asked_on: date
    status: FeedbackStatus


class InboxAnswer(Schema):
    """Your answer to a colleague's question and how useful you found their action."""

    rating: Rating
    answer: str = Field(description="Your answer, a sentence or two.")


class FeedbackDue(Schema):
    """A reminder to answer a colleague's question, for the reminders worker."""

    person_id: int = Field(description="Who is reminded: the colleague asked.")
    request_id: int
    subject: str
    text: str
