"""The move-history import's SQL: rows stream into a temporary staging table (COPY on
PostgreSQL, executemany on SQLite), then set-based statements add the people and moves.

Everything runs inside the caller's transaction, so a failure anywhere leaves nothing behind.
The staging tables are temporary and dropped at the end of the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from microstep.core.moves import LASTING_KINDS
from microstep.store.models import UTCDateTime

StageRow = tuple[int, str, str, date, date | None, str | None]  # line, person, role key, ...
STAGE_COLUMNS = "line, person_ext, role_key, start_date, end_date, kind"
WORK_MEM = "256MB"  # PostgreSQL, for this transaction only
BATCH = 5000  # rows per executemany on SQLite
NO_END = "9999-12-31"  # an ongoing move's end while grouping (NULL would not compare)
LASTING_SQL = ", ".join(f"'{kind}'" for kind in sorted(LASTING_KINDS))


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def create_stage(*, session: Session) -> None:
    """The empty staging table for this import (temporary: only this connection sees it)."""
    if _is_postgres(session):  # the import's sorts and hashes fit in memory instead of on disk
        session.execute(text(f"SET LOCAL work_mem = '{WORK_MEM}'"))
    session.execute(text("DROP TABLE IF EXISTS move_stage"))
    session.execute(text("DROP TABLE IF EXISTS move_batch"))
    session.execute(
        text(
            "CREATE TEMPORARY TABLE move_stage (line INTEGER NOT NULL, person_ext VARCHAR(64) "
            "NOT NULL, role_key VARCHAR(600) NOT NULL, start_date DATE NOT NULL, end_date DATE, "
            "kind VARCHAR(20))"
        )
    )


def stage_rows(*, session: Session, rows: Iterable[StageRow]) -> None:
    """Stream rows into the staging table: one COPY on PostgreSQL, batches on SQLite."""
    if _is_postgres(session):
        raw: Any = session.connection().connection.dbapi_connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY move_stage ({STAGE_COLUMNS}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    insert = text(
        f"INSERT INTO move_stage ({STAGE_COLUMNS}) VALUES "
        "(:line, :person_ext, :role_key, :start_date, :end_date, :kind)"
    )
    keys = ("line", "person_ext", "role_key", "start_date", "end_date", "kind")
    rows = iter(rows)
    while chunk := list(islice(rows, BATCH)):
        session.execute(insert, [dict(zip(keys, row, strict=True)) for row in chunk])


def group_stage(*, session: Session) -> None:
    """One row per distinct move (person, role, start, kind), with the end dates it was given."""
    session.execute(
        text(
            "CREATE TEMPORARY TABLE move_batch AS SELECT person_ext, role_key, start_date, kind, "
            f"MIN(line) AS line, MIN(COALESCE(end_date, '{NO_END}')) AS low, "
            f"MAX(COALESCE(end_date, '{NO_END}')) AS high, COUNT(*) AS n "
            "FROM move_stage GROUP BY person_ext, role_key, start_date, kind"
        )
    )
    session.execute(text("CREATE INDEX ix_move_batch_person ON move_batch (person_ext)"))
    if _is_postgres(session):
        session.execute(text("ANALYZE move_batch"))


def repeats_with_other_ends(*, session: Session, limit: int) -> list[tuple[int, int]]:
    """(line, first line) of rows repeating an earlier row's move with a different end date."""
    rows = session.execute(
        text(
            "SELECT s.line, b.line FROM move_stage s JOIN move_batch b "
            "ON s.person_ext = b.person_ext AND s.role_key = b.role_key "
            "AND s.start_date = b.start_date "
            "AND (s.kind = b.kind OR (s.kind IS NULL AND b.kind IS NULL)) "
            "WHERE b.low <> b.high AND s.line > b.line ORDER BY s.line LIMIT :limit"
        ),
        {"limit": limit},
    )
    return [(int(line), int(first)) for line, first in rows]


def counts(*, session: Session) -> tuple[int, int]:
    """(distinct moves, distinct people) in the batch."""
    moves, people = session.execute(
        text("SELECT COUNT(*), COUNT(DISTINCT person_ext) FROM move_batch")
    ).one()
    return int(moves), int(people)


