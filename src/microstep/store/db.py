"""Opening storage: engines for SQLite (WAL, foreign keys) and PostgreSQL, upgrade to head."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError as AlembicError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from microstep.errors import ConfigError

MIGRATIONS = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Accept a plain file path as a SQLite database; map postgresql:// to psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@/]*@")


def masked(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return PASSWORD_IN_URL.sub(r"\1***@", url)


def make_engine(url: str) -> Engine:
    """An engine with the pragmas microstep relies on."""
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise ConfigError(f"'{masked(url)}' is not a database URL I can open.") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.render_as_string(hide_password=False), parsed.database)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise ConfigError(f"'{masked(url)}' is neither SQLite nor PostgreSQL.")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    folder = Path(database).parent if database and database != ":memory:" else None
    if folder is not None and not folder.is_dir():
        raise ConfigError(f"The folder {folder} does not exist: create it or pick another --db.")
    engine = create_engine(url, connect_args={"timeout": 15})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str | None:
    """The newest migration shipped with this version."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None when empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class Database:
    """An engine plus a session factory; services open one transaction per use case."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (head by default)."""
        command.upgrade(alembic_config(self.engine), revision)

    def downgrade(self, revision: str = "base") -> None:
        """Take the schema back to `revision` (all the way by default)."""
        command.downgrade(alembic_config(self.engine), revision)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open storage and, unless told not to, upgrade it to the newest schema."""
    database = Database(make_engine(url))
    if migrate:
        try:
            _upgrade_if_behind(database)
        except DBAPIError as exc:
            database.dispose()
            message = f"Cannot open the database at {database.url}: {_reason(exc)}."
            raise ConfigError(message) from exc
        except ConfigError:
            database.dispose()
            raise
    return database


def _upgrade_if_behind(database: Database) -> None:
    current = current_revision(database.engine)
    if current == head_revision():
        return
    if current is not None and not _known_revision(current):
        raise ConfigError(
            f"The database at {database.url} was written by a newer microstep (schema "
            f"{current}): upgrade microstep to open it."
        )
    database.upgrade()


def _known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory(str(MIGRATIONS)).get_revision(revision) is not None
    except AlembicError:
        return False


def _reason(exc: DBAPIError) -> str:
    text = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return text.rstrip(".")
