"""Alembic: an empty database goes to head and back to base on both engines."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect

from microstep.store.db import current_revision, head_revision, open_database
from microstep.store.models import Base
from tests.conftest import PG_ADMIN, _pg_base


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    if _pg_base() is None:
        pytest.skip("PostgreSQL is not reachable")
    name = f"microstep_mig_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_empty_database_migrates_to_head_and_back(empty_url: str) -> None:
    database = open_database(empty_url)
    assert current_revision(database.engine) == head_revision()
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.downgrade("base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.upgrade()
    assert current_revision(database.engine) == head_revision()
    database.dispose()


def test_opening_at_head_is_idempotent(empty_url: str) -> None:
    open_database(empty_url).dispose()
    database = open_database(empty_url)
    assert current_revision(database.engine) == head_revision()
    database.dispose()


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "plain-path.sqlite"))
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()
