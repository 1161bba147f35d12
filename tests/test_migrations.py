"""Alembic: an empty database goes to head and back to base on both engines."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import inspect

from microstep.errors import ConfigError
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


def test_a_database_from_a_newer_microstep_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_database(str(path)).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(ConfigError, match="newer microstep"):
        open_database(str(path))


def test_a_file_that_is_not_a_database_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just notes " * 100)
    with pytest.raises(ConfigError, match="Cannot open the database"):
        open_database(str(path))


def test_a_missing_folder_is_not_created_behind_your_back(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        open_database(str(tmp_path / "no" / "such" / "x.sqlite"))
    assert not (tmp_path / "no").exists()
