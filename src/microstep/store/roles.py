"""Role titles of the organization: looked up by key, added in bulk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microstep.store.models import Role

LOOKUP_CHUNK = 1000  # keys per IN (...) list


def role_ids(*, session: Session, keys: Iterable[str]) -> dict[str, int]:
    """The ids of the roles with these keys (missing keys are absent)."""
    wanted = sorted(set(keys))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        rows = session.execute(select(Role.title_key, Role.id).where(Role.title_key.in_(chunk)))
        found.update({str(key): int(role_id) for key, role_id in rows.all()})
    return found


def add_roles(*, session: Session, rows: Sequence[dict[str, Any]], now: datetime) -> None:
    """Insert new roles: dicts of title, title_key, occupation_uri, onet_code, link_score."""
    if rows:
        session.execute(insert(Role), [{**row, "created_at": now} for row in rows])


def get_role(*, session: Session, role_id: int) -> Role | None:
    """One role by id."""
    return session.get(Role, role_id)
