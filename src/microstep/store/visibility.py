"""The one privacy helper: which personal records a viewer may read.

Scopes widen in order. `private`: the owner only. `circle`: also the owner's circle peers, for
the kinds of record the owner shares with that circle. `manager`: also the owner's team manager
and the mentors the owner invited (and circle peers). `org`: everyone signed in to the
organization. Every cross-person read goes through `visible_to`; no route filters by hand.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, false, or_, select
from sqlalchemy.orm import aliased

from microstep.store.models import (
    Achievement,
    ActionPick,
    CircleMember,
    Mentorship,
    Person,
    Review,
    Signal,
    Team,
)

SCOPES = ("private", "circle", "manager", "org")
CIRCLE_AND_WIDER = ("circle", "manager", "org")
MANAGER_AND_WIDER = ("manager", "org")

# What a circle member shares, by kind of record: wins, micro-action ticks, or progress (the rest).
WINS: tuple[type[Any], ...] = (Achievement, Review, Signal)
TICKS: tuple[type[Any], ...] = (ActionPick,)


def share_flag(model: type[Any]) -> Any:
    """The circle-membership column that opens this kind of record to circle peers."""
    if model in WINS:
        return CircleMember.shares_wins
    if model in TICKS:
        return CircleMember.shares_ticks
    return CircleMember.shares_progress


def circle_peers(viewer_id: int, flag: Any | None = None) -> Select[int]:
    """People who share a circle with the viewer (and, given a flag, share that kind with it)."""
    mine = aliased(CircleMember)
    theirs = aliased(CircleMember)
    query = (
        select(theirs.person_id)
        .join(mine, mine.circle_id == theirs.circle_id)
        .where(mine.person_id == viewer_id, theirs.person_id != viewer_id)
    )
    if flag is not None:
        query = query.where(getattr(theirs, flag.key).is_(True))
    return query


def overseen(viewer_id: int) -> CompoundSelect[int]:
    """People whose team the viewer manages, and people who invited the viewer as a mentor."""
    managed = (
        select(Person.id).join(Team, Person.team_id == Team.id).where(Team.manager_id == viewer_id)
    )
    mentored = select(Mentorship.mentee_id).where(Mentorship.mentor_id == viewer_id)
    return managed.union(mentored)


def visible_to(model: type[Any], viewer_id: int | None) -> ColumnElement[bool]:
    """The WHERE clause keeping only the rows of `model` the viewer may read."""
    if viewer_id is None:
        return false()
    owner = model.person_id
    scope = model.visibility
    return or_(
        owner == viewer_id,
        scope == "org",
        and_(scope.in_(MANAGER_AND_WIDER), owner.in_(overseen(viewer_id))),
        and_(scope.in_(CIRCLE_AND_WIDER), owner.in_(circle_peers(viewer_id, share_flag(model)))),
    )


def can_oversee(*, session: Any, viewer_id: int, person_id: int) -> bool:
    """True when the viewer manages the person's team or mentors them."""
    return person_id in set(session.scalars(overseen(viewer_id)).all())
