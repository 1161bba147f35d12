"""Storage functions: keyword-only, the session passed in explicitly. No business rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from microstep.store.models import (
    MicroGoal,
    MicroSkill,
    Objective,
    Person,
    PracticeSession,
    SkillLevelChange,
    SkillTarget,
)


def get_local_person(*, session: Session) -> Person | None:
    """The one person of personal mode, if set up."""
    return session.scalars(select(Person).where(Person.is_local).limit(1)).first()


def get_person(*, session: Session, person_id: int) -> Person | None:
    """A person by id."""
    return session.get(Person, person_id)


def lock_person(*, session: Session, person_id: int) -> None:
    """Serialise this person's writes: a no-op UPDATE holds the row (PostgreSQL) or the write
    lock (SQLite) until the transaction ends. Call it first, before any read."""
    session.execute(update(Person).where(Person.id == person_id).values(name=Person.name))


def add_person(*, session: Session, name: str, is_local: bool, now: datetime) -> Person:
    """Store a new person."""
    person = Person(name=name, is_local=is_local, created_at=now)
    session.add(person)
    session.flush()
    return person


def add_objective(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Objective:
    """Store a new objective."""
    objective = Objective(person_id=person_id, created_at=now, **fields)
    session.add(objective)
    session.flush()
    return objective


def list_objectives(*, session: Session, person_id: int) -> Sequence[Objective]:
    """A person's objectives, active first, then by horizon."""
    active_first = (Objective.status != "active").asc()
    return session.scalars(
        select(Objective)
        .where(Objective.person_id == person_id)
        .order_by(active_first, Objective.horizon, Objective.id)
    ).all()


def get_objective(*, session: Session, person_id: int, objective_id: int) -> Objective | None:
    """One objective of this person."""
    return session.scalars(
        select(Objective).where(Objective.id == objective_id, Objective.person_id == person_id)
    ).first()


