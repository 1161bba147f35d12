"""Storage of the portfolio, and the reads its suggestions, document and updates are built from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microstep.store.models import (
    Achievement,
    FeedbackRequest,
    MicroGoal,
    MicroSkill,
    Person,
    PracticeSession,
    Review,
    Signal,
    SkillLevelChange,
    SkillTarget,
)


def add_achievement(
    *, session: Session, person_id: int, now: datetime, **fields: Any
) -> Achievement:
    """Store a new achievement."""
    row = Achievement(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_achievement(*, session: Session, person_id: int, achievement_id: int) -> Achievement | None:
    """One achievement of this person."""
    return session.scalars(
        select(Achievement).where(
            Achievement.id == achievement_id, Achievement.person_id == person_id
        )
    ).first()


def list_achievements(
    *, session: Session, person_id: int, since: date | None = None, until: date | None = None
) -> Sequence[Achievement]:
    """A person's achievements, newest first, optionally within days."""
    query = select(Achievement).where(Achievement.person_id == person_id)
    if since is not None:
        query = query.where(Achievement.achieved_on >= since)
    if until is not None:
        query = query.where(Achievement.achieved_on <= until)
    return session.scalars(
        query.order_by(Achievement.achieved_on.desc(), Achievement.id.desc())
    ).all()


def delete_achievement(*, session: Session, row: Achievement) -> None:
    """Remove one achievement."""
    session.delete(row)
    session.flush()


def goals_finished(
    *, session: Session, person_id: int, status: str, since: datetime | None = None
) -> Sequence[tuple[MicroGoal, str | None]]:
    """Goals with this status (and their skill's name), newest finish first."""
    query = (
        select(MicroGoal, SkillTarget.name)
        .outerjoin(SkillTarget, SkillTarget.id == MicroGoal.skill_id)
        .where(MicroGoal.person_id == person_id, MicroGoal.status == status)
        .where(MicroGoal.finished_at.is_not(None))
    )
    if since is not None:
        query = query.where(MicroGoal.finished_at >= since)
    rows = session.execute(query.order_by(MicroGoal.finished_at.desc(), MicroGoal.id.desc()))
    return [(goal, name) for goal, name in rows.all()]


def overdue_goals(*, session: Session, person_id: int, before: date) -> Sequence[MicroGoal]:
    """Open goals due before a day, oldest due first."""
    return session.scalars(
        select(MicroGoal)
        .where(
            MicroGoal.person_id == person_id,
            MicroGoal.status.in_(("planned", "active")),
            MicroGoal.due < before,
        )
        .order_by(MicroGoal.due, MicroGoal.id)
    ).all()


def mastered_microskills(*, session: Session, person_id: int) -> Sequence[MicroSkill]:
    """Mastered micro-skills (their skill joined), most recently mastered first."""
    return session.scalars(
        select(MicroSkill)
        .where(MicroSkill.person_id == person_id, MicroSkill.state == "mastered")
        .order_by(MicroSkill.mastered_at.desc(), MicroSkill.id.desc())
    ).all()


def journal_of(*, session: Session, microskill_id: int) -> Sequence[PracticeSession]:
    """A micro-skill's journal, oldest first."""
    return session.scalars(
        select(PracticeSession)
        .where(PracticeSession.micro_skill_id == microskill_id)
        .order_by(PracticeSession.practised_on, PracticeSession.id)
    ).all()


def practice_between(
    *, session: Session, person_id: int, start: date, end: date
) -> list[tuple[date, int]]:
    """(day, minutes) of every session between two days, both included."""
    query = select(PracticeSession.practised_on, PracticeSession.minutes).where(
        PracticeSession.person_id == person_id,
        PracticeSession.practised_on.between(start, end),
    )
    return [(day, minutes) for day, minutes in session.execute(query).all()]


def signals_of(*, session: Session, person_id: int, since: date | None = None) -> Sequence[Signal]:
    """A person's signals, newest first, optionally from a day on."""
    query = select(Signal).where(Signal.person_id == person_id)
    if since is not None:
        query = query.where(Signal.occurred_on >= since)
    return session.scalars(query.order_by(Signal.occurred_on.desc(), Signal.id.desc())).all()


def used_sources(*, session: Session, person_id: int) -> list[tuple[str, int]]:
    """The goals, micro-skills and signals already turned into achievements."""
    rows = session.execute(
        select(Achievement.goal_id, Achievement.micro_skill_id, Achievement.signal_id).where(
            Achievement.person_id == person_id
        )
    ).all()
    used: list[tuple[str, int]] = []
    for goal_id, microskill_id, signal_id in rows:
        used += [("goal", goal_id)] if goal_id is not None else []
        used += [("microskill", microskill_id)] if microskill_id is not None else []
        used += [("signal", signal_id)] if signal_id is not None else []
    return used


def open_feedback_requests(*, session: Session, person_id: int) -> Sequence[FeedbackRequest]:
    """Feedback requests still waiting, oldest first."""
    return session.scalars(
        select(FeedbackRequest)
        .where(FeedbackRequest.person_id == person_id, FeedbackRequest.status == "open")
        .order_by(FeedbackRequest.asked_on, FeedbackRequest.id)
    ).all()


def latest_review(*, session: Session, person_id: int, until: date) -> Review | None:
    """The newest saved weekly review that starts on or before a day."""
    return session.scalars(
        select(Review)
        .where(Review.person_id == person_id, Review.week_start <= until)
        .order_by(Review.week_start.desc())
        .limit(1)
    ).first()


def level_changes(
    *, session: Session, person_id: int, since: datetime
) -> Sequence[SkillLevelChange]:
    """Level changes of a person's skills from an instant on (not the first placement)."""
    return session.scalars(
        select(SkillLevelChange)
        .join(SkillTarget, SkillTarget.id == SkillLevelChange.skill_id)
        .where(
            SkillTarget.person_id == person_id,
            SkillLevelChange.changed_at >= since,
            SkillLevelChange.from_level.is_not(None),
        )
        .order_by(SkillLevelChange.changed_at)
    ).all()


def first_activity(*, session: Session, person_id: int) -> date | None:
    """The first day with practice, for the growth charts' start."""
    return session.scalar(
        select(func.min(PracticeSession.practised_on)).where(PracticeSession.person_id == person_id)
    )


def first_record(*, session: Session, person_id: int) -> date | None:
    """The earliest day the person's own records speak of: set-up, first goal, practice, signal."""
    days: list[date] = []
    created = session.scalar(select(Person.created_at).where(Person.id == person_id))
    first_goal = session.scalar(
        select(func.min(MicroGoal.created_at)).where(MicroGoal.person_id == person_id)
    )
    days += [moment.date() for moment in (created, first_goal) if moment is not None]
    for column, owner in (
        (PracticeSession.practised_on, PracticeSession.person_id),
        (Signal.occurred_on, Signal.person_id),
    ):
        day = session.scalar(select(func.min(column)).where(owner == person_id))
        if day is not None:
            days.append(day)
    return min(days, default=None)
