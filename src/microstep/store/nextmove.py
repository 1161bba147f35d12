"""Reads for next-move recommendations: the public prior's taxonomy rows, the version of the
organization's history, and a person's own objective and skill map."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microstep.store.analytics import org_moves_clause, org_role_ids
from microstep.store.models import (
    Move,
    Objective,
    OnetOccupation,
    OnetRelated,
    Role,
    SkillTarget,
    TaxonomyOccupation,
    TaxonomyOccupationSkill,
    TaxonomySkill,
)


def occupations(*, session: Session) -> Iterator[tuple[str, str, str | None, int | None]]:
    """(ESCO URI, label, O*NET code, job zone) of every ESCO occupation."""
    query = (
        select(
            TaxonomyOccupation.uri,
            TaxonomyOccupation.label,
            TaxonomyOccupation.onet_code,
            OnetOccupation.job_zone,
        )
        .outerjoin(OnetOccupation, OnetOccupation.code == TaxonomyOccupation.onet_code)
        .order_by(TaxonomyOccupation.id)
    )
    for uri, label, code, zone in session.execute(query):
        yield str(uri), str(label), code, zone


def essential_skills(*, session: Session) -> Iterator[tuple[str, str]]:
    """(occupation URI, skill URI) of every essential skill of every occupation."""
    query = (
        select(TaxonomyOccupation.uri, TaxonomySkill.uri)
        .join(
            TaxonomyOccupationSkill,
            TaxonomyOccupationSkill.occupation_id == TaxonomyOccupation.id,
        )
        .join(TaxonomySkill, TaxonomySkill.id == TaxonomyOccupationSkill.skill_id)
        .where(TaxonomyOccupationSkill.relation == "essential")
    )
    for occupation, skill in session.execute(query):
        yield str(occupation), str(skill)


def related(*, session: Session) -> Iterator[tuple[str, str, str, int]]:
    """(O*NET code, related code, tier, rank) of every O*NET relation."""
    query = select(OnetRelated.code, OnetRelated.related_code, OnetRelated.tier, OnetRelated.rank)
    for code, other, tier, rank in session.execute(query):
        yield str(code), str(other), str(tier), int(rank)


def occupation_codes(*, session: Session, codes: list[str]) -> dict[str, str]:
    """O*NET code -> the first ESCO occupation URI mapped to it (for codes given as O*NET)."""
    query = (
        select(TaxonomyOccupation.onet_code, TaxonomyOccupation.uri)
        .where(TaxonomyOccupation.onet_code.in_(codes))
        .order_by(TaxonomyOccupation.id)
    )
    out: dict[str, str] = {}
    for code, uri in session.execute(query):
        out.setdefault(str(code), str(uri))
    return out


def onet_titles(*, session: Session, codes: list[str]) -> dict[str, str]:
    """O*NET code -> its O*NET title."""
    query = select(OnetOccupation.code, OnetOccupation.title).where(OnetOccupation.code.in_(codes))
    return {str(code): str(title) for code, title in session.execute(query)}


def roles_by_uri(*, session: Session, uris: list[str]) -> dict[str, int]:
    """ESCO occupation URI -> an organization role linked to it."""
    query = (
        select(Role.occupation_uri, Role.id).where(Role.occupation_uri.in_(uris)).order_by(Role.id)
    )
    out: dict[str, int] = {}
    for uri, rid in session.execute(query):
        out.setdefault(str(uri), int(rid))
    return out


def role_by_title_key(*, session: Session, key: str) -> int | None:
    """The organization role with this title key."""
    return session.scalar(select(Role.id).where(Role.title_key == key))


def active_objective(*, session: Session, person_id: int) -> Objective | None:
    """A person's most recent active role objective."""
    query = (
        select(Objective)
        .where(
            Objective.person_id == person_id,
            Objective.status == "active",
            Objective.kind == "role",
        )
        .order_by(Objective.created_at.desc(), Objective.id.desc())
    )
    return session.scalars(query).first()


def skill_map(*, session: Session, person_id: int) -> dict[str, int]:
    """A person's linked skills: ESCO URI -> current level."""
    query = select(SkillTarget.esco_uri, SkillTarget.current_level).where(
        SkillTarget.person_id == person_id, SkillTarget.esco_uri.is_not(None)
    )
    out: dict[str, int] = {}
    for uri, level in session.execute(query):
        out[str(uri)] = max(out.get(str(uri), 0), int(level))
    return out


def history_version(*, session: Session) -> tuple[object, ...]:
    """What changes whenever the organization's history does: the count, last id, last
    update and id sums of the moves it counts, and the count, last id and linked count of the
    roles its records name. Two requests with the same version read the same history."""
    moves = session.execute(
        select(
            func.count(Move.id),
            func.max(Move.id),
            func.max(Move.updated_at),
            func.sum(Move.person_id),
            func.sum(Move.to_role_id),
        ).where(org_moves_clause())
    ).one()
    roles = session.execute(
        select(func.count(Role.id), func.max(Role.id), func.count(Role.occupation_uri)).where(
            Role.id.in_(org_role_ids())
        )
    ).one()
    return (*moves, *roles)
