"""Queries of the opportunity marketplace: opportunities, their skills, applications and the
managers' auto-approve rules.

Opportunities and applications carry no visibility scope: an opportunity is public once
published (drafts and cancelled ones stay with the people who manage them and its applicants),
and an application is shared by taking part in it. The services decide; these read and write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased, selectinload

from microstep.store.models import (
    Application,
    ApprovalRule,
    Move,
    Opportunity,
    OpportunitySkill,
    Person,
    Role,
    Team,
)

PUBLIC = ("open", "filled", "in_progress", "completed", "reviewed")
Applicant = aliased(Person, name="applicant")
ApplicantTeam = aliased(Team, name="applicant_team")


# --- opportunities -----------------------------------------------------------------------------


def add_opportunity(*, session: Session, now: datetime, **fields: Any) -> Opportunity:
    """Store a new opportunity (without skills)."""
    row = Opportunity(created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def set_skills(
    *, session: Session, opportunity: Opportunity, rows: Iterable[dict[str, Any]]
) -> None:
    """Replace an opportunity's skills: dicts of relation, name, name_key, esco_uri, level."""
    session.execute(
        delete(OpportunitySkill).where(OpportunitySkill.opportunity_id == opportunity.id)
    )
    session.add_all(OpportunitySkill(opportunity_id=opportunity.id, **row) for row in rows)
    session.flush()
    session.expire(opportunity, ["skills"])


def manages(viewer_id: int, *, is_hr: bool) -> ColumnElement[bool]:
    """The opportunities a person manages: HR all of them; others those they posted, and those
    of the teams they manage."""
    if is_hr:
        return true()
    managed_teams = select(Team.id).where(Team.manager_id == viewer_id)
    return or_(Opportunity.posted_by_id == viewer_id, Opportunity.team_id.in_(managed_teams))


def visible(viewer_id: int, *, is_hr: bool) -> ColumnElement[bool]:
    """The opportunities a person may see: published ones, and drafts or cancelled ones they
    manage or applied to."""
    applied = select(Application.opportunity_id).where(Application.person_id == viewer_id)
    return or_(
        Opportunity.status.in_(PUBLIC),
        manages(viewer_id, is_hr=is_hr),
        Opportunity.id.in_(applied),
    )


def get_opportunity(
    *, session: Session, opportunity_id: int, where: ColumnElement[bool], lock: bool = False
) -> Opportunity | None:
    """One opportunity the clause lets through. Locked for a change when asked, and then read
    afresh: a copy the session holds may predate the lock."""
    query = select(Opportunity).where(Opportunity.id == opportunity_id, where)
    if lock:
        query = query.with_for_update(of=Opportunity).execution_options(populate_existing=True)
    return session.scalars(query.options(selectinload(Opportunity.skills))).first()


def list_opportunities(
    *, session: Session, where: ColumnElement[bool], statuses: Sequence[str] | None = None
) -> Sequence[Opportunity]:
    """Opportunities the clause lets through, open ones first, newest first within a status."""
    query = select(Opportunity).where(where)
    if statuses:
        query = query.where(Opportunity.status.in_(statuses))
    order = (Opportunity.status != "open", Opportunity.created_at.desc(), Opportunity.id.desc())
    return session.scalars(query.options(selectinload(Opportunity.skills)).order_by(*order)).all()


def role_titles(*, session: Session, role_ids: Iterable[int]) -> dict[int, str]:
    """role id -> its title."""
    ids = sorted(set(role_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Role.id, Role.title).where(Role.id.in_(ids))).all())


