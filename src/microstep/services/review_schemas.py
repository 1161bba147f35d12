"""Shapes of the weekly review: the texts a person writes, the computed week, the saved list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from microstep.services.schemas import Schema

WEEK_EXAMPLE = "2026-W47"
LessonOutcome = Literal["added", "updated", "unchanged", "kept", "removed", "none"]


class ReviewUpdate(Schema):
    """The reflections of a week: a field left out (or null) keeps its saved text, an empty
    one clears it; at least one answer must remain."""

    what_worked: str | None = Field(default=None, description="What worked this week?")
    to_adjust: str | None = Field(default=None, description="What will you adjust next week?")
    lessons: str | None = Field(
        default=None, description="Lessons learned; also saved to the lessons knowledge base."
    )
    wins: str | None = Field(default=None, description="Wins to celebrate, in your words.")


class GoalLinePublic(Schema):
    """A micro-goal as the review mentions it."""

    id: int
    title: str
    kind: str
    status: str
    due: date
    finished_on: date | None
    outcome_value: float | None
    unit: str | None
    outcome_note: str | None
    mark: str = Field(default="", description="done, done late, missed or dropped.")
    outcome: str | None = Field(default=None, description="What it reached, in words.")


class FeedbackLinePublic(Schema):
    """Feedback received in the week."""

    asked_whom: str
    question: str
    rating: int | None
    answer: str | None
    answered_on: date


class SignalCountPublic(Schema):
    """One signal kind this week against its weekly average over the 4 weeks before."""

    kind: str
    this_week: int
    average: float


class WinPublic(Schema):
    """Something to celebrate."""

    kind: str = Field(description="goal, mastered, signal, feedback or experiment.")
    title: str
    detail: str | None
    day: date | None


class ReviewSummaryPublic(Schema):
    """The computed figures of a week, as of its last day seen (today while it is going)."""

    week: str = Field(examples=[WEEK_EXAMPLE])
    start: date
    end: date
    as_of: date
    in_progress: bool
    days_elapsed: int
    minutes: int
    sessions: int
    practice_days: int
    average_sessions: float = Field(description="Sessions a week over the 4 weeks before.")
    goals_done: list[GoalLinePublic] = Field(
        description="Goals finished in the week, on time or late (marked 'done late')."
    )
    goals_missed: list[GoalLinePublic] = Field(
        description="Goals due in the week and dropped, or not done by their due day (and not "
        "finished later in the same week)."
    )
    feedback: list[FeedbackLinePublic]
    average_rating: float | None
    signals: list[SignalCountPublic]
    ticks: dict[str, int] = Field(description="Micro-action ticks per focus.")
    wins: list[WinPublic]


class PitfallPublic(Schema):
    """A pitfall that fired, with the evidence it fired on and what to try."""

    key: str
    title: str
    evidence: list[str]
    suggestion: str


class SavedReviewPublic(Schema):
    """The reflections saved for a week."""

    id: int
    week: str
    week_start: date
    what_worked: str | None
    to_adjust: str | None
    lessons: str | None
    wins: str | None
    lesson_id: int | None = Field(description="The lesson written from the lessons prompt.")
    lesson_edited: bool = Field(
        default=False,
        description="The lesson was changed in Lessons, so saving the review leaves it alone.",
    )
    created_at: datetime
    updated_at: datetime


class ReviewPublic(Schema):
    """A week's review: the current computation, pitfalls, and the saved reflections if any."""

    week: str = Field(examples=[WEEK_EXAMPLE])
    start: date
    end: date
    previous: str
    next: str | None = Field(description="The next week, unless it has not started yet.")
    summary: ReviewSummaryPublic
    pitfalls: list[PitfallPublic]
    saved: SavedReviewPublic | None
    lesson_outcome: LessonOutcome | None = Field(
        default=None,
        description="After a save, what happened to the lesson written from the review: added, "
        "updated, unchanged, kept (edited in Lessons, left alone), removed, or none.",
    )
    lesson_note: str | None = Field(
        default=None,
        description="After a save, what happened to the lesson, in one sentence.",
        examples=["Your lesson 'Week 2026-W42' was edited in Lessons, so it was left as it is."],
    )


class ReviewListItem(Schema):
    """A saved review in the list, with figures from its snapshot."""

    id: int
    week: str
    week_start: date
    minutes: int
    sessions: int
    goals_done: int
    wins: int
    what_worked: str | None
    to_adjust: str | None
    lessons: str | None
    updated_at: datetime
