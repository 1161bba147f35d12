"""Reading and writing every table of one person, driven by the SQLAlchemy metadata.

OWNERSHIP says, for every table, how its rows belong to a person: directly (a `person_id`
column), or through a parent row (a foreign key to a table that does). A table that is neither
owned nor listed in EXCLUDED is a mistake a test catches, so a new table cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text, union, update
from sqlalchemy.orm import Session

from microstep.store.models import Base, Person
from microstep.store.taxonomy import REFERENCE_TABLES


@dataclass(frozen=True)
class Owned:
    """How a table's rows reach their person: `column` on this table, or via `parent`; with
    `via`, the rows the parent's rows point at through those columns (shared rows a person's
    records refer to, such as the roles of their moves)."""

    column: str
    parent: str | None = None  # the table `column` points at, itself owned directly
    via: tuple[str, ...] = ()  # columns of `parent` pointing at this table's `column`


PERSON = "person"
OWNERSHIP: dict[str, Owned] = {
    "person": Owned("id"),
    "objective": Owned("person_id"),
    "skill_target": Owned("person_id"),
    "skill_level_change": Owned("skill_id", parent="skill_target"),
    "micro_goal": Owned("person_id"),
    "micro_skill": Owned("person_id"),
    "practice_session": Owned("person_id"),
    "signal": Owned("person_id"),
    "feedback_request": Owned("person_id"),
    "action_pick": Owned("person_id"),
    "action_tick": Owned("pick_id", parent="action_pick"),
    "experiment": Owned("person_id"),
    "experiment_signal": Owned("experiment_id", parent="experiment"),
    "check_in": Owned("person_id"),
    "check_in_meeting": Owned("check_in_id", parent="check_in"),
    "review": Owned("person_id"),
    "lesson": Owned("person_id"),
    "achievement": Owned("person_id"),
    "job_posting": Owned("person_id"),
    "posting_skill": Owned("posting_id", parent="job_posting"),
    "move": Owned("person_id"),
    # Roles are the organization's, shared by everyone's moves: an export carries the ones its
    # moves name, and an import maps them by title_key onto the roles already there.
    "role": Owned("id", parent="move", via=("to_role_id", "from_role_id")),
}
# Columns an export leaves empty: links to the organization's records, not the person's.
ORG_LINKS: dict[str, tuple[str, ...]] = {"move": ("opportunity_id",)}
ROLE_IDS = "transfer_role_ids"  # session.info key: exported role id -> the id it landed on

# Tables deliberately left out of a person's export, with the reason.
EXCLUDED: dict[str, str] = {
    **dict.fromkeys(
        REFERENCE_TABLES, "reference data shipped with microstep; links to it are kept as URIs"
    ),
    **dict.fromkeys(
        ("auth_session", "api_token", "invite", "login_attempt"),
        "team mode's secrets and sign-in records: never part of a person's data",
    ),
    **dict.fromkeys(
        ("team", "mentorship", "circle", "circle_member", "nudge", "coaching_request"),
        "team mode: records shared with other people of the organization",
    ),
    **dict.fromkeys(
        ("opportunity", "opportunity_skill", "application", "approval_rule"),
        "team mode's marketplace: the organization's postings and decisions, not one person's",
    ),
    **dict.fromkeys(
        ("critical_role", "cohort", "cohort_member"),
        "team mode's analytics: the organization's succession plan and pilots, not one person's",
    ),
    "delivery": "team mode's reminder outbox: operational, made anew by the worker",
    "share_default": "team mode: whom new records are shared with, chosen again per org",
}


def table(name: str) -> Table:
    """The metadata's table of this name."""
    return Base.metadata.tables[name]


def unmapped_tables() -> set[str]:
    """Tables that are neither exported nor excluded: each one would be lost in an export."""
    return set(Base.metadata.tables) - set(OWNERSHIP) - set(EXCLUDED)


def owned_tables() -> list[str]:
    """Every exported table, parents before children (the order an import inserts in)."""
    return [t.name for t in Base.metadata.sorted_tables if t.name in OWNERSHIP]


