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


config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )
    context.run_migrations()
