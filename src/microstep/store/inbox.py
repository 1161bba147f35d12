"""Queries of feedback across people: the questions addressed to a colleague in the app.

A request stays its asker's record; the colleague reaches it through `responder_id` (being
asked), not through a visibility scope, and reads only the question and the asker's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from microstep.store.models import FeedbackRequest, Person


def addressed_to(
    *, session: Session, responder_id: int, statuses: Sequence[str]
) -> list[tuple[FeedbackRequest, str]]:
    """Requests addressed to this person, with the asker's name; oldest question first."""
    query = (
        select(FeedbackRequest, Person.name)
        .join(Person, Person.id == FeedbackRequest.person_id)
        .where(FeedbackRequest.responder_id == responder_id, FeedbackRequest.status.in_(statuses))
        .order_by(FeedbackRequest.asked_on, FeedbackRequest.id)
    )
    return _pairs(session, query)


def get_addressed(
    *, session: Session, responder_id: int, request_id: int, lock: bool = False
) -> tuple[FeedbackRequest, str] | None:
    """One request addressed to this person, with the asker's name (row-locked if asked)."""
    query = (
        select(FeedbackRequest, Person.name)
        .join(Person, Person.id == FeedbackRequest.person_id)
        .where(FeedbackRequest.id == request_id, FeedbackRequest.responder_id == responder_id)
    )
    if lock:
        query = query.with_for_update(of=FeedbackRequest)
    found = session.execute(query).first()
    return None if found is None else (found[0], found[1])


def open_to_active_colleagues(
    *, session: Session, asked_from: date, asked_to: date
) -> list[tuple[FeedbackRequest, str]]:
    """Open requests asked between two days to a colleague who still has an active account,
    with the asker's name."""
    responder = aliased(Person)
    asker = aliased(Person)
    query = (
        select(FeedbackRequest, asker.name)
        .join(asker, asker.id == FeedbackRequest.person_id)
        .join(responder, responder.id == FeedbackRequest.responder_id)
        .where(
            FeedbackRequest.status == "open",
            responder.is_active.is_(True),
            FeedbackRequest.asked_on.between(asked_from, asked_to),
        )
        .order_by(FeedbackRequest.responder_id, FeedbackRequest.id)
    )
    return _pairs(session, query)


def _pairs(
    session: Session, query: Select[FeedbackRequest, str]
) -> list[tuple[FeedbackRequest, str]]:
    return [(row, name) for row, name in session.execute(query)]


def asked_in_app_on(*, session: Session, person_id: int, day: date) -> int:
    """How many colleagues' questions this person asked in the app on this day."""
    return (
        session.scalar(
            select(func.count())
            .select_from(FeedbackRequest)
            .where(
                FeedbackRequest.person_id == person_id,
                FeedbackRequest.responder_id.is_not(None),
                FeedbackRequest.asked_on == day,
            )
        )
        or 0
    )
