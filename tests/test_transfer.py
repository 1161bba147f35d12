"""Export and import of all of a person's data: every table, a lossless round trip, refusals."""

from __future__ import annotations

import copy
import json
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text

from microstep.demo.personal import build_personal_demo
from microstep.errors import Conflict, InvalidInput
from microstep.services import goals, people, transfer
from microstep.services.context import Context
from microstep.services.schemas import GoalCreate, PersonSetup
from microstep.settings import Settings
from microstep.store import transfer as store
from microstep.store.db import Database, head_revision, open_database
from microstep.store.models import Achievement, Base, Person
from tests.conftest import PG_ADMIN, TODAY
from tests.test_portfolio_service import history


def test_every_table_is_exported_or_deliberately_excluded() -> None:
    assert store.unmapped_tables() == set(), "add the new table to OWNERSHIP or EXCLUDED"
    assert set(store.OWNERSHIP) | set(store.EXCLUDED) == set(Base.metadata.tables)
    for name, owner in store.OWNERSHIP.items():
        assert owner.column in Base.metadata.tables[name].c
        if owner.parent is not None:
            assert store.OWNERSHIP[owner.parent].parent is None


def _empty(database: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with database.engine.begin() as conn:
        if database.engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(text("DELETE FROM person"))


@pytest.fixture(scope="module")
def second_pg() -> Iterator[Database]:
    """A second PostgreSQL database, so an import lands somewhere truly fresh."""
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable")
    name = f"microstep_transfer_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].split("://", 1)[1]
    database = open_database(f"postgresql+psycopg://{base}/{name}")
    yield database
    database.dispose()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def fresh(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Database]:
    """An empty, migrated database on the same engine as `db`, not the same database."""
    if db_url.startswith("sqlite"):
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copy(template, tmp_path / "fresh.sqlite")
        database = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    else:
        database = request.getfixturevalue("second_pg")
        _empty(database)
    yield database
    if db_url.startswith("sqlite"):
        database.dispose()


def _maya(database: Database) -> Context:
    """Maya's twelve weeks from the demo, plus rows that test the edges of every type."""
    assert build_personal_demo(database, today=TODAY) is not None
    ctx = people.personal_context(database, settings=Settings(), today=TODAY)
    with database.transaction() as session:
        person = session.get(Person, ctx.person_id)
        assert person is not None
        person.email, person.calendar_token = "maya@example.org", "tök-" + "x" * 40
        session.add(
            Achievement(
                person_id=ctx.person_id,
                title="Łódź “quotes” — 数据 ✓ \\ backslash",
                metric=None,
                narrative="Line one\nline two\ttabbed",
                achieved_on=TODAY,
                created_at=datetime(2026, 11, 18, 23, 59, 59, 123456, tzinfo=UTC),
            )
        )
    return ctx


def _without_moment(payload: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in payload.items() if key != "exported_at"}


def _round_trip(source: Database, target: Database) -> tuple[dict[str, Any], Context]:
    ctx = _maya(source)
    before = transfer.export_data(ctx)
    empty = [name for name, rows in before["tables"].items() if not rows]
    assert empty == [], f"the history leaves tables empty: {empty}"
    result = transfer.import_data(target, transfer.export_json(ctx))
    assert result.person == "Maya Okafor"
    assert result.rows == sum(len(rows) for rows in before["tables"].values())
    again = people.personal_context(target, settings=Settings(), today=TODAY)
    after = transfer.export_data(again)
    assert _without_moment(after) == _without_moment(before)
    return before, again


def test_a_round_trip_into_a_fresh_database_loses_nothing(db: Database, fresh: Database) -> None:
    before, ctx = _round_trip(db, fresh)
    assert before["format"] == "microstep"
    assert before["version"] == 1
    assert before["schema"] == head_revision()
    assert before["person"]["calendar_token"] is None  # the feed's secret never leaves
    # Ids were kept and the id sequences moved past them: a new goal gets a new number.
    top = max(row["id"] for row in before["tables"]["micro_goal"])
    skill_id = before["tables"]["skill_target"][0]["id"]
    goal_in = GoalCreate(
        title="Write 1 query", metric="queries", target_value=1, due=TODAY, skill_id=skill_id
    )
    new = goals.add_goal(ctx, goal_in)
    assert new.id > top


@pytest.mark.sqlite_only
def test_a_round_trip_from_sqlite_into_postgresql_loses_nothing(
    db: Database, second_pg: Database
) -> None:
    _empty(second_pg)
    _round_trip(db, second_pg)


def test_dates_and_instants_are_iso_8601_in_utc(ctx: Context) -> None:
    history(ctx)
    payload = json.loads(transfer.export_json(ctx))
    row = payload["tables"]["practice_session"][0]
    assert datetime.fromisoformat(row["logged_at"]).utcoffset().total_seconds() == 0
    assert len(row["practised_on"]) == 10
    datetime.fromisoformat(payload["exported_at"])


@pytest.fixture(scope="module")
def ana_export(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Ana's small history, exported once for the refusal tests."""
    path = tmp_path_factory.mktemp("ana") / "ana.sqlite"
    shutil.copy(sqlite_template, path)
    database = open_database(f"sqlite:///{path}")
    settings = Settings(data_dir=path.parent)
    people.init_person(database, PersonSetup(name="Ana"), settings=settings)
    ctx = people.personal_context(database, settings=settings, today=TODAY)
    history(ctx)
    payload = transfer.export_data(ctx)
    database.dispose()
    return payload


@pytest.fixture
def exported(db: Database, ana_export: dict[str, Any]) -> tuple[Database, dict[str, Any]]:
    """An empty database on each engine, and a good export to break."""
    return db, ana_export


def _nothing_written(database: Database) -> None:
    with database.transaction() as session:
        assert session.scalars(select(Person)).all() == []


def _refused(database: Database, raw: bytes | str, match: str) -> None:
    with pytest.raises(InvalidInput, match=match) as caught:
        transfer.import_data(database, raw)
    assert caught.value.message.endswith(".")
    assert "\n" not in caught.value.message
    _nothing_written(database)


def _broken(payload: dict[str, Any], change: Any) -> str:
    data = copy.deepcopy(payload)
    change(data)
    return json.dumps(data)


def test_a_file_that_is_not_json_is_refused(exported: tuple[Database, dict[str, Any]]) -> None:
    database, _payload = exported
    _refused(database, b"\x89PNG not json", "^This file is not JSON")
    _refused(database, "[" * 100_000 + "]" * 100_000, "^This file is not JSON")


def _check_in(data: dict[str, Any], **fields: Any) -> None:
    """Add a check-in that is fine but for `fields`."""
    row = {
        "id": 1,
        "person_id": data["person"]["id"],
        "with_whom": "Priya",
        "with_role": "mentor",
        "title": "Check-in with Priya",
        "first_at": "2026-11-26T14:00:00+00:00",
        "timezone": "Europe/Berlin",
        "duration_minutes": 30,
        "rrule": "FREQ=WEEKLY;INTERVAL=2",
        "active": True,
        "visibility": "private",
        "created_at": "2026-11-18T09:00:00+00:00",
    }
    data["tables"]["check_in"] = [{**row, **fields}]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: _check_in(d, timezone="Mars/Olympus"), r"^Table 'check_in', row 1: 'Mars"),
        (lambda d: _check_in(d, rrule="NOT A RULE"), r"^Table 'check_in', row 1: "),
    ],
)
def test_text_the_features_could_not_read_is_refused_at_import(
    exported: tuple[Database, dict[str, Any]], change: Any, match: str
) -> None:
    database, payload = exported
    _refused(database, _broken(payload, change), match)


