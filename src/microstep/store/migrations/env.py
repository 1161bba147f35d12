"""Alembic environment: runs on the engine microstep hands over (never a URL from an ini file)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy.types import TypeDecorator

from microstep.store.models import Base


def _render_item(kind: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types as their plain SQLAlchemy type, so migrations never import models."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


# Full-text search lives outside the models: SQLite's FTS5 table and PostgreSQL's tsvector column.
SEARCH_OBJECTS = ("lesson_fts", "search", "ix_lesson_search")


def _include_object(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
    """Leave the engine-specific search objects out of autogenerate's comparison."""
    return not (reflected and name is not None and name.startswith(SEARCH_OBJECTS))


config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=_include_object,
    )
    context.run_migrations()
