"""Queries behind the sharing page: visibility counts, bulk changes, defaults for new records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from microstep.store.models import ShareDefault
from microstep.store.visibility import visible_to


def visibility_counts(*, session: Session, model: type[Any], person_id: int) -> dict[str, int]:
    """How many of the person's records of this kind sit at each visibility."""
    rows = session.execute(
        select(model.visibility, func.count())
        .where(model.person_id == person_id)
        .group_by(model.visibility)
    ).all()
    return {str(scope): int(count) for scope, count in rows}


def set_all(*, session: Session, model: type[Any], person_id: int, visibility: str) -> int:
    """Give every record of this kind of the person one visibility; how many changed."""
    result = session.execute(
        update(model)
        .where(model.person_id == person_id, model.visibility != visibility)
        .values(visibility=visibility)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def get_record(*, session: Session, model: type[Any], person_id: int, record_id: int) -> Any:
    """One of the person's records of this kind, or None."""
    return session.scalars(
        select(model).where(model.id == record_id, model.person_id == person_id)
    ).first()


def shared_with(
    *, session: Session, model: type[Any], person_id: int, viewer_id: int, limit: int = 200
) -> list[Any]:
    """A person's records of this kind the viewer may read, newest first."""
    query = select(model).where(model.person_id == person_id, visible_to(model, viewer_id))
    return list(session.scalars(query.order_by(model.id.desc()).limit(limit)))


def defaults_of(*, session: Session, person_ids: Iterable[int]) -> dict[tuple[int, str], str]:
    """The chosen visibility for new records, by (person, kind), for several people."""
    rows = session.scalars(select(ShareDefault).where(ShareDefault.person_id.in_(person_ids)))
    return {(row.person_id, row.kind): row.visibility for row in rows}


def defaults(*, session: Session, person_id: int) -> dict[str, str]:
    """The person's chosen visibility for new records, by kind."""
    rows = session.scalars(select(ShareDefault).where(ShareDefault.person_id == person_id))
    return {row.kind: row.visibility for row in rows}


def set_default(*, session: Session, person_id: int, kind: str, visibility: str) -> None:
    """Remember the visibility new records of this kind get."""
    row = session.get(ShareDefault, (person_id, kind))
    if row is None:
        session.add(ShareDefault(person_id=person_id, kind=kind, visibility=visibility))
    else:
        row.visibility = visibility
    session.flush()
