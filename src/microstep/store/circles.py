"""Queries of study circles and buddy pairs: circles, members, nudges, and what a member shows.

The "seen by" queries read another person's records only through `visible_to`; the service adds
the circle's own share flags on top.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from microstep.store.models import (
    Achievement,
    ActionPick,
    ActionTick,
    Circle,
    CircleMember,
    MicroGoal,
    Nudge,
    Person,
    PracticeSession,
    Review,
    Signal,
    SkillLevelChange,
    SkillTarget,
)
from microstep.store.visibility import visible_to


def _instant(day: date) -> datetime:
    """Midnight UTC of a day."""
    return datetime.combine(day, time(0), tzinfo=UTC)


# --- circles and members -----------------------------------------------------------------------


def get_circle(*, session: Session, circle_id: int, lock: bool = False) -> Circle | None:
    """A circle by id; with `lock`, its row is held until the transaction ends (PostgreSQL), so
    membership changes to one circle happen one at a time."""
    return session.get(Circle, circle_id, with_for_update=lock)


def add_circle(*, session: Session, name: str, kind: str, created_by: int, now: datetime) -> Circle:
    """Store a new circle."""
    circle = Circle(name=name, kind=kind, created_by=created_by, created_at=now)
    session.add(circle)
    session.flush()
    return circle


def delete_circle(*, session: Session, circle: Circle) -> None:
    """Remove a circle with its members and nudges."""
    session.delete(circle)
    session.flush()


def circles_of(*, session: Session, person_id: int) -> Sequence[Circle]:
    """The circles a person is a member of, by name."""
    query = (
        select(Circle)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(CircleMember.person_id == person_id)
        .order_by(Circle.name, Circle.id)
    )
    return session.scalars(query).all()


def circles_with_members(*, session: Session, least: int) -> Sequence[Circle]:
    """Every circle with at least `least` members, by id."""
    counted = (
        select(CircleMember.circle_id)
        .group_by(CircleMember.circle_id)
        .having(func.count() >= least)
    )
    return session.scalars(select(Circle).where(Circle.id.in_(counted)).order_by(Circle.id)).all()


def get_member(*, session: Session, circle_id: int, person_id: int) -> CircleMember | None:
    """A person's membership of a circle."""
    query = select(CircleMember).where(
        CircleMember.circle_id == circle_id, CircleMember.person_id == person_id
    )
    return session.scalars(query).first()


def members_of(*, session: Session, circle_id: int) -> list[tuple[CircleMember, Person]]:
    """A circle's memberships with their people, by name."""
    query = (
        select(CircleMember, Person)
        .join(Person, Person.id == CircleMember.person_id)
        .where(CircleMember.circle_id == circle_id)
        .order_by(Person.name, Person.id)
    )
    return [(member, person) for member, person in session.execute(query)]


def count_members(*, session: Session, circle_id: int) -> int:
    """How many members a circle has."""
    query = select(func.count()).where(CircleMember.circle_id == circle_id)
    return session.scalar(query) or 0


def add_member(
    *, session: Session, circle_id: int, person_id: int, now: datetime, shares: bool
) -> CircleMember:
    """Add a person to a circle: sharing progress and wins when `shares`, else nothing yet."""
    member = CircleMember(
        circle_id=circle_id,
        person_id=person_id,
        joined_at=now,
        shares_progress=shares,
        shares_wins=shares,
        shares_ticks=False,
    )
    session.add(member)
    session.flush()
    return member


def count_created(*, session: Session, person_id: int) -> int:
    """How many circles this person started (that still exist)."""
    return (
        session.scalar(
            select(func.count()).select_from(Circle).where(Circle.created_by == person_id)
        )
        or 0
    )


def delete_member(*, session: Session, member: CircleMember) -> None:
    """Take a person out of a circle."""
    session.delete(member)
    session.flush()


def org_people(*, session: Session, person_ids: Sequence[int]) -> Sequence[Person]:
    """The active accounts of the organization among these ids."""
    query = select(Person).where(
        Person.id.in_(person_ids), Person.is_local.is_(False), Person.is_active.is_(True)
    )
    return session.scalars(query).all()


# --- nudges ------------------------------------------------------------------------------------


def count_nudges(*, session: Session, from_id: int, to_id: int, since: datetime) -> int:
    """Nudges one person sent another since an instant."""
    query = select(func.count()).where(
        Nudge.from_id == from_id, Nudge.to_id == to_id, Nudge.created_at >= since
    )
    return session.scalar(query) or 0


def add_nudge(
    *, session: Session, circle_id: int, from_id: int, to_id: int, message: str, now: datetime
) -> Nudge:
    """Store a nudge."""
    nudge = Nudge(
        circle_id=circle_id, from_id=from_id, to_id=to_id, message=message, created_at=now
    )
    session.add(nudge)
    session.flush()
    return nudge


