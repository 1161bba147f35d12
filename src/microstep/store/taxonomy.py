"""Storage of the reference taxonomies: bulk loading and the reads the linker and gap need."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from microstep.store.models import (
    Base,
    OnetOccupation,
    OnetRelated,
    OnetTechnology,
    OnetTitle,
    TaxonomyOccupation,
    TaxonomyOccupationLabel,
    TaxonomyOccupationSkill,
    TaxonomySkill,
    TaxonomySkillLabel,
    TaxonomySource,
)

BATCH = 5000
# Children before parents, so deleting a source never trips a foreign key.
SOURCE_TABLES = {
    "esco": [
        TaxonomyOccupationSkill,
        TaxonomyOccupationLabel,
        TaxonomyOccupation,
        TaxonomySkillLabel,
        TaxonomySkill,
    ],
    "onet": [OnetRelated, OnetTechnology, OnetTitle, OnetOccupation],
}
REFERENCE_TABLES = frozenset(
    [m.__tablename__ for group in SOURCE_TABLES.values() for m in group] + ["taxonomy_source"]
)


def sources(*, session: Session) -> dict[str, str]:
    """Loaded sources and their versions."""
    rows = session.execute(select(TaxonomySource.name, TaxonomySource.version))
    return {str(name): str(version) for name, version in rows}


def clear_source(*, session: Session, name: str) -> None:
    """Delete every row a source loaded."""
    for model in SOURCE_TABLES[name]:
        session.execute(delete(model))
    session.execute(delete(TaxonomySource).where(TaxonomySource.name == name))


def insert_rows(
    *,
    session: Session,
    table: str,
    rows: Iterator[dict[str, Any]],
    advance: Callable[[int], None],
) -> None:
    """Insert rows in batches, reporting each batch's size (COPY on PostgreSQL: several times
    faster than INSERT for a few hundred thousand rows)."""
    target: Table = Base.metadata.tables[table]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _copy(connection.connection.driver_connection, target, rows, advance)
        return
    while batch := list(islice(rows, BATCH)):
        session.execute(insert(target), batch)
        advance(len(batch))


def _copy(
    driver: Any, target: Table, rows: Iterator[dict[str, Any]], advance: Callable[[int], None]
) -> None:
    names = [c.name for c in target.columns]
    statement = f"COPY {target.name} ({', '.join(names)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        while batch := list(islice(rows, BATCH)):
            for row in batch:
                copy.write_row([row.get(name) for name in names])
            advance(len(batch))
    if "id" in names:  # COPY wrote the ids itself; the sequence must not hand them out again
        with driver.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{target.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {target.name}), 0) + 1, false)"
            )


def mark_loaded(*, session: Session, name: str, version: str, now: datetime) -> None:
    """Record a source as loaded."""
    session.add(TaxonomySource(name=name, version=version, loaded_at=now))


def counts(*, session: Session) -> dict[str, int]:
    """Rows per taxonomy table, for `taxonomy info`."""
    models = [m for group in SOURCE_TABLES.values() for m in group]
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models
    }


def concept_labels(*, session: Session, kind: str) -> Iterator[tuple[str, str, str]]:
    """(uri, preferred label, label) of every skill or occupation label, grouped by concept."""
    if kind == "skill":
        query = (
            select(TaxonomySkill.uri, TaxonomySkill.label, TaxonomySkillLabel.text)
            .join(TaxonomySkillLabel, TaxonomySkillLabel.skill_id == TaxonomySkill.id)
            .order_by(TaxonomySkill.id, TaxonomySkillLabel.id)
        )
    else:
        query = (
            select(TaxonomyOccupation.uri, TaxonomyOccupation.label, TaxonomyOccupationLabel.text)
            .join(
                TaxonomyOccupationLabel,
                TaxonomyOccupationLabel.occupation_id == TaxonomyOccupation.id,
            )
            .order_by(TaxonomyOccupation.id, TaxonomyOccupationLabel.id)
        )
    yield from ((uri, label, text) for uri, label, text in session.execute(query))


def onet_titles(*, session: Session) -> Iterator[tuple[str, str]]:
    """(ESCO occupation URI, O*NET title) where one ESCO occupation alone maps to the O*NET
    code: more ways to name a role for the role linker. (Where several share a code, its titles
    would blur them, so they are left out.)"""
    sole = (
        select(TaxonomyOccupation.onet_code)
        .where(TaxonomyOccupation.onet_code.is_not(None))
        .group_by(TaxonomyOccupation.onet_code)
        .having(func.count() == 1)
    )
    query = (
        select(TaxonomyOccupation.uri, OnetTitle.title)
        .join(OnetTitle, OnetTitle.code == TaxonomyOccupation.onet_code)
        .where(TaxonomyOccupation.onet_code.in_(sole))
        .order_by(TaxonomyOccupation.id, OnetTitle.id)
    )
    yield from ((uri, title) for uri, title in session.execute(query))


def get_skill(*, session: Session, uri: str) -> TaxonomySkill | None:
    """One ESCO skill by URI."""
    return session.scalars(select(TaxonomySkill).where(TaxonomySkill.uri == uri)).first()


def get_skills(*, session: Session, uris: Iterable[str]) -> dict[str, TaxonomySkill]:
    """ESCO skills by URI."""
    wanted = list(set(uris))
    rows = session.scalars(select(TaxonomySkill).where(TaxonomySkill.uri.in_(wanted)))
    return {row.uri: row for row in rows}


def get_occupation(*, session: Session, uri: str) -> TaxonomyOccupation | None:
    """One ESCO occupation by URI."""
    return session.scalars(select(TaxonomyOccupation).where(TaxonomyOccupation.uri == uri)).first()


def occupation_skills(
    *, session: Session, occupation_id: int
) -> Sequence[tuple[TaxonomySkill, str]]:
    """The occupation's skills with their relation, essential first, then by label."""
    query = (
        select(TaxonomySkill, TaxonomyOccupationSkill.relation)
        .join(TaxonomyOccupationSkill, TaxonomyOccupationSkill.skill_id == TaxonomySkill.id)
        .where(TaxonomyOccupationSkill.occupation_id == occupation_id)
        .order_by(TaxonomyOccupationSkill.relation, TaxonomySkill.label)
    )
    return [(skill, relation) for skill, relation in session.execute(query)]


def onet_occupation(*, session: Session, code: str) -> OnetOccupation | None:
    """One O*NET occupation by code."""
    return session.get(OnetOccupation, code)


def onet_technology(*, session: Session, code: str) -> Sequence[OnetTechnology]:
    """Technologies O*NET lists for an occupation."""
    return list(
        session.scalars(
            select(OnetTechnology).where(OnetTechnology.code == code).order_by(OnetTechnology.id)
        )
    )


def onet_codes(*, session: Session, uris: Iterable[str]) -> dict[str, str]:
    """O*NET-SOC codes of ESCO occupations, for those that map."""
    query = select(TaxonomyOccupation.uri, TaxonomyOccupation.onet_code).where(
        TaxonomyOccupation.uri.in_(list(uris)), TaxonomyOccupation.onet_code.is_not(None)
    )
    return {str(uri): str(code) for uri, code in session.execute(query)}


def products(*, session: Session) -> list[tuple[str, str]]:
    """Distinct (technology name, category) pairs O*NET lists, such as ("Microsoft Excel",
    "Spreadsheet software")."""
    query = select(OnetTechnology.example, OnetTechnology.commodity).distinct()
    return [(str(name), str(category)) for name, category in session.execute(query)]
