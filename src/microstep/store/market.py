"""Storage of imported job postings and the ESCO skills found in them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from microstep.store.models import JobPosting, Objective, PostingSkill


def add_posting(*, session: Session, person_id: int, now: datetime, **fields: Any) -> JobPosting:
    """Store one posting (its skills go in with add_posting_skills)."""
    row = JobPosting(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def add_posting_skills(*, session: Session, posting_id: int, skills: dict[str, float]) -> None:
    """Store the skills found in a posting, with the linker's scores."""
    session.add_all(
        PostingSkill(posting_id=posting_id, skill_uri=uri, score=score)
        for uri, score in skills.items()
    )


def posting_keys(
    *, session: Session, person_id: int, days: Iterable[date]
) -> set[tuple[date, str]]:
    """(day, text) of the person's postings on these days: what a re-import would duplicate."""
    wanted = sorted(set(days))
    if not wanted:
        return set()
    rows = session.execute(
        select(JobPosting.posted_on, JobPosting.text).where(
            JobPosting.person_id == person_id, JobPosting.posted_on.in_(wanted)
        )
    )
    return {(day, text) for day, text in rows}


def posting_days(*, session: Session, person_id: int) -> dict[int, date]:
    """Every posting's day, by posting id."""
    rows = session.execute(
        select(JobPosting.id, JobPosting.posted_on).where(JobPosting.person_id == person_id)
    )
    return {int(posting_id): day for posting_id, day in rows}


def posting_links(*, session: Session, person_id: int) -> list[tuple[int, str]]:
    """(posting id, ESCO skill URI) of every skill found in the person's postings."""
    rows = session.execute(
        select(PostingSkill.posting_id, PostingSkill.skill_uri)
        .join(JobPosting, JobPosting.id == PostingSkill.posting_id)
        .where(JobPosting.person_id == person_id)
    )
    return [(posting_id, uri) for posting_id, uri in rows]


def list_postings(
    *, session: Session, person_id: int, limit: int | None = None
) -> Sequence[tuple[JobPosting, int]]:
    """The person's postings, newest first, each with how many skills were found in it."""
    found = (
        select(PostingSkill.posting_id, func.count().label("skills"))
        .group_by(PostingSkill.posting_id)
        .subquery()
    )
    query = (
        select(JobPosting, func.coalesce(found.c.skills, 0))
        .outerjoin(found, found.c.posting_id == JobPosting.id)
        .where(JobPosting.person_id == person_id)
        .order_by(JobPosting.posted_on.desc(), JobPosting.id.desc())
    )
    rows = session.execute(query if limit is None else query.limit(limit))
    return [(posting, int(count)) for posting, count in rows]


def count_postings(*, session: Session, person_id: int) -> int:
    """How many postings the person imported."""
    query = select(func.count()).select_from(JobPosting).where(JobPosting.person_id == person_id)
    return session.scalar(query) or 0


def get_posting(*, session: Session, person_id: int, posting_id: int) -> JobPosting | None:
    """One posting of this person."""
    return session.scalars(
        select(JobPosting).where(JobPosting.id == posting_id, JobPosting.person_id == person_id)
    ).first()


def delete_postings(*, session: Session, person_id: int) -> int:
    """Delete all of the person's postings (their skills go with them); returns how many."""
    count = count_postings(session=session, person_id=person_id)
    owned = select(JobPosting.id).where(JobPosting.person_id == person_id)
    # Explicit, not left to ON DELETE CASCADE: a bulk delete skips the ORM's cascade.
    session.execute(delete(PostingSkill).where(PostingSkill.posting_id.in_(owned)))
    session.execute(delete(JobPosting).where(JobPosting.person_id == person_id))
    return count


def delete_posting(*, session: Session, row: JobPosting) -> None:
    """Delete one posting and its skills."""
    session.delete(row)
    session.flush()


def market_objectives(*, session: Session, person_id: int) -> Sequence[Objective]:
    """Active objectives, those with a target occupation first, then roles, then by horizon."""
    return session.scalars(
        select(Objective)
        .where(Objective.person_id == person_id, Objective.status == "active")
        .order_by(
            Objective.occupation_uri.is_(None).asc(),
            (Objective.kind != "role").asc(),
            Objective.horizon,
            Objective.id,
        )
    ).all()


def aim_unaimed_objectives(*, session: Session, person_id: int, uri: str) -> None:
    """Point the person's active role objectives without a target occupation at one (the demo)."""
    session.execute(
        update(Objective)
        .where(
            Objective.person_id == person_id,
            Objective.kind == "role",
            Objective.status == "active",
            Objective.occupation_uri.is_(None),
        )
        .values(occupation_uri=uri)
    )
