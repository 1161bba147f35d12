"""Alembic environment: runs on the engine microstep hands over (never a URL from an ini file)."""

from __future__ import annotations

from alembic import context

from microstep.store.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
