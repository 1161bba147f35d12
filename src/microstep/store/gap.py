"""Storage reads and writes of the skill gap: role objectives, links, practice per skill."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from microstep.store.models import (
    MicroGoal,
    MicroSkill,
    Objective,
    PracticeSession,
    SkillTarget,
)


def role_objectives(*, session: Session, person_id: int) -> Sequence[Objective]:
    """A person's active role objectives, those with a target occupation first, then by horizon."""
    without_role = Objective.occupation_uri.is_(None).asc()
    return session.scalars(
        select(Objective)
        .where(
            Objective.person_id == person_id,
            Objective.kind == "role",
            Objective.status == "active",
        )
        .order_by(without_role, Objective.horizon, Objective.id)
    ).all()


def set_occupation(*, session: Session, objective: Objective, uri: str | None) -> None:
    """Point an objective at an ESCO occupation (its title stays as typed)."""
    objective.occupation_uri = uri
    session.flush()


def unlinked_skills(
    *, session: Session, person_id: int, retry: bool = False
) -> Sequence[SkillTarget]:
    """A person's skill targets with no ESCO link, by name; without `retry`, only those the
    linker has not tried yet (a tried one has link_score 0)."""
    query = select(SkillTarget).where(
        SkillTarget.person_id == person_id, SkillTarget.esco_uri.is_(None)
    )
    if not retry:
        query = query.where(SkillTarget.link_score.is_(None))
    return session.scalars(query.order_by(SkillTarget.name_key, SkillTarget.id)).all()


def count_untried(*, session: Session, person_id: int) -> int:
    """How many of a person's skill targets the linker has not tried yet."""
    query = select(func.count()).where(
        SkillTarget.person_id == person_id,
        SkillTarget.esco_uri.is_(None),
        SkillTarget.link_score.is_(None),
    )
    return session.scalar(query) or 0


def set_skill_link(*, session: Session, skill: SkillTarget, uri: str | None, score: float) -> None:
    """Link a skill target to an ESCO skill (its name stays as typed); no URI with score 0
    records that nothing fits, so the gap does not ask the linker again."""
    skill.esco_uri, skill.link_score = uri, score
    session.flush()


def practice_by_skill(*, session: Session, person_id: int) -> dict[int, tuple[int, int]]:
    """Per skill target: (minutes practised over all its micro-skills, micro-skills mastered)."""
    minutes = (
        select(MicroSkill.skill_id, func.coalesce(func.sum(PracticeSession.minutes), 0))
        .join(PracticeSession, PracticeSession.micro_skill_id == MicroSkill.id)
        .where(MicroSkill.person_id == person_id)
        .group_by(MicroSkill.skill_id)
    )
    mastered = (
        select(
            MicroSkill.skill_id,
            func.sum(case((MicroSkill.state == "mastered", 1), else_=0)),
        )
        .where(MicroSkill.person_id == person_id)
        .group_by(MicroSkill.skill_id)
    )
    spent = {int(skill): int(total) for skill, total in session.execute(minutes).all()}
    done = {int(skill): int(count or 0) for skill, count in session.execute(mastered).all()}
    return {skill: (spent.get(skill, 0), done.get(skill, 0)) for skill in spent.keys() | done}


def find_open_goal(
    *, session: Session, person_id: int, skill_id: int, title: str
) -> MicroGoal | None:
    """A planned or active goal for a skill with this title."""
    return session.scalars(
        select(MicroGoal).where(
            MicroGoal.person_id == person_id,
            MicroGoal.skill_id == skill_id,
            MicroGoal.title == title,
            MicroGoal.status.in_(["planned", "active"]),
        )
    ).first()