def person_names(*, session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """person id -> name."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    query = select(Person.id, Person.name).where(Person.id.in_(ids))
    return dict(session.execute(query).all())


def team_names(*, session: Session, team_ids: Iterable[int]) -> dict[int, str]:
    """team id -> name."""
    ids = sorted(set(team_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Team.id, Team.name).where(Team.id.in_(ids))).all())


def manager_of(*, session: Session, person_id: int) -> tuple[int | None, int | None]:
    """(team id, the team's manager id) of a person; Nones when they have no team or manager."""
    row = session.execute(
        select(Person.team_id, Team.manager_id)
        .outerjoin(Team, Team.id == Person.team_id)
        .where(Person.id == person_id)
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


# --- applications ------------------------------------------------------------------------------


def get_application(
    *, session: Session, application_id: int, lock: bool = False
) -> Application | None:
    """One application by id (locked and read afresh when asked)."""
    query = select(Application).where(Application.id == application_id)
    if lock:
        query = query.with_for_update(of=Application).execution_options(populate_existing=True)
    return session.scalars(query).first()


def opportunity_of(*, session: Session, application_id: int) -> int | None:
    """The opportunity an application is to (it never changes), without loading the application."""
    return session.scalar(
        select(Application.opportunity_id).where(Application.id == application_id)
    )


def application_of(*, session: Session, opportunity_id: int, person_id: int) -> Application | None:
    """A person's application to an opportunity, if any."""
    return session.scalars(
        select(Application).where(
            Application.opportunity_id == opportunity_id, Application.person_id == person_id
        )
    ).first()


def add_application(*, session: Session, now: datetime, **fields: Any) -> Application:
    """Store a new application."""
    row = Application(created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def applications_to(*, session: Session, opportunity_ids: Sequence[int]) -> Sequence[Application]:
    """The applications to these opportunities, oldest first."""
    if not opportunity_ids:
        return []
    return session.scalars(
        select(Application)
        .where(Application.opportunity_id.in_(opportunity_ids))
        .order_by(Application.created_at, Application.id)
    ).all()


def applications_of(*, session: Session, person_id: int) -> Sequence[Application]:
    """A person's own applications, newest first."""
    return session.scalars(
        select(Application)
        .where(Application.person_id == person_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()


def count_approved(*, session: Session, opportunity_id: int) -> int:
    """How many applications to the opportunity are approved."""
    return int(
        session.scalar(
            select(func.count(Application.id)).where(
                Application.opportunity_id == opportunity_id, Application.status == "approved"
            )
        )
        or 0
    )


def approved_counts(*, session: Session, opportunity_ids: Sequence[int]) -> dict[int, int]:
    """opportunity id -> approved applications."""
    if not opportunity_ids:
        return {}
    rows = session.execute(
        select(Application.opportunity_id, func.count(Application.id))
        .where(Application.opportunity_id.in_(opportunity_ids), Application.status == "approved")
        .group_by(Application.opportunity_id)
    )
    return {int(k): int(v) for k, v in rows}


def deciders(*, session: Session, person_ids: Iterable[int]) -> dict[int, int | None]:
    """applicant id -> their team's manager id (None without a team or manager)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Person.id, Team.manager_id)
        .outerjoin(Team, Team.id == Person.team_id)
        .where(Person.id.in_(ids))
    )
    return {int(pid): manager for pid, manager in rows}


def _decidable_by(viewer_id: int, *, is_hr: bool) -> ColumnElement[bool]:
    """Applications the viewer may decide: their team's people's; HR everyone's; the poster's
    own opportunity when the applicant has no manager. Never one's own."""
    own_team = ApplicantTeam.manager_id == viewer_id
    as_poster = and_(ApplicantTeam.manager_id.is_(None), Opportunity.posted_by_id == viewer_id)
    return and_(
        Application.person_id != viewer_id,
        or_(own_team, as_poster, true() if is_hr else false()),
    )


def pending_for(*, session: Session, viewer_id: int, is_hr: bool) -> Sequence[Application]:
    """Applications waiting for the viewer's decision, oldest first, on opportunities still
    taking people."""
    query: Select[Application] = (
        select(Application)
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .join(Applicant, Applicant.id == Application.person_id)
        .outerjoin(ApplicantTeam, ApplicantTeam.id == Applicant.team_id)
        .where(
            Application.status == "applied",
            Opportunity.status == "open",
            _decidable_by(viewer_id, is_hr=is_hr),
        )
        .order_by(Application.created_at, Application.id)
    )
    return session.scalars(query).all()


def approved_of(*, session: Session, opportunity_id: int) -> Sequence[Application]:
    """The approved applications of an opportunity, oldest first (they take part)."""
    return session.scalars(
        select(Application)
        .where(Application.opportunity_id == opportunity_id, Application.status == "approved")
        .order_by(Application.created_at, Application.id)
    ).all()


def end_moves_early(
    *, session: Session, move_ids: Iterable[int], on: date, now: datetime
) -> list[int]:
    """End these moves on `on` where they were planned to run later (or had no end); the ids
    of those changed."""
    ids = sorted(set(move_ids))
    if not ids:
        return []
    changed = []
    for move in session.scalars(select(Move).where(Move.id.in_(ids)).order_by(Move.id)):
        if (move.end_date is None or move.end_date > on) and move.start_date <= on:
            move.end_date, move.updated_at = on, now
            changed.append(move.id)
    return changed


def move_outcomes(*, session: Session, move_ids: Iterable[int]) -> dict[int, str | None]:
    """move id -> its outcome."""
    ids = sorted(set(move_ids))
    if not ids:
        return {}
    return {
        int(k): v for k, v in session.execute(select(Move.id, Move.outcome).where(Move.id.in_(ids)))
    }


# --- auto-approve rules ------------------------------------------------------------------------


def rules_of_team(*, session: Session, team_id: int) -> Sequence[ApprovalRule]:
    """A team's auto-approve rules."""
    return session.scalars(
        select(ApprovalRule).where(ApprovalRule.team_id == team_id).order_by(ApprovalRule.id)
    ).all()


def list_rules(*, session: Session, team_ids: Sequence[int] | None) -> Sequence[ApprovalRule]:
    """The rules of these teams (all teams with None), by team then age."""
    query = select(ApprovalRule)
    if team_ids is not None:
        query = query.where(ApprovalRule.team_id.in_(team_ids))
    return session.scalars(query.order_by(ApprovalRule.team_id, ApprovalRule.id)).all()


def add_rule(*, session: Session, now: datetime, **fields: Any) -> ApprovalRule:
    """Store a new rule."""
    row = ApprovalRule(created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_rule(*, session: Session, rule_id: int) -> ApprovalRule | None:
    """One rule by id."""
    return session.get(ApprovalRule, rule_id)


def delete_rule(*, session: Session, rule: ApprovalRule) -> None:
    """Remove a rule."""
    session.delete(rule)
    session.flush()
