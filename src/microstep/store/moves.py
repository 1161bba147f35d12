"""Storage of micro-career moves and the evidence a completed move adds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from microstep.store.models import Move, Role, Signal, SkillLevelChange
from microstep.store.visibility import visible_to


def add_move(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Move:
    """Store a new move."""
    row = Move(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_move(*, session: Session, move_id: int) -> Move | None:
    """One move by id, whoever's it is (callers check who may act on it)."""
    return session.get(Move, move_id)


def get_own_move(*, session: Session, person_id: int, move_id: int) -> Move | None:
    """One move of this person."""
    return session.scalars(
        select(Move).where(Move.id == move_id, Move.person_id == person_id)
    ).first()


def list_moves(*, session: Session, person_id: int) -> Sequence[Move]:
    """A person's moves, oldest first."""
    return session.scalars(
        select(Move).where(Move.person_id == person_id).order_by(Move.start_date, Move.id)
    ).all()


def shared_moves(*, session: Session, person_id: int, viewer_id: int) -> Sequence[Move]:
    """The moves of a person the viewer may read, oldest first."""
    return session.scalars(
        select(Move)
        .where(Move.person_id == person_id, visible_to(Move, viewer_id))
        .order_by(Move.start_date, Move.id)
    ).all()


def role_titles(*, session: Session, role_ids: Iterable[int | None]) -> dict[int, str]:
    """role id -> title, for the given ids."""
    wanted = sorted({i for i in role_ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(select(Role.id, Role.title).where(Role.id.in_(wanted)))
    return {int(role_id): str(title) for role_id, title in rows}


def roles(*, session: Session, role_ids: Iterable[int | None]) -> dict[int, Role]:
    """role id -> role, for the given ids."""
    wanted = sorted({i for i in role_ids if i is not None})
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(Role).where(Role.id.in_(wanted)))}


def move_signal(*, session: Session, move_id: int) -> Signal | None:
    """The evidence-log entry a move's outcome added, if any."""
    return session.scalars(
        select(Signal).where(Signal.move_id == move_id).order_by(Signal.id)
    ).first()


def has_level_change(*, session: Session, skill_id: int, marker: str) -> bool:
    """Whether the skill's history already holds a change whose note carries this marker."""
    found = session.scalars(
        select(SkillLevelChange.id).where(
            SkillLevelChange.skill_id == skill_id,
            SkillLevelChange.note.contains(marker, autoescape=True),
        )
    ).first()
    return found is not None


def delete_row(*, session: Session, row: object) -> None:
    """Remove a stored row."""
    session.delete(row)
    session.flush()
