"""`microstep objective ...`: the long-term target role or capability."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import DbOption, Format, FormatOption, console, open_ctx, show
from microstep.core.dates import parse_day
from microstep.core.objectives import ObjectiveKind
from microstep.services import objectives
from microstep.services.schemas import ObjectiveCreate

app = typer.Typer(help="Long-term objectives: a target role or capability.", no_args_is_help=True)

Horizon = Annotated[str, typer.Option(help="When you aim to get there: YYYY-MM-DD or +40w.")]


@app.command("add")
def add(
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help="The role or capability, e.g. 'Senior analyst'.")
    ],
    horizon: Horizon,
    kind: Annotated[ObjectiveKind, typer.Option(help="A role to reach or a capability.")] = (
        ObjectiveKind.ROLE
    ),
    note: Annotated[str | None, typer.Option(help="Why it matters to you.")] = None,
    db: DbOption = None,
) -> None:
    """Add a long-term objective."""
    ctx = open_ctx(db)
    when = parse_day(horizon, today=ctx.today, field="horizon")
    row = objectives.add_objective(
        ctx, ObjectiveCreate(title=title, horizon=when, kind=kind, note=note)
    )
    console.print(f"Added objective #{row.id}: {row.title} by {row.horizon}")


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List your objectives, active first."""
    rows = objectives.list_objectives(open_ctx(db))

    def table() -> Table:
        grid = Table("#", "Objective", "Kind", "Horizon", "Status")
        for row in rows:
            grid.add_row(
                str(row.id), row.title, row.kind.value, row.horizon.isoformat(), row.status
            )
        return grid

    show(rows, fmt, empty="No objectives yet. Add one: microstep objective add --help", table=table)
