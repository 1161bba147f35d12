"""Input and output shapes of the evidence log: signals, feedback, micro-actions, experiments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from microstep.core.evidence import ActionCategory, ActionFocus, FeedbackStatus, SignalKind
from microstep.core.experiments import DEFAULT_WEEKS, ExperimentStatus, Verdict
from microstep.core.signals import parse_kind
from microstep.errors import InvalidInput
from microstep.services.schemas import RecordId, Schema


def _kind(value: Any) -> Any:
    """Accept the friendly forms people type ('meeting-invite', 'Meeting invite')."""
    return parse_kind(value) if isinstance(value, str) else value


Kind = Annotated[
    SignalKind,
    BeforeValidator(_kind),
    Field(description="invitation, feedback, assignment, praise, meeting_invite or mention."),
]
RATING_RULE = "Choose a rating from 1 to 5 for how useful the answer was."


def _rating(value: Any) -> Any:
    """A whole number out of range gets the one plain sentence, not a field error."""
    if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 5:
        raise InvalidInput(RATING_RULE, field="rating")
    return value


Rating = Annotated[
    int,
    BeforeValidator(_rating),
    Field(ge=1, le=5, description="1 (not useful) to 5 (very useful)."),
]


class SignalCreate(Schema):
    """One line of evidence: what happened, of which kind, from whom, on which day."""

    kind: Kind
    note: str = Field(description="What happened, in one line.")
    source: str | None = Field(default=None, description="Who or where it came from.")
    occurred_on: date | None = Field(default=None, description="Defaults to today.")


class SignalPublic(Schema):
    """A signal as shown."""

    id: int
    kind: SignalKind
    occurred_on: date
    note: str | None
    source: str | None
    rating: int | None
    feedback_request_id: int | None
    created_at: datetime


class SignalWeekPublic(Schema):
    """Signals per kind in one ISO week (the week starts on `week`, a Monday)."""

    week: date
    counts: dict[str, int]
    total: int


class FeedbackCreate(Schema):
    """One specific question to a named person about a named action."""

    question: str = Field(
        description="One question ending with '?', e.g. 'Was the summary I sent on Monday "
        "useful for your decision?'"
    )
    asked_whom: str = Field(description="The person asked, by name.")
    about: str = Field(description="The action the question is about.")
    goal_id: RecordId | None = None
    asked_on: date | None = Field(default=None, description="Defaults to today.")


class FeedbackAnswer(Schema):
    """The answer to a feedback request and how useful it says the action was."""

    rating: Rating
    answer: str
    answered_on: date | None = Field(default=None, description="Defaults to today.")


class FeedbackPublic(Schema):
    """A feedback request as shown."""

    id: int
    question: str
    asked_whom: str
    about: str
    asked_on: date
    status: FeedbackStatus
    answer: str | None
    rating: int | None
    answered_on: date | None
    goal_id: int | None
    signal_id: int | None = None
    responder_id: int | None = Field(
        default=None, description="Team mode: the colleague who answers it in the app."
    )


class MicroActionPublic(Schema):
    """An entry of the micro-action library."""

    key: str
    title: str
    how: str
    minutes: int
    category: ActionCategory
    focus: ActionFocus
    picked: bool = False


class ActionTickCreate(Schema):
    """A day a picked micro-action was done."""

    done_on: date | None = Field(default=None, description="Defaults to today.")


class ActionPickPublic(Schema):
    """A picked micro-action with this week's ticks and its weekly streak."""

    key: str
    title: str
    how: str
    minutes: int
    category: ActionCategory
    focus: ActionFocus
    picked_on: date
    ticks_this_week: int
    done_today: bool
    streak_weeks: int
    last_done: date | None
    total_ticks: int


class ExperimentCreate(Schema):
    """A tactic time-boxed for a few weeks, with the signal kinds it should move."""

    tactic: str = Field(description="What you will do, e.g. 'Share a 3-bullet insight weekly'.")
    hypothesis: str = Field(description="What you expect it to change, and why.")
    track: list[Kind] = Field(description="The signal kinds it should move (at least one).")
    weeks: int = Field(default=DEFAULT_WEEKS, description="How long it runs (1-12 weeks).")
    starts_on: date | None = Field(default=None, description="Defaults to today.")
    action_key: str | None = Field(default=None, description="A library micro-action it uses.")


class ExperimentStop(Schema):
    """What was learned, when stopping or closing an experiment."""

    conclusion: str | None = None


class KindResultPublic(Schema):
    """One tracked kind: counts in each window, the rate ratio, its interval and the verdict."""

    kind: SignalKind
    baseline_count: int
    baseline_days: int
    experiment_count: int
    experiment_days: int
    ratio: float
    low: float
    high: float
    level: float
    verdict: Verdict
    sentence: str


class ExperimentPublic(Schema):
    """An experiment as shown, with per-kind results once it has started."""

    id: int
    tactic: str
    hypothesis: str
    action_key: str | None
    action_title: str | None = Field(default=None, description="The micro-action's title.")
    starts_on: date
    ends_on: date
    baseline_start: date
    baseline_end: date
    status: ExperimentStatus
    conclusion: str | None
    tracked: list[SignalKind]
    results: list[KindResultPublic]
    created_at: datetime
