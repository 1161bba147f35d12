"""Use cases for objectives."""

from __future__ import annotations

from datetime import date

from microstep.core.objectives import check_horizon
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text
from microstep.errors import NotFound
from microstep.services.context import Context
from microstep.services.schemas import ObjectiveCreate, ObjectivePublic
from microstep.store import queries


def objective_fields(objective_in: ObjectiveCreate, *, today: date) -> dict[str, object]:
    """The checked columns of a new objective; refuses a blank title or a bad horizon."""
    return {
        "title": clean_text(
            objective_in.title, field="title", required=True, max_len=MAX_TITLE, label="objective"
        ),
        "note": clean_text(objective_in.note, field="note", required=False, max_len=MAX_NOTE),
        "horizon": check_horizon(objective_in.horizon, today=today),
        "kind": objective_in.kind.value,
        "status": "active",
    }


def add_objective(ctx: Context, objective_in: ObjectiveCreate) -> ObjectivePublic:
    """Add a long-term objective (a target role or capability with a horizon)."""
    fields = objective_fields(objective_in, today=ctx.today)
    with ctx.db.transaction() as session:
        objective = queries.add_objective(
            session=session, person_id=ctx.person_id, now=ctx.now(), **fields
        )
        return ObjectivePublic.model_validate(objective)


def list_objectives(ctx: Context) -> list[ObjectivePublic]:
    """The person's objectives, active first."""
    with ctx.db.transaction() as session:
        rows = queries.list_objectives(session=session, person_id=ctx.person_id)
        return [ObjectivePublic.model_validate(row) for row in rows]


def get_objective(ctx: Context, objective_id: int) -> ObjectivePublic:
    """One objective, or NotFound."""
    with ctx.db.transaction() as session:
        row = queries.get_objective(
            session=session, person_id=ctx.person_id, objective_id=objective_id
        )
        if row is None:
            raise NotFound(f"There is no objective #{objective_id}.", field="objective_id")
        return ObjectivePublic.model_validate(row)
