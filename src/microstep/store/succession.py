"""Reads and writes for succession: critical roles, what a role needs (ESCO's essential skills of
its occupation, the skills the marketplace's opportunities for it require) and skill maps as a
viewer may see them. Roles are looked up and listed only among those the organization's records
name (store.analytics.org_role_ids): a title typed into a private move stays private."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from microstep.store.analytics import org_role_ids
from microstep.store.models import (
    CriticalRole,
    Opportunity,
    OpportunitySkill,
    Person,
    Role,
    SkillTarget,
    TaxonomyOccupation,
    TaxonomyOccupationSkill,
    TaxonomySkill,
)
from microstep.store.visibility import visible_to

CHUNK = 1000  # ids per IN (...) list


def critical_roles(*, session: Session) -> list[tuple[CriticalRole, Role, str | None]]:
    """Every critical role with its role and the name of who marked it, by title."""
    rows = session.execute(
        select(CriticalRole, Role, Person.name)
        .join(Role, Role.id == CriticalRole.role_id)
        .outerjoin(Person, Person.id == CriticalRole.created_by_id)
        .order_by(Role.title, CriticalRole.id)
    )
    return [(critical, role, name) for critical, role, name in rows]


def critical_by_role(*, session: Session, role_id: int) -> CriticalRole | None:
    """The critical-role mark of a role, if it has one."""
    return session.scalar(select(CriticalRole).where(CriticalRole.role_id == role_id))


def get_critical(*, session: Session, critical_id: int) -> CriticalRole | None:
    """One critical-role mark by id."""
    return session.get(CriticalRole, critical_id)


def add_critical(
    *, session: Session, role_id: int, note: str | None, created_by_id: int | None, now: datetime
) -> CriticalRole:
    """Mark a role critical."""
    row = CriticalRole(role_id=role_id, note=note, created_by_id=created_by_id, created_at=now)
    session.add(row)
    session.flush()
    return row


def delete_critical(*, session: Session, critical: CriticalRole) -> None:
    """Unmark a role."""
    session.delete(critical)
    session.flush()


def role_by_key(*, session: Session, title_key: str) -> Role | None:
    """A role the organization's records name, by its title key (a title typed into a private
    move is not found)."""
    return session.scalar(
        select(Role).where(Role.title_key == title_key, Role.id.in_(org_role_ids()))
    )


def get_role(*, session: Session, role_id: int) -> Role | None:
    """A role the organization's records name, by id."""
    return session.scalar(select(Role).where(Role.id == role_id, Role.id.in_(org_role_ids())))


def role_titles(*, session: Session) -> list[str]:
    """The titles of the roles the organization's records name, alphabetically."""
    titles = session.scalars(select(Role.title).where(Role.id.in_(org_role_ids())))
    return sorted(titles, key=str.casefold)


def essential_skills(
    *, session: Session, occupation_uris: Collection[str]
) -> list[tuple[str, str, str]]:
    """(occupation URI, skill URI, skill label) of ESCO's essential skills of these occupations
    (none when the taxonomy is not loaded)."""
    if not occupation_uris:
        return []
    rows = session.execute(
        select(TaxonomyOccupation.uri, TaxonomySkill.uri, TaxonomySkill.label)
        .join(
            TaxonomyOccupationSkill,
            TaxonomyOccupationSkill.occupation_id == TaxonomyOccupation.id,
        )
        .join(TaxonomySkill, TaxonomySkill.id == TaxonomyOccupationSkill.skill_id)
        .where(
            TaxonomyOccupation.uri.in_(sorted(occupation_uris)),
            TaxonomyOccupationSkill.relation == "essential",
        )
        .order_by(TaxonomyOccupation.uri, TaxonomySkill.label)
    )
    return [(occupation, skill, label) for occupation, skill, label in rows]


def required_by_opportunities(
    *, session: Session, role_ids: Collection[int]
) -> list[tuple[int, str, str | None, int]]:
    """(role id, skill name, ESCO URI, level) the marketplace's opportunities for these roles
    require (drafts and cancelled ones aside)."""
    if not role_ids:
        return []
    rows = session.execute(
        select(
            Opportunity.role_id,
            OpportunitySkill.name,
            OpportunitySkill.esco_uri,
            OpportunitySkill.level,
        )
        .join(OpportunitySkill, OpportunitySkill.opportunity_id == Opportunity.id)
        .where(
            Opportunity.role_id.in_(sorted(role_ids)),
            Opportunity.status.not_in(("draft", "cancelled")),
            OpportunitySkill.relation == "required",
        )
        .order_by(Opportunity.id, OpportunitySkill.id)
    )
    return [(int(r), n, u, int(lv)) for r, n, u, lv in rows if r is not None]


def visible_skills(
    *, session: Session, viewer_id: int, person_ids: Sequence[int]
) -> list[tuple[int, str, str | None, int]]:
    """(person, name, ESCO URI, current level) of these people's skill maps the viewer may read."""
    found: list[tuple[int, str, str | None, int]] = []
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(
                SkillTarget.person_id,
                SkillTarget.name,
                SkillTarget.esco_uri,
                SkillTarget.current_level,
            )
            .where(
                SkillTarget.person_id.in_(ids[start : start + CHUNK]),
                visible_to(SkillTarget, viewer_id),
            )
            .order_by(SkillTarget.person_id, SkillTarget.id)
        )
        found.extend((int(p), n, u, int(lv)) for p, n, u, lv in rows)
    return found


def profiles(*, session: Session, person_ids: Collection[int]) -> set[int]:
    """Of these people, those with a profile page (active accounts of the organization)."""
    ids = sorted(set(person_ids))
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        found.update(
            session.scalars(
                select(Person.id).where(
                    Person.id.in_(ids[start : start + CHUNK]),
                    Person.is_active.is_(True),
                    Person.is_local.is_(False),
                )
            )
        )
    return found


def is_hr(*, session: Session, person_id: int) -> bool:
    """Whether the person administers the organization."""
    return session.scalar(select(Person.role).where(Person.id == person_id)) == "hr_admin"
