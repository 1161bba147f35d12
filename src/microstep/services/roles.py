"""Role titles of the organization, each linked once to an ESCO occupation (and through it to
an O*NET-SOC code) so moves, opportunities and pathways speak the taxonomy's language while the
title stays in the organization's words.

Linking needs the taxonomy loaded; where it is not, roles are kept unlinked rather than making
an import wait for it. Call `role_links` outside a transaction (linking is slow the first time),
then `ensure_roles` (or `role_id` for one title) inside the transaction that uses the ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from microstep.core.moves import role_key
from microstep.core.text import one_line
from microstep.services import taxonomy
from microstep.store import roles as store
from microstep.store import taxonomy as reference
from microstep.store.db import Database

MAX_ROLE = 200  # characters of a role title


@dataclass(frozen=True)
class RoleLink:
    """Where a title landed in the taxonomy."""

    occupation_uri: str
    onet_code: str | None
    score: float


def clean_title(value: str | None, *, field: str = "role", label: str = "role") -> str:
    """A role title on one line, required, at most MAX_ROLE characters."""
    title = one_line(value, field=field, label=label, max_len=MAX_ROLE, required=True)
    assert title is not None  # required=True
    return title


def role_links(db: Database, titles: Iterable[str]) -> dict[str, RoleLink]:
    """role key -> its ESCO occupation, for the titles not yet stored; {} when the taxonomy is
    not loaded (the roles stay unlinked) or nothing fits."""
    by_key = {role_key(t): t for t in titles}
    with db.transaction() as session:
        known = store.role_ids(session=session, keys=by_key)
    new = {k: t for k, t in by_key.items() if k not in known}
    if not new or not taxonomy.is_current(db):
        return {}
    keys = sorted(new)
    matches = taxonomy.linker(db, "occupation").link([new[k] for k in keys], top=1)
    best = {k: ms[0] for k, ms in zip(keys, matches, strict=True) if ms}
    with db.transaction() as session:
        codes = reference.onet_codes(session=session, uris={m.id for m in best.values()})
    return {
        key: RoleLink(occupation_uri=m.id, onet_code=codes.get(m.id), score=m.score)
        for key, m in best.items()
    }


def ensure_roles(
    session: Session,
    titles: Iterable[str],
    *,
    now: datetime,
    links: Mapping[str, RoleLink] | None = None,
) -> dict[str, int]:
    """role key -> role id for every title, adding the roles not stored yet (the first spelling
    seen names the role)."""
    by_key: dict[str, str] = {}
    for title in titles:
        by_key.setdefault(role_key(title), title)
    ids = store.role_ids(session=session, keys=by_key)
    missing = [k for k in by_key if k not in ids]
    if missing:
        found = links or {}
        store.add_roles(
            session=session,
            rows=[
                {
                    "title": by_key[k],
                    "title_key": k,
                    "occupation_uri": found[k].occupation_uri if k in found else None,
                    "onet_code": found[k].onet_code if k in found else None,
                    "link_score": found[k].score if k in found else None,
                }
                for k in missing
            ],
            now=now,
        )
        ids.update(store.role_ids(session=session, keys=missing))
    return ids


def role_id(
    session: Session, title: str, *, now: datetime, links: Mapping[str, RoleLink] | None = None
) -> int:
    """The id of one role title, added if new (`links` from `role_links`, made beforehand)."""
    return ensure_roles(session, [title], now=now, links=links)[role_key(title)]
