"""Queries of matching: open opportunities with their skills, and what a viewer may see of the
people being matched — skills, objectives and moves, each read through `visible_to`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from microstep.store.models import (
    Application,
    Move,
    Objective,
    Opportunity,
    Person,
    Role,
    SkillTarget,
    Team,
)
from microstep.store.visibility import overseen, visible_to


def open_opportunities(
    *, session: Session, ids: Sequence[int] | None = None
) -> Sequence[Opportunity]:
    """Open opportunities (or these ones, whatever their status) with their skills, by id."""
    query = select(Opportunity).options(selectinload(Opportunity.skills)).order_by(Opportunity.id)
    if ids is None:
        query = query.where(Opportunity.status == "open")
    else:
        query = query.where(Opportunity.id.in_(ids))
    return session.scalars(query).all()


def active_people(
    *, session: Session, ids: Sequence[int] | None = None, exclude: Sequence[int] = ()
) -> Sequence[Person]:
    """People with an active account (or these ones), by id."""
    query = select(Person).where(Person.is_active.is_(True)).order_by(Person.id)
    if ids is not None:
        query = query.where(Person.id.in_(ids))
    if exclude:
        query = query.where(Person.id.not_in(exclude))
    return session.scalars(query).all()


def visible_skills(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> Sequence[SkillTarget]:
    """The skill-map rows of these people that the viewer may read."""
    return session.scalars(
        select(SkillTarget).where(
            SkillTarget.person_id.in_(person_ids), visible_to(SkillTarget, viewer_id)
        )
    ).all()


def visible_objectives(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> Sequence[Objective]:
    """The active objectives of these people that the viewer may read, oldest first."""
    return session.scalars(
        select(Objective)
        .where(
            Objective.person_id.in_(person_ids),
            Objective.status == "active",
            visible_to(Objective, viewer_id),
        )
        .order_by(Objective.created_at, Objective.id)
    ).all()


def visible_moves(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> list[tuple[Move, str, int | None]]:
    """The moves of these people the viewer may read, with the role title and, for a move made
    from an opportunity, the share of the week it takes."""
    rows = session.execute(
        select(Move, Role.title, Opportunity.share_of_time)
        .join(Role, Role.id == Move.to_role_id)
        .outerjoin(Opportunity, Opportunity.id == Move.opportunity_id)
        .where(Move.person_id.in_(person_ids), visible_to(Move, viewer_id))
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def approved_places(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> list[tuple[int, int, str, int]]:
    """Approved applications of these people not started yet (no move made), to opportunities
    still ahead: (person id, opportunity id, its title, its share of the week). Read as a
    marketplace move is (visibility "manager"): by the person, their manager and the mentors
    they invited."""
    rows = session.execute(
        select(
            Application.person_id,
            Opportunity.id,
            Opportunity.title,
            Opportunity.share_of_time,
        )
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(
            Application.person_id.in_(person_ids),
            Application.status == "approved",
            Application.move_id.is_(None),
            Opportunity.status.in_(("open", "filled", "in_progress")),
            or_(Application.person_id == viewer_id, Application.person_id.in_(overseen(viewer_id))),
        )
        .order_by(Application.id)
    ).all()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def in_progress(move: Move, today: date) -> bool:
    """A move under way on `today`."""
    return move.start_date <= today and (move.end_date is None or move.end_date >= today)


def applications_of(*, session: Session, person_id: int) -> dict[int, str]:
    """A person's applications: opportunity id -> status."""
    rows = session.execute(
        select(Application.opportunity_id, Application.status).where(
            Application.person_id == person_id
        )
    ).all()
    return {row.opportunity_id: row.status for row in rows}


def applications_to(
    *, session: Session, opportunity_ids: Sequence[int]
) -> list[tuple[int, int, str]]:
    """Applications to these opportunities: (opportunity id, person id, status)."""
    rows = session.execute(
        select(Application.opportunity_id, Application.person_id, Application.status).where(
            Application.opportunity_id.in_(opportunity_ids)
        )
    ).all()
    return [(row.opportunity_id, row.person_id, row.status) for row in rows]


def team_names(*, session: Session) -> dict[int, str]:
    """Every team's name by id."""
    return {row.id: row.name for row in session.execute(select(Team.id, Team.name)).all()}


def manages_team(*, session: Session, person_id: int, team_id: int | None) -> bool:
    """Whether the person manages this team."""
    if team_id is None:
        return False
    found = session.scalar(
        select(Team.id).where(and_(Team.id == team_id, Team.manager_id == person_id))
    )
    return found is not None


def is_hr(*, session: Session, person_id: int) -> bool:
    """Whether the person administers the organization."""
    role = session.scalar(select(Person.role).where(Person.id == person_id))
    return role == "hr_admin"
