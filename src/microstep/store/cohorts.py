"""Reads and writes for pilot cohorts: the cohorts and their members, finding people by id,
email or external id, an opportunity's participants, and skill levels gained (as the viewer may
see them)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microstep.core.text import is_digits
from microstep.store.models import (
    Application,
    Cohort,
    CohortMember,
    Opportunity,
    Person,
    SkillLevelChange,
    SkillTarget,
)
from microstep.store.visibility import visible_to


def add_cohort(
    *,
    session: Session,
    name: str,
    description: str | None,
    start_date: date,
    created_by_id: int | None,
    now: datetime,
    member_ids: Iterable[int],
) -> Cohort:
    """A new cohort with its members."""
    cohort = Cohort(
        name=name,
        description=description,
        start_date=start_date,
        created_by_id=created_by_id,
        created_at=now,
    )
    session.add(cohort)
    session.flush()
    session.add_all(CohortMember(cohort_id=cohort.id, person_id=p) for p in sorted(set(member_ids)))
    session.flush()
    return cohort


def cohort_named(*, session: Session, name: str) -> Cohort | None:
    """The cohort of this name (case-insensitive), if any."""
    return session.scalars(
        select(Cohort).where(func.lower(Cohort.name) == name.strip().lower())
    ).first()


def get_cohort(*, session: Session, cohort_id: int) -> Cohort | None:
    """One cohort."""
    return session.get(Cohort, cohort_id)


def list_cohorts(
    *, session: Session, people: Collection[int] | None = None
) -> list[tuple[Cohort, int]]:
    """Every cohort with its member count (counting only `people` when given: a manager's
    slice), newest start first."""
    members = select(CohortMember.cohort_id, func.count().label("n"))
    if people is not None:
        members = members.where(CohortMember.person_id.in_(sorted(set(people))))
    counts = members.group_by(CohortMember.cohort_id).subquery()
    rows = session.execute(
        select(Cohort, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.cohort_id == Cohort.id)
        .order_by(Cohort.start_date.desc(), Cohort.id.desc())
    ).all()
    return [(cohort, int(n)) for cohort, n in rows]


def member_ids(*, session: Session, cohort_id: int) -> list[int]:
    """A cohort's members."""
    return list(
        session.scalars(
            select(CohortMember.person_id)
            .where(CohortMember.cohort_id == cohort_id)
            .order_by(CohortMember.person_id)
        )
    )


def delete_cohort(*, session: Session, cohort: Cohort) -> None:
    """Remove a cohort (its members go with it)."""
    session.delete(cohort)
    session.flush()


def people_by_keys(*, session: Session, keys: Collection[str]) -> dict[str, int]:
    """key -> person id, for keys that are a person's id, sign-in email or external id."""
    numbers = {int(k) for k in keys if is_digits(k) and len(k) < 10}
    by_id = {
        str(pid): pid for pid in session.scalars(select(Person.id).where(Person.id.in_(numbers)))
    }
    lowered = {k.lower() for k in keys}
    by_mail = {
        (mail or "").lower(): pid
        for pid, mail in session.execute(
            select(Person.id, Person.email).where(func.lower(Person.email).in_(lowered))
        )
    }
    by_ext = {
        ext or "": pid
        for pid, ext in session.execute(
            select(Person.id, Person.external_id).where(Person.external_id.in_(set(keys)))
        )
    }
    return {
        k: pid
        for k in keys
        if (pid := by_id.get(k) or by_mail.get(k.lower()) or by_ext.get(k)) is not None
    }


def opportunity_exists(*, session: Session, opportunity_id: int) -> bool:
    """True when the opportunity exists."""
    return session.get(Opportunity, opportunity_id) is not None


def participants(*, session: Session, opportunity_id: int) -> list[int]:
    """The people approved for an opportunity."""
    return list(
        session.scalars(
            select(Application.person_id)
            .where(Application.opportunity_id == opportunity_id, Application.status == "approved")
            .order_by(Application.person_id)
        )
    )


def names(*, session: Session, person_ids: Iterable[int]) -> dict[int, str]:
    """person id -> name."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    return dict(session.execute(select(Person.id, Person.name).where(Person.id.in_(ids))).tuples())


def skill_gains(
    *, session: Session, viewer_id: int, person_ids: Sequence[int], since: datetime
) -> dict[int, int]:
    """person -> skill levels gained since `since` (net of drops), for the people with a skill
    map the viewer may see (the others are absent, not zero)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    seen = select(SkillTarget.person_id).where(
        SkillTarget.person_id.in_(ids), visible_to(SkillTarget, viewer_id)
    )
    out = dict.fromkeys(session.scalars(seen.distinct()), 0)
    gained = session.execute(
        select(
            SkillTarget.person_id, func.sum(SkillLevelChange.to_level - SkillLevelChange.from_level)
        )
        .join(SkillTarget, SkillTarget.id == SkillLevelChange.skill_id)
        .where(
            SkillTarget.person_id.in_(ids),
            visible_to(SkillTarget, viewer_id),
            SkillLevelChange.changed_at >= since,
            SkillLevelChange.from_level.is_not(None),
        )
        .group_by(SkillTarget.person_id)
    )
    for pid, total in gained:
        out[pid] = int(total or 0)
    return out
