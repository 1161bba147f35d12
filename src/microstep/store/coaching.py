"""Queries of coaching requests: a requester's own, an advisor's queue, upcoming sessions.

A request has no visibility scope: it is shared by taking part in it. The requester sees it;
an advisor sees it while it waits unassigned in the queue, and once it is assigned to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from microstep.store.models import CoachingRequest, Person

OPEN = ("requested", "scheduled")
Requester = aliased(Person, name="requester")
Advisor = aliased(Person, name="advisor")
CoachingRow = tuple[CoachingRequest, str, str | None]


def add_request(*, session: Session, person_id: int, now: datetime, **fields: Any) -> int:
    """Store a new request; its id."""
    row = CoachingRequest(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row.id


def participates(viewer_id: int, *, is_advisor: bool) -> ColumnElement[bool]:
    """The requests a person takes part in: their own; for an advisor also those assigned to
    them and those waiting unassigned."""
    mine = CoachingRequest.person_id == viewer_id
    if not is_advisor:
        return mine
    unassigned = and_(CoachingRequest.advisor_id.is_(None), CoachingRequest.status == "requested")
    return or_(mine, CoachingRequest.advisor_id == viewer_id, unassigned)


def _with_names() -> Select[CoachingRequest, str, str | None]:
    return (
        select(CoachingRequest, Requester.name, Advisor.name)
        .join(Requester, Requester.id == CoachingRequest.person_id)
        .outerjoin(Advisor, Advisor.id == CoachingRequest.advisor_id)
    )


def get_request(
    *, session: Session, request_id: int, where: ColumnElement[bool], lock: bool = False
) -> CoachingRow | None:
    """One request the clause lets through, with the requester's and advisor's names."""
    query = _with_names().where(CoachingRequest.id == request_id, where)
    if lock:
        query = query.with_for_update(of=CoachingRequest)
    found = session.execute(query).first()
    if found is None:
        return None
    row, requester, advisor = found
    return row, requester, advisor


def requests_of(*, session: Session, person_id: int) -> list[CoachingRow]:
    """A person's own requests, newest first."""
    query = _with_names().where(CoachingRequest.person_id == person_id)
    return _rows(
        session, query.order_by(CoachingRequest.created_at.desc(), CoachingRequest.id.desc())
    )


def queue_of(*, session: Session, advisor_id: int) -> list[CoachingRow]:
    """An advisor's queue: open requests of others, unassigned or assigned to them; scheduled
    ones first by time, then the waiting ones oldest first."""
    query = _with_names().where(
        CoachingRequest.status.in_(OPEN),
        CoachingRequest.person_id != advisor_id,
        or_(CoachingRequest.advisor_id.is_(None), CoachingRequest.advisor_id == advisor_id),
    )
    order = (
        CoachingRequest.scheduled_for.asc().nulls_last(),
        CoachingRequest.created_at,
        CoachingRequest.id,
    )
    return _rows(session, query.order_by(*order))


def count_open(*, session: Session, person_id: int) -> int:
    """How many of a person's requests are still open."""
    query = select(func.count(CoachingRequest.id)).where(
        CoachingRequest.person_id == person_id, CoachingRequest.status.in_(OPEN)
    )
    return int(session.scalar(query) or 0)


def active_advisors(*, session: Session) -> Sequence[Person]:
    """Everyone who takes career-conversation requests, by name."""
    return session.scalars(
        select(Person)
        .where(Person.is_advisor.is_(True), Person.is_active.is_(True), Person.is_local.is_(False))
        .order_by(Person.name, Person.id)
    ).all()


def scheduled_between(*, session: Session, start: datetime, end: datetime) -> list[CoachingRow]:
    """Scheduled sessions after `start` and up to `end`, soonest first."""
    query = _with_names().where(
        CoachingRequest.status == "scheduled",
        CoachingRequest.scheduled_for > start,
        CoachingRequest.scheduled_for <= end,
    )
    return _rows(session, query.order_by(CoachingRequest.scheduled_for, CoachingRequest.id))


def active_ids(*, session: Session, person_ids: Sequence[int]) -> set[int]:
    """Which of these people still have an active account."""
    if not person_ids:
        return set()
    found = session.scalars(
        select(Person.id).where(Person.id.in_(person_ids), Person.is_active.is_(True))
    ).all()
    return set(found)


def _rows(session: Session, query: Select[CoachingRequest, str, str | None]) -> list[CoachingRow]:
    return [(row, requester, advisor) for row, requester, advisor in session.execute(query)]
