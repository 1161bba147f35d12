"""Reads for org analytics: the organization's move history as `core.history` values.

Analytics read the organization's records of moves — imported from the HRIS, made on the
marketplace, or entered by a person and shared with their manager or the organization. A move
someone keeps private stays out of every count.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, CompoundSelect, func, or_, select, union
from sqlalchemy.orm import Session

from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.store.models import CriticalRole, Move, Opportunity, Person, Role, Team
from microstep.store.visibility import MANAGER_AND_WIDER

ORG_SOURCES = ("import", "marketplace")


def org_moves_clause() -> ColumnElement[bool]:
    """The moves that count as the organization's records."""
    return or_(Move.source.in_(ORG_SOURCES), Move.visibility.in_(MANAGER_AND_WIDER))


def org_role_ids() -> CompoundSelect[tuple[int]]:
    """The roles the organization's records name: moves it counts, opportunities, critical
    roles. A title someone typed into a private move stays out of every list and lookup."""
    return union(
        select(Move.to_role_id).where(org_moves_clause()),
        select(Opportunity.role_id).where(Opportunity.role_id.is_not(None)),
        select(CriticalRole.role_id),
    )


def load_history(
    *, session: Session, today: date, people: Collection[int] | None = None
) -> History:
    """The history of `people` (everyone when None): their steps, and every role the
    organization's records name (a role nobody in the slice has held can still be a target)."""
    person_query = select(Person.id, Person.name, Person.team_id, Person.is_active)
    move_query = select(
        Move.person_id,
        Move.to_role_id,
        Move.kind,
        Move.start_date,
        Move.end_date,
        Move.outcome,
    ).where(org_moves_clause())
    if people is not None:
        ids = sorted(set(people))
        person_query = person_query.where(Person.id.in_(ids))
        move_query = move_query.where(Move.person_id.in_(ids))
    persons = {
        pid: PersonInfo(id=pid, name=name, team=team, active=active)
        for pid, name, team, active in session.execute(person_query)
    }
    steps = ordered(
        Step(person=p, role=r, kind=k, start=s, end=e, outcome=o)
        for p, r, k, s, e, o in session.execute(move_query)
        if p in persons
    )
    roles = {
        rid: RoleInfo(id=rid, title=title, occupation_uri=uri, onet_code=code)
        for rid, title, uri, code in session.execute(
            select(Role.id, Role.title, Role.occupation_uri, Role.onet_code).where(
                Role.id.in_(org_role_ids())
            )
        )
    }
    teams = team_names(session=session)
    return History(roles=roles, people=persons, steps=steps, today=today, teams=teams)


def team_named(*, session: Session, name: str) -> int | None:
    """The team of this name (case-insensitive), if any."""
    return session.scalars(
        select(Team.id).where(func.lower(Team.name) == name.strip().lower())
    ).first()


def role_of(*, session: Session, person_id: int) -> str | None:
    """A person's organization role ('employee', 'hr_admin'), None for nobody."""
    person = session.get(Person, person_id)
    return person.role if person is not None else None


def managed_teams(*, session: Session, person_id: int) -> dict[int, str]:
    """team id -> name of the teams this person manages."""
    query = select(Team.id, Team.name).where(Team.manager_id == person_id)
    return dict(session.execute(query).all())


def team_names(*, session: Session) -> dict[int, str]:
    """team id -> name, every team."""
    return dict(session.execute(select(Team.id, Team.name)).all())


def team_members(*, session: Session, team_ids: Collection[int]) -> frozenset[int]:
    """The people of these teams."""
    query = select(Person.id).where(Person.team_id.in_(sorted(team_ids)))
    return frozenset(session.scalars(query).all())
