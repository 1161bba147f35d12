"""Reads for pathways and congestion: who aims at which role, and the open places.

Objectives are private by default: only objectives their owners share with their manager or
the organization are read, and only as counts per role (never who).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microstep.store.models import Application, Objective, Opportunity, Person
from microstep.store.visibility import MANAGER_AND_WIDER

ASPIRING = ("applied", "approved")  # an application that still aims at its opportunity


def shared_objectives(
    *, session: Session, people: Collection[int] | None
) -> list[tuple[int, str, str | None]]:
    """(person, title, ESCO occupation) of the active role objectives of active people, shared
    with their manager or the organization (`people`: only theirs; None: everyone)."""
    query = (
        select(Objective.person_id, Objective.title, Objective.occupation_uri)
        .join(Person, Person.id == Objective.person_id)
        .where(
            Objective.status == "active",
            Objective.kind == "role",
            Objective.visibility.in_(MANAGER_AND_WIDER),
            Person.is_active.is_(True),
        )
    )
    if people is not None:
        query = query.where(Objective.person_id.in_(sorted(people)))
    return [(p, t, u) for p, t, u in session.execute(query)]


def open_places(
    *, session: Session, people: Collection[int] | None
) -> list[tuple[int, str, int | None, str, int, int]]:
    """(id, title, role, kind, places, applicants) of each open opportunity; applicants are
    applications still aiming at it (from `people` only, unless None)."""
    applied = select(Application.opportunity_id, func.count().label("n")).where(
        Application.status.in_(ASPIRING)
    )
    if people is not None:
        applied = applied.where(Application.person_id.in_(sorted(people)))
    counts = applied.group_by(Application.opportunity_id).subquery()
    query = (
        select(
            Opportunity.id,
            Opportunity.title,
            Opportunity.role_id,
            Opportunity.kind,
            Opportunity.capacity,
            func.coalesce(counts.c.n, 0),
        )
        .outerjoin(counts, counts.c.opportunity_id == Opportunity.id)
        .where(Opportunity.status == "open")
        .order_by(Opportunity.id)
    )
    return [(i, t, r, k, c, int(n)) for i, t, r, k, c, n in session.execute(query)]


def applicants_for_role(
    *, session: Session, role_id: int, people: Collection[int] | None
) -> list[int]:
    """The people with an application still aiming at an open opportunity in the role."""
    query = (
        select(Application.person_id)
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(
            Opportunity.role_id == role_id,
            Opportunity.status == "open",
            Application.status.in_(ASPIRING),
        )
    )
    if people is not None:
        query = query.where(Application.person_id.in_(sorted(people)))
    return sorted(set(session.scalars(query)))