def owned_rows(*, session: Session, name: str, person_id: int) -> list[dict[str, Any]]:
    """A person's rows of one table, ordered by primary key, as column -> value."""
    source = table(name)
    owner = OWNERSHIP[name]
    query = select(source)
    if owner.parent is None:
        query = query.where(source.c[owner.column] == person_id)
    elif owner.via:
        parent = table(owner.parent)
        mine = parent.c[OWNERSHIP[owner.parent].column] == person_id
        pointed = [select(parent.c[column]).where(mine) for column in owner.via]
        query = query.where(source.c[owner.column].in_(union(*pointed)))
    else:
        parent = table(owner.parent)
        parents = select(parent.c.id).where(parent.c[OWNERSHIP[owner.parent].column] == person_id)
        query = query.where(source.c[owner.column].in_(parents))
    query = query.order_by(*source.primary_key.columns)
    blank = dict.fromkeys(ORG_LINKS.get(name, ()))
    return [dict(row) | blank for row in session.execute(query).mappings().all()]


def start_writing(*, session: Session) -> None:
    """Open the write transaction now: pysqlite begins it only at the first write, and a
    SAVEPOINT before that would be released as a commit of its own."""
    session.execute(update(Person).where(Person.id == -1).values(name=Person.name))


def count_people(*, session: Session) -> int:
    """How many people the database holds."""
    return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def only_person_id(*, session: Session) -> int | None:
    """The id of the one person, when exactly one is there."""
    ids = session.scalars(select(Person.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def delete_person(*, session: Session, person_id: int) -> None:
    """Remove a person; every owned row goes with it (ON DELETE CASCADE)."""
    session.execute(delete(Person).where(Person.id == person_id))
    session.flush()


def insert_rows(*, session: Session, name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows as given, ids included; roles land on the role of the same title_key when
    there is one (and the moves follow them)."""
    if name == "role":
        rows = _new_roles(session, rows)
    elif name == "move":
        rows = _moved_roles(session, rows)
    if rows:
        session.execute(insert(table(name)), list(rows))


def _new_roles(session: Session, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The exported roles not stored yet (keeping their id when it is free); every exported id
    is remembered with the id it lands on."""
    roles = table("role")
    keys = [row["title_key"] for row in rows]
    found = session.execute(
        select(roles.c.title_key, roles.c.id).where(roles.c.title_key.in_(keys))
    )
    known = {str(key): int(role_id) for key, role_id in found}
    ids = [row["id"] for row in rows]
    taken = set(session.scalars(select(roles.c.id).where(roles.c.id.in_(ids))).all())
    mapping: dict[int, int] = session.info.setdefault(ROLE_IDS, {})
    fresh: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    for row in rows:
        if row["title_key"] in known:
            mapping[row["id"]] = known[row["title_key"]]
        elif row["id"] in taken:
            moved.append(row)
        else:
            mapping[row["id"]] = row["id"]
            fresh.append(row)
    for row in moved:  # an id another role holds: the role gets a new one
        new_id = session.execute(
            insert(roles).values({k: v for k, v in row.items() if k != "id"}).returning(roles.c.id)
        ).scalar_one()
        mapping[row["id"]] = int(new_id)
    return fresh


def _moved_roles(session: Session, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Moves pointing at the ids their roles landed on."""
    mapping: dict[int, int] = session.info.get(ROLE_IDS, {})

    def landed(role_id: int | None) -> int | None:
        return mapping.get(role_id, role_id) if role_id is not None else None

    return [
        row | {"to_role_id": landed(row["to_role_id"]), "from_role_id": landed(row["from_role_id"])}
        for row in rows
    ]


def bump_sequences(*, session: Session, names: Iterable[str]) -> None:
    """After inserting explicit ids on PostgreSQL, move each id sequence past the highest id."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in names:
        if "id" not in table(name).c or not table(name).c.id.primary_key:
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1, false)'
            )
        )