def nudges_to(*, session: Session, person_id: int, limit: int) -> list[tuple[Nudge, str, str]]:
    """(nudge, sender's name, circle's name) sent to a person: unseen first, newest first."""
    unseen_first = case((Nudge.seen_at.is_(None), 0), else_=1)
    query = (
        select(Nudge, Person.name, Circle.name)
        .join(Person, Person.id == Nudge.from_id)
        .join(Circle, Circle.id == Nudge.circle_id)
        .where(Nudge.to_id == person_id)
        .order_by(unseen_first, Nudge.created_at.desc(), Nudge.id.desc())
        .limit(limit)
    )
    return [(nudge, sender, circle) for nudge, sender, circle in session.execute(query)]


def mark_seen(
    *, session: Session, person_id: int, nudge_ids: Sequence[int] | None, now: datetime
) -> int:
    """Mark a person's unseen nudges (these, or all) seen; how many changed."""
    query = update(Nudge).where(Nudge.to_id == person_id, Nudge.seen_at.is_(None))
    if nudge_ids is not None:
        query = query.where(Nudge.id.in_(nudge_ids))
    result = session.execute(query.values(seen_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


# --- what a member shows a viewer --------------------------------------------------------------


def practice_seen(
    *, session: Session, person_id: int, viewer_id: int, start: date, end: date
) -> list[tuple[date, int]]:
    """(day, minutes) of a person's practice the viewer may see, `start` to `end` included."""
    query = select(PracticeSession.practised_on, PracticeSession.minutes).where(
        PracticeSession.person_id == person_id,
        visible_to(PracticeSession, viewer_id),
        PracticeSession.practised_on.between(start, end),
    )
    return [(day, minutes) for day, minutes in session.execute(query.order_by(PracticeSession.id))]


def goals_seen(
    *, session: Session, person_id: int, viewer_id: int, since: date
) -> Sequence[MicroGoal]:
    """A person's micro-goals the viewer may see: still open, or finished since `since` (a day
    early, for time zones)."""
    query = select(MicroGoal).where(
        MicroGoal.person_id == person_id,
        visible_to(MicroGoal, viewer_id),
        or_(
            MicroGoal.finished_at.is_(None),
            MicroGoal.finished_at >= _instant(since) - timedelta(days=1),
        ),
    )
    return session.scalars(query.order_by(MicroGoal.id)).all()


def level_changes_seen(
    *, session: Session, person_id: int, viewer_id: int, start: date, end: date
) -> list[tuple[str, int | None, int, datetime]]:
    """(skill, from, to, when) of level changes of skills the viewer may see, about the days
    `start` to `end` (a day wider each side, for time zones)."""
    query = (
        select(
            SkillTarget.name,
            SkillLevelChange.from_level,
            SkillLevelChange.to_level,
            SkillLevelChange.changed_at,
        )
        .join(SkillTarget, SkillTarget.id == SkillLevelChange.skill_id)
        .where(
            SkillTarget.person_id == person_id,
            visible_to(SkillTarget, viewer_id),
            SkillLevelChange.changed_at >= _instant(start) - timedelta(days=1),
            SkillLevelChange.changed_at < _instant(end) + timedelta(days=2),
        )
        .order_by(SkillLevelChange.changed_at, SkillLevelChange.id)
    )
    return [(name, old, new, at) for name, old, new, at in session.execute(query)]


def achievements_seen(
    *, session: Session, person_id: int, viewer_id: int, start: date, end: date
) -> Sequence[Achievement]:
    """A person's achievements the viewer may see, `start` to `end` included."""
    query = select(Achievement).where(
        Achievement.person_id == person_id,
        visible_to(Achievement, viewer_id),
        Achievement.achieved_on.between(start, end),
    )
    return session.scalars(query.order_by(Achievement.achieved_on, Achievement.id)).all()


def reviews_seen(
    *, session: Session, person_id: int, viewer_id: int, week_start: date
) -> Sequence[Review]:
    """A person's review of the week, if the viewer may see it."""
    query = select(Review).where(
        Review.person_id == person_id,
        visible_to(Review, viewer_id),
        Review.week_start == week_start,
    )
    return session.scalars(query).all()


def signals_seen(
    *, session: Session, person_id: int, viewer_id: int, start: date, end: date
) -> Sequence[Signal]:
    """A person's signals the viewer may see, `start` to `end` included."""
    query = select(Signal).where(
        Signal.person_id == person_id,
        visible_to(Signal, viewer_id),
        Signal.occurred_on.between(start, end),
    )
    return session.scalars(query.order_by(Signal.occurred_on, Signal.id)).all()


def ticks_seen(
    *, session: Session, person_id: int, viewer_id: int, start: date, end: date
) -> list[tuple[date, str]]:
    """(day, title) of ticks of a person's micro-actions the viewer may see."""
    query = (
        select(ActionTick.done_on, ActionPick.title)
        .join(ActionPick, ActionTick.pick_id == ActionPick.id)
        .where(
            ActionPick.person_id == person_id,
            visible_to(ActionPick, viewer_id),
            ActionTick.done_on.between(start, end),
        )
        .order_by(ActionTick.done_on, ActionTick.id)
    )
    return [(day, title) for day, title in session.execute(query)]
