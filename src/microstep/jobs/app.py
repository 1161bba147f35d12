"""The procrastinate app of team mode, its PostgreSQL connection and its own schema.

procrastinate's tables, types and functions live in the PostgreSQL schema `procrastinate`, not
beside microstep's tables: Alembic and the test suite (which truncates microstep's tables) never
see them. The app is defined once, as procrastinate expects; `connected` points it at a database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import procrastinate
import psycopg
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from microstep.errors import ConfigError
from microstep.store.db import normalise_url

SCHEMA = "procrastinate"
# Held while the schema is created, so two workers starting at once create it once.
SCHEMA_LOCK = 0x6D7370  # "msp"

app = procrastinate.App(
    connector=procrastinate.PsycopgConnector(),
    import_paths=["microstep.jobs.tasks"],
)


def conninfo(url: str) -> str:
    """A libpq URL from SQLAlchemy's `postgresql+psycopg://` form; refuses anything else."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError(
            "The worker needs PostgreSQL: set MICROSTEP_DATABASE_URL (or --db) to a "
            "postgresql:// URL."
        )
    plain = parsed.set(drivername="postgresql")
    return plain.render_as_string(hide_password=False)


def connection_options() -> dict[str, Any]:
    """Connection arguments that put procrastinate's objects in their own schema."""
    return {"options": f"-c search_path={SCHEMA}"}


@contextmanager
def connected(url: str, *, max_size: int = 10) -> Iterator[procrastinate.App]:
    """The app, talking to the database at `url` inside the block."""
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(url), kwargs=connection_options(), min_size=1, max_size=max_size
    )
    with app.replace_connector(connector) as bound:
        yield bound


def ensure_schema(url: str) -> bool:
    """Create procrastinate's schema unless it exists (one creator at a time); True if created."""
    with psycopg.connect(conninfo(url), **connection_options()) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
        found = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.procrastinate_jobs",)).fetchone()
        if found is not None and found[0] is not None:
            return False
        conn.execute(SchemaManager.get_schema())  # no parameters: many statements in one go
        return True