def add_skill(*, session: Session, person_id: int, now: datetime, **fields: Any) -> SkillTarget:
    """Store a new skill target (the caller supplies name_key)."""
    skill = SkillTarget(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(skill)
    session.flush()
    return skill


def list_skills(*, session: Session, person_id: int) -> Sequence[SkillTarget]:
    """A person's skill targets by name."""
    return session.scalars(
        select(SkillTarget).where(SkillTarget.person_id == person_id).order_by(SkillTarget.name_key)
    ).all()


def get_skill(*, session: Session, person_id: int, skill_id: int) -> SkillTarget | None:
    """One skill target of this person."""
    return session.scalars(
        select(SkillTarget).where(SkillTarget.id == skill_id, SkillTarget.person_id == person_id)
    ).first()


def find_skill_by_key(*, session: Session, person_id: int, name_key: str) -> SkillTarget | None:
    """A skill target by its case-folded name."""
    return session.scalars(
        select(SkillTarget).where(
            SkillTarget.person_id == person_id, SkillTarget.name_key == name_key
        )
    ).first()


def add_level_change(
    *,
    session: Session,
    skill_id: int,
    now: datetime,
    from_level: int | None,
    to_level: int,
    note: str | None,
) -> SkillLevelChange:
    """Record one level change in the skill's history."""
    change = SkillLevelChange(
        skill_id=skill_id, changed_at=now, from_level=from_level, to_level=to_level, note=note
    )
    session.add(change)
    session.flush()
    return change


def add_goal(*, session: Session, person_id: int, now: datetime, **fields: Any) -> MicroGoal:
    """Store a new micro-goal."""
    goal = MicroGoal(person_id=person_id, created_at=now, **fields)
    session.add(goal)
    session.flush()
    return goal


def get_goal(*, session: Session, person_id: int, goal_id: int) -> MicroGoal | None:
    """One micro-goal of this person."""
    return session.scalars(
        select(MicroGoal).where(MicroGoal.id == goal_id, MicroGoal.person_id == person_id)
    ).first()


def list_goals(
    *, session: Session, person_id: int, statuses: Sequence[str] | None = None
) -> Sequence[MicroGoal]:
    """A person's micro-goals by due date, optionally only some statuses."""
    query = select(MicroGoal).where(MicroGoal.person_id == person_id)
    if statuses:
        query = query.where(MicroGoal.status.in_(list(statuses)))
    return session.scalars(query.order_by(MicroGoal.due, MicroGoal.id)).all()


def list_finished_goals(
    *, session: Session, person_id: int, status: str, since: datetime
) -> Sequence[MicroGoal]:
    """Goals with this status finished at or after `since`, newest first."""
    return session.scalars(
        select(MicroGoal)
        .where(
            MicroGoal.person_id == person_id,
            MicroGoal.status == status,
            MicroGoal.finished_at >= since,
        )
        .order_by(MicroGoal.finished_at.desc(), MicroGoal.id.desc())
    ).all()


def count_goals(*, session: Session, person_id: int, status: str) -> int:
    """How many of a person's goals have this status."""
    query = (
        select(func.count())
        .select_from(MicroGoal)
        .where(MicroGoal.person_id == person_id, MicroGoal.status == status)
    )
    return int(session.scalar(query) or 0)


def add_microskill(*, session: Session, person_id: int, now: datetime, **fields: Any) -> MicroSkill:
    """Store a new micro-skill."""
    row = MicroSkill(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_microskill(*, session: Session, person_id: int, microskill_id: int) -> MicroSkill | None:
    """One micro-skill of this person."""
    return session.scalars(
        select(MicroSkill).where(MicroSkill.id == microskill_id, MicroSkill.person_id == person_id)
    ).first()


def list_microskills(
    *, session: Session, person_id: int, skill_id: int | None = None, states: Sequence[str] = ()
) -> Sequence[MicroSkill]:
    """A person's micro-skills in stack order, optionally of one skill or some states."""
    query = select(MicroSkill).where(MicroSkill.person_id == person_id)
    if skill_id is not None:
        query = query.where(MicroSkill.skill_id == skill_id)
    if states:
        query = query.where(MicroSkill.state.in_(list(states)))
    return session.scalars(
        query.order_by(MicroSkill.skill_id, MicroSkill.position, MicroSkill.id)
    ).all()


def count_microskills(*, session: Session, person_id: int, state: str) -> int:
    """How many of a person's micro-skills are in this state."""
    query = (
        select(func.count())
        .select_from(MicroSkill)
        .where(MicroSkill.person_id == person_id, MicroSkill.state == state)
    )
    return int(session.scalar(query) or 0)


def last_position(*, session: Session, skill_id: int) -> int:
    """The highest stack position used under a skill (0 when none)."""
    query = select(func.max(MicroSkill.position)).where(MicroSkill.skill_id == skill_id)
    return int(session.scalar(query) or 0)


def add_practice(
    *, session: Session, person_id: int, now: datetime, **fields: Any
) -> PracticeSession:
    """Store one journal entry."""
    row = PracticeSession(person_id=person_id, logged_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def list_practice(
    *, session: Session, person_id: int, microskill_id: int | None = None, since: date | None = None
) -> Sequence[PracticeSession]:
    """Journal entries, oldest first, optionally of one micro-skill or from a day on."""
    query = select(PracticeSession).where(PracticeSession.person_id == person_id)
    if microskill_id is not None:
        query = query.where(PracticeSession.micro_skill_id == microskill_id)
    if since is not None:
        query = query.where(PracticeSession.practised_on >= since)
    return session.scalars(query.order_by(PracticeSession.practised_on, PracticeSession.id)).all()


def recent_values(*, session: Session, microskill_id: int, limit: int) -> list[float]:
    """The last `limit` measured values of a micro-skill, oldest first."""
    query = (
        select(PracticeSession.metric_value)
        .where(
            PracticeSession.micro_skill_id == microskill_id,
            PracticeSession.metric_value.is_not(None),
        )
        .order_by(PracticeSession.practised_on.desc(), PracticeSession.id.desc())
        .limit(limit)
    )
    return [float(v) for v in reversed(session.scalars(query).all()) if v is not None]


def practice_days(*, session: Session, person_id: int) -> set[date]:
    """Every day this person practised anything."""
    query = select(PracticeSession.practised_on).where(PracticeSession.person_id == person_id)
    return set(session.scalars(query.distinct()).all())


def recent_practice(*, session: Session, microskill_id: int, limit: int) -> list[PracticeSession]:
    """The last `limit` journal entries of a micro-skill, oldest first."""
    query = (
        select(PracticeSession)
        .where(PracticeSession.micro_skill_id == microskill_id)
        .order_by(PracticeSession.practised_on.desc(), PracticeSession.id.desc())
        .limit(limit)
    )
    return list(reversed(session.scalars(query).all()))


def practice_minutes(*, session: Session, person_id: int, since: date) -> list[tuple[date, int]]:
    """(day, minutes) of every session from `since` on: all consistency needs, without objects."""
    query = select(PracticeSession.practised_on, PracticeSession.minutes).where(
        PracticeSession.person_id == person_id, PracticeSession.practised_on >= since
    )
    return [(day, minutes) for day, minutes in session.execute(query).all()]


def count_practice(*, session: Session, microskill_id: int) -> int:
    """How many journal entries a micro-skill has."""
    query = select(func.count()).where(PracticeSession.micro_skill_id == microskill_id)
    return int(session.scalar(query) or 0)


def add_practice_many(
    *, session: Session, person_id: int, entries: Iterable[dict[str, Any]]
) -> None:
    """Store many journal entries at once (imports, demos and benchmarks)."""
    session.add_all(PracticeSession(person_id=person_id, **entry) for entry in entries)
    session.flush()
