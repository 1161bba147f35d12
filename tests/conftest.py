"""Shared fixtures: every storage test runs on a real SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from microstep.services import people, taxonomy
from microstep.services.context import Context
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings, get_settings
from microstep.store.db import Database, open_database
from microstep.store.models import Base
from microstep.store.taxonomy import REFERENCE_TABLES
from microstep.web.app import create_app

PG_ADMIN = os.environ.get("MICROSTEP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TODAY = date(2026, 11, 18)  # a Wednesday; use it wherever a test needs a fixed "today"


def _pg_base() -> str | None:
    """The admin URL if the PostgreSQL server answers, else None (an error in CI)."""
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return PG_ADMIN
    except psycopg.OperationalError as exc:
        if IN_CI:
            raise RuntimeError(f"CI needs PostgreSQL at {PG_ADMIN}: {exc}") from exc
        return None


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped at the end."""
    admin = _pg_base()
    if admin is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = f"microstep_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_database(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def sqlite_taxonomy_template(sqlite_template: Path) -> Path:
    """The migrated template with ESCO and O*NET loaded, for tests marked `taxonomy`."""
    path = sqlite_template.with_name("taxonomy.sqlite")
    shutil.copy(sqlite_template, path)
    database = open_database(f"sqlite:///{path}")
    taxonomy.load_taxonomy(database)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def pg_taxonomy(pg_database: Database) -> Database:
    """The run's PostgreSQL database with the taxonomies loaded once (truncation keeps them)."""
    taxonomy.ensure_taxonomy(pg_database)
    return pg_database


@pytest.fixture(scope="session")
def pg_database(pg_url: str) -> Iterator[Database]:
    """The run's PostgreSQL database, migrated to head once."""
    database = open_database(pg_url)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database on each engine; with the taxonomies loaded when
    the test is marked `taxonomy`."""
    loaded = request.node.get_closest_marker("taxonomy") is not None
    if request.param == "sqlite":
        name = "sqlite_taxonomy_template" if loaded else "sqlite_template"
        template: Path = request.getfixturevalue(name)
        path = tmp_path / "microstep.sqlite"
        shutil.copy(template, path)
        return f"sqlite:///{path}"
    database: Database = request.getfixturevalue("pg_taxonomy" if loaded else "pg_database")
    _truncate(database)
    return str(database.engine.url.render_as_string(hide_password=False))


def _truncate(database: Database) -> None:
    # Reference data survives: loading it is slow, and no test writes to it but the loader's.
    names = ", ".join(
        f'"{table.name}"'
        for table in Base.metadata.sorted_tables
        if table.name not in REFERENCE_TABLES
    )
    with database.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Its own data folder, no database URL from the environment, and freshly loaded settings."""
    monkeypatch.setenv("MICROSTEP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("MICROSTEP_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings pointing at the test database, with the default limits."""
    return Settings(data_dir=tmp_path, database_url=db_url)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open database (already at head)."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def ctx(db: Database, settings: Settings) -> Context:
    """Ana, set up with one objective, acting on TODAY."""
    objective = ObjectiveCreate(title="Senior data analyst", horizon=date(2027, 9, 30))
    people.init_person(db, PersonSetup(name="Ana", objective=objective), settings=settings)
    return people.personal_context(db, settings=settings, today=TODAY)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked sqlite_only do not run their PostgreSQL variant at all."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        on_pg = params.get("db_url") == "postgresql"
        (drop if on_pg and item.get_closest_marker("sqlite_only") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def local_client(settings: Settings, db: Database) -> TestClient:
    """An in-process client that talks to the app as a browser on this machine would."""
    return TestClient(create_app(settings, db), base_url="http://127.0.0.1")


@pytest.fixture
def client(settings: Settings, db: Database, ctx: Context) -> TestClient:
    """Ana's app in process (set up with one objective); the web acts on the real today."""
    return local_client(settings, db)


TEAM_SECRET = "team-mode-test-secret-0123456789abcdefghijklmnop"


@pytest.fixture
def team_db(pg_database: Database) -> Database:
    """The run's PostgreSQL database, emptied: team mode runs on PostgreSQL only."""
    _truncate(pg_database)
    return pg_database


@pytest.fixture
def team_settings(tmp_path: Path, team_db: Database) -> Settings:
    """Team-mode settings over the PostgreSQL test database."""
    return Settings(
        data_dir=tmp_path,
        database_url=team_db.engine.url.render_as_string(hide_password=False),
        mode="team",
        secret_key=TEAM_SECRET,
        base_url="https://127.0.0.1",
    )