def add_history_people(*, session: Session, now: datetime) -> int:
    """People the history names but the organization does not know yet: 'Employee <id>', no
    email (import-people finds them later by the same id). How many were added."""
    result = session.execute(
        text(
            "INSERT INTO person (name, external_id, is_local, created_at, role, is_active, "
            "is_advisor, notify_email) "
            "SELECT 'Employee ' || b.person_ext, b.person_ext, :no, :now, 'employee', :yes, :no, "
            ":yes FROM (SELECT DISTINCT person_ext FROM move_batch) b "
            "WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.external_id = b.person_ext) "
            "ORDER BY b.person_ext"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": now, "yes": True, "no": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


# The batch's moves with their person and role ids; `m` matches a stored move with the same key.
_RESOLVED = (
    "FROM move_batch b JOIN person p ON p.external_id = b.person_ext "
    "JOIN role r ON r.title_key = b.role_key"
)
_SAME_MOVE = (
    "m.person_id = p.id AND m.start_date = b.start_date AND m.to_role_id = r.id "
    "AND (m.kind = b.kind OR (m.kind IS NULL AND b.kind IS NULL))"
)


def end_ongoing(*, session: Session, now: datetime) -> int:
    """Imported moves stored as ongoing that the file now gives an end date: end them."""
    result = session.execute(
        text(
            f"UPDATE move AS m SET end_date = b.high, updated_at = :now {_RESOLVED} "
            f"WHERE {_SAME_MOVE} AND m.end_date IS NULL AND m.source = 'import' "
            f"AND b.high <> '{NO_END}'"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": now},
    )
    return int(getattr(result, "rowcount", 0) or 0)


# Each move with the role held before it (`from_role`): number the lasting changes (and moves
# of unknown kind) of each person in timeline order; a move's previous role is the to-role of
# the lasting change numbered just below it (a lasting change on the same day counts first).
_HELD = (
    f"t AS (SELECT *, CASE WHEN kind IS NULL OR kind IN ({LASTING_SQL}) THEN 1 ELSE 0 END "
    "AS lasting FROM {source}), "
    "o AS (SELECT t.*, SUM(lasting) OVER (PARTITION BY person_id ORDER BY start_date, "
    "1 - lasting, {order} ROWS UNBOUNDED PRECEDING) AS n FROM t), "
    "x AS (SELECT o.*, h.{role} AS from_role FROM o LEFT JOIN o h "
    "ON h.person_id = o.person_id AND h.lasting = 1 AND h.n = o.n - o.lasting)"
)


def last_move_id(*, session: Session) -> int:
    """The highest move id so far (0 when there is none)."""
    return int(session.execute(text("SELECT COALESCE(MAX(id), 0) FROM move")).scalar_one())


def add_moves(*, session: Session, now: datetime, visibility: str, before: int) -> int:
    """Insert the batch's moves not stored yet (a re-import adds nothing twice), each from the
    role held before it among the person's stored and new moves; how many were added (the
    moves after id `before`)."""
    session.execute(
        text(
            "WITH fresh AS (SELECT p.id AS person_id, b.kind, r.id AS role_id, b.start_date, "
            f"NULLIF(b.high, '{NO_END}') AS end_date, b.line AS seq, 1 AS fresh {_RESOLVED} "
            f"WHERE NOT EXISTS (SELECT 1 FROM move m WHERE {_SAME_MOVE})), "
            "every AS (SELECT * FROM fresh UNION ALL SELECT person_id, kind, to_role_id, "
            "start_date, end_date, id, 0 FROM move WHERE person_id IN "
            "(SELECT person_id FROM fresh)), "
            f"{_HELD.format(source='every', role='role_id', order='fresh, seq')} "
            "INSERT INTO move (person_id, kind, from_role_id, to_role_id, start_date, end_date, "
            "intended_skills, source, visibility, created_at, updated_at) "
            "SELECT person_id, kind, from_role, role_id, start_date, end_date, '[]', 'import', "
            ":visibility, :now, :now FROM x WHERE fresh = 1 ORDER BY person_id, start_date, seq"
        ).bindparams(bindparam("now", type_=UTCDateTime())),
        {"now": now, "visibility": visibility},
    )
    # Counted, not read from rowcount: SQLite reports -1 for a statement opening with WITH.
    added = session.execute(
        text("SELECT COUNT(*) FROM move WHERE id > :before"), {"before": before}
    )
    return int(added.scalar_one())


def older_moves_of_new_people(*, session: Session, before: int) -> bool:
    """Whether a move added after id `before` belongs to a person who had moves already (their
    later moves may now come from another role)."""
    found = session.execute(
        text(
            "SELECT 1 FROM move WHERE id <= :before AND person_id IN "
            "(SELECT person_id FROM move WHERE id > :before) LIMIT 1"
        ),
        {"before": before},
    ).first()
    return found is not None


def link_from_roles(*, session: Session, after: int) -> None:
    """Imported moves of the people who got moves after id `after` come from the role held
    just before them (an earlier move added now may change it)."""
    changed = (
        "m.from_role_id IS DISTINCT FROM x.from_role"
        if _is_postgres(session)
        else "m.from_role_id IS NOT x.from_role"
    )
    session.execute(
        text(
            "WITH mine AS (SELECT id, person_id, kind, to_role_id, start_date FROM move "
            "WHERE person_id IN (SELECT person_id FROM move WHERE id > :after)), "
            f"{_HELD.format(source='mine', role='to_role_id', order='id')} "
            "UPDATE move AS m SET from_role_id = x.from_role FROM x "
            f"WHERE m.id = x.id AND m.source = 'import' AND {changed}"
        ),
        {"after": after},
    )


def drop_stage(*, session: Session) -> None:
    """Drop the staging tables (SQLite keeps temporary tables for the connection's life)."""
    session.execute(text("DROP TABLE IF EXISTS move_batch"))
    session.execute(text("DROP TABLE IF EXISTS move_stage"))
