"""Storage the weekly review reads and writes: a person's rows over a date range, and reviews."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from microstep.store.models import (
    ActionPick,
    ActionTick,
    Experiment,
    FeedbackRequest,
    Lesson,
    MicroGoal,
    MicroSkill,
    PracticeSession,
    Review,
    Signal,
)


def _instant(day: date) -> datetime:
    """Midnight UTC of a day."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def practice_between(
    *, session: Session, person_id: int, start: date, end: date
) -> list[tuple[date, int]]:
    """(day, minutes) of each practice session from `start` to `end`, both included."""
    query = (
        select(PracticeSession.practised_on, PracticeSession.minutes)
        .where(
            PracticeSession.person_id == person_id,
            PracticeSession.practised_on.between(start, end),
        )
        .order_by(PracticeSession.practised_on, PracticeSession.id)
    )
    return [(day, minutes) for day, minutes in session.execute(query)]


def goals_open_since(*, session: Session, person_id: int, since: date) -> Sequence[MicroGoal]:
    """Goals still open, finished since `since` (a day early, for time zones), or due since."""
    early = _instant(since) - timedelta(days=1)
    query = select(MicroGoal).where(
        MicroGoal.person_id == person_id,
        or_(
            MicroGoal.finished_at.is_(None),
            MicroGoal.finished_at >= early,
            MicroGoal.due >= since,
        ),
    )
    return session.scalars(query.order_by(MicroGoal.created_at, MicroGoal.id)).all()


def signals_between(
    *, session: Session, person_id: int, start: date, end: date
) -> Sequence[Signal]:
    """A person's signals from `start` to `end`, both included, oldest first."""
    query = select(Signal).where(
        Signal.person_id == person_id, Signal.occurred_on.between(start, end)
    )
    return session.scalars(query.order_by(Signal.occurred_on, Signal.id)).all()


def feedback_answered_between(
    *, session: Session, person_id: int, start: date, end: date
) -> Sequence[FeedbackRequest]:
    """Feedback requests answered from `start` to `end`, both included, oldest first."""
    query = select(FeedbackRequest).where(
        FeedbackRequest.person_id == person_id,
        FeedbackRequest.status == "answered",
        FeedbackRequest.answered_on.between(start, end),
    )
    return session.scalars(query.order_by(FeedbackRequest.answered_on, FeedbackRequest.id)).all()


def ticks_between(
    *, session: Session, person_id: int, start: date, end: date
) -> list[tuple[date, str, str]]:
    """(day, focus, title) of each micro-action tick from `start` to `end`, both included."""
    query = (
        select(ActionTick.done_on, ActionPick.focus, ActionPick.title)
        .join(ActionPick, ActionTick.pick_id == ActionPick.id)
        .where(ActionPick.person_id == person_id, ActionTick.done_on.between(start, end))
        .order_by(ActionTick.done_on, ActionTick.id)
    )
    return [(day, focus, title) for day, focus, title in session.execute(query)]


def picks_held_between(
    *, session: Session, person_id: int, start: date, end: date
) -> Sequence[ActionPick]:
    """Micro-actions picked by `end` and not dropped before `start`."""
    query = select(ActionPick).where(
        ActionPick.person_id == person_id,
        ActionPick.picked_on <= end,
        or_(ActionPick.dropped_on.is_(None), ActionPick.dropped_on >= start),
    )
    return session.scalars(query.order_by(ActionPick.picked_on, ActionPick.id)).all()


def microskills_of(*, session: Session, person_id: int) -> Sequence[MicroSkill]:
    """All of a person's micro-skills, with their skill loaded."""
    query = select(MicroSkill).where(MicroSkill.person_id == person_id)
    return session.scalars(query.order_by(MicroSkill.id)).all()


def experiments_between(
    *, session: Session, person_id: int, start: date, end: date
) -> Sequence[Experiment]:
    """Experiments whose window overlaps `start` to `end`."""
    query = select(Experiment).where(
        Experiment.person_id == person_id,
        Experiment.starts_on <= end,
        Experiment.ends_on >= start,
    )
    return session.scalars(query.order_by(Experiment.starts_on, Experiment.id)).all()


def get_review(*, session: Session, person_id: int, week_start: date) -> Review | None:
    """The saved review of the week starting on `week_start`, if any."""
    query = select(Review).where(Review.person_id == person_id, Review.week_start == week_start)
    return session.scalars(query).one_or_none()


def add_review(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Review:
    """Store a new review."""
    row = Review(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def list_reviews(*, session: Session, person_id: int) -> Sequence[Review]:
    """A person's saved reviews, newest week first."""
    query = select(Review).where(Review.person_id == person_id)
    return session.scalars(query.order_by(Review.week_start.desc())).all()


def lesson_of_review(*, session: Session, person_id: int, review_id: int) -> Lesson | None:
    """The lesson written from a review, if any (the first one)."""
    query = select(Lesson).where(Lesson.person_id == person_id, Lesson.review_id == review_id)
    return session.scalars(query.order_by(Lesson.id).limit(1)).one_or_none()


def add_lesson(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Lesson:
    """Store a new lesson (the full-text index follows by trigger or generated column)."""
    row = Lesson(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row