def test_a_good_check_in_imports_and_a_calendar_secret_does_not(
    exported: tuple[Database, dict[str, Any]],
) -> None:
    database, payload = exported

    def change(data: dict[str, Any]) -> None:
        _check_in(data)
        data["person"]["calendar_token"] = "a"

    transfer.import_data(database, _broken(payload, change))
    with database.transaction() as session:
        assert session.scalars(select(Person.calendar_token)).all() == [None]


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.update(format="other"), "not a microstep export"),
        (lambda d: d.update(version=2), "version 2; this microstep reads version 1"),
        (lambda d: d.update(schema="0001"), "has schema '0001'"),
        (lambda d: d["tables"].pop("lesson"), "^The export has no 'lesson' table.$"),
        (lambda d: d["tables"].update(extra=[]), "unknown table 'extra'"),
        (lambda d: d.pop("person"), "no 'person' object"),
    ],
)
def test_a_wrong_envelope_is_refused_in_one_sentence(
    exported: tuple[Database, dict[str, Any]], change: Any, match: str
) -> None:
    database, payload = exported
    _refused(database, _broken(payload, change), match)


def _goal(data: dict[str, Any], index: int, **fields: Any) -> None:
    data["tables"]["micro_goal"][index].update(fields)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: _goal(d, 0, due="soon"), r"^Table 'micro_goal', row 1: 'due' .*ISO 8601"),
        (lambda d: _goal(d, 0, title=None), r"^Table 'micro_goal', row 1: 'title' cannot be"),
        (lambda d: _goal(d, 0, title="x" * 201), r"row 1: 'title' is 201 characters long"),
        (lambda d: _goal(d, 0, target_value="3"), r"row 1: 'target_value' should be a finite"),
        (lambda d: _goal(d, 0, colour="red"), r"row 1 has an unknown field 'colour'"),
        (lambda d: d["tables"]["micro_goal"][0].pop("kind"), r"row 1 has no 'kind' field"),
        (lambda d: _goal(d, 0, person_id=999), r"row 1 belongs to person 999"),
        (lambda d: _goal(d, 0, skill_id=999), r"'skill_id' points at skill_target 999"),
        (
            lambda d: d["tables"]["practice_session"].append(d["tables"]["practice_session"][0]),
            r"^Table 'practice_session', row 4 repeats the key",
        ),
        (
            lambda d: _goal(d, 0, kind="bogus"),
            r"^Table 'micro_goal', row 1 is refused by the database",
        ),
    ],
)
def test_a_bad_row_names_its_table_and_row_and_writes_nothing(
    exported: tuple[Database, dict[str, Any]], change: Any, match: str
) -> None:
    database, payload = exported
    _refused(database, _broken(payload, change), match)


def test_importing_over_someone_is_refused_unless_replacing(ctx: Context, db: Database) -> None:
    history(ctx)
    raw = transfer.export_json(ctx)
    with pytest.raises(Conflict, match="already set up"):
        transfer.import_data(db, raw)
    result = transfer.import_data(db, raw, replace=True)
    assert result.person == "Ana"
    again = people.personal_context(db, settings=Settings(), today=TODAY)
    assert _without_moment(transfer.export_data(again)) == _without_moment(json.loads(raw))
