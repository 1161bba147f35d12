"""`microstep move add|list|outcome`: the move tracker from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    open_ctx,
    print_json,
    record_number,
)
from microstep.core.dates import parse_day
from microstep.core.moves import MOVE_KINDS, parse_kind, parse_outcome
from microstep.services import moves
from microstep.services.moves_schemas import (
    MoveCreate,
    MoveOutcomeCreate,
    MovePublic,
    MoveTimeline,
)

app = typer.Typer(help="Your micro-career moves.", no_args_is_help=True)

Day = Annotated[
    str | None,
    typer.Option(metavar="DAY", help="YYYY-MM-DD, today, yesterday, -2w, 'in 6 weeks', ..."),
]


@app.command("add")
def move_add(
    kind: Annotated[str, typer.Argument(metavar="KIND", help=f"One of {', '.join(MOVE_KINDS)}.")],
    role: Annotated[str, typer.Argument(metavar="ROLE", help="The role moved to, in your words.")],
    start: Annotated[
        str,
        typer.Option("--start", metavar="DAY", help="The day it starts: YYYY-MM-DD, today, ..."),
    ],
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="DAY", help="The day it ends (required for a short trial)."),
    ] = None,
    skills: Annotated[
        str | None,
        typer.Option("--skills", help="Intended skills, separated by commas: 'SQL, pricing'."),
    ] = None,
    criteria: Annotated[
        str | None,
        typer.Option("--criteria", help="What will show it worked (required for a short trial)."),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything else.")] = None,
    db: DbOption = None,
) -> None:
    """Add a move; a stretch, rotation, temp_lead, shadowing or gig is a short trial and needs
    --end and --criteria.

    Example: microstep move add rotation "Pricing analyst" --start 2026-12-01 --end 2027-02-26
    --skills "pricing, SQL" --criteria "Run the Q1 price test end to end"
    """
    ctx = open_ctx(db)
    move_in = MoveCreate(
        kind=parse_kind(kind),
        role=role,
        start_date=parse_day(start, today=ctx.today, field="start_date"),
        end_date=parse_day(end, today=ctx.today, field="end_date") if end else None,
        intended_skills=(skills or "").split(","),
        success_criteria=criteria,
        notes=notes,
    )
    row = moves.add_move(ctx, move_in)
    until = f" until {row.end_date}" if row.end_date else ", ongoing"
    console.print(
        f"Added move #{row.id}: {row.kind_label} to {row.to_role} from {row.start_date}{until}.",
        markup=False,
    )


@app.command("list")
def move_list(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Your moves in order, with the breadth-and-depth check."""
    shown = moves.timeline(open_ctx(db))
    if fmt is Format.JSON:
        print_json(shown)
        return
    if not shown.moves:
        console.print('No moves yet. Add one: microstep move add rotation "Pricing analyst" ...')
        return
    console.print(_table(shown))
    if shown.depth is not None:
        flag = "Flag" if shown.depth.flagged else "Breadth and depth"
        console.print(f"{flag}: {shown.depth.reason}.", markup=False)


@app.command("outcome")
def move_outcome(
    move_id: Annotated[
        int,
        typer.Argument(
            metavar="MOVE_ID", parser=record_number, help="The number `microstep move list` shows."
        ),
    ],
    outcome: Annotated[str, typer.Argument(metavar="OUTCOME", help="met, partly or not_met.")],
    note: Annotated[
        str | None,
        typer.Option("--note", help="What happened; left out, the note recorded before stays."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Record how a move went; met raises each intended skill one level (once). Without --note
    the note recorded before stays; --note "" clears it."""
    ctx = open_ctx(db)
    checked = parse_outcome(outcome)
    given = (
        MoveOutcomeCreate(outcome=checked)
        if note is None
        else MoveOutcomeCreate(outcome=checked, note=note)
    )
    done = moves.record_outcome(ctx, move_id, given)
    said = f"Move #{done.move.id}: {(done.move.outcome_label or '').lower()}."
    if done.raised:
        said += f" One level up: {', '.join(done.raised)}."
    if done.added:
        said += f" New on your skill map: {', '.join(done.added)}."
    console.print(said, markup=False)


def _table(shown: MoveTimeline) -> Table:
    table = Table("#", "Kind", "To role", "Start", "End", "Outcome", "Deep")
    for row in shown.moves:
        table.add_row(
            str(row.id),
            row.kind_label,
            row.to_role,
            str(row.start_date),
            _end(row),
            row.outcome_label or "",
            "yes" if row.deep else "",
        )
    return table


def _end(row: MovePublic) -> str:
    """The End cell: the end date, or the day a later lasting change ended an open move."""
    if row.end_date:
        return str(row.end_date)
    if row.held_until:
        return f"{row.held_until} ({row.ended_by})"
    return "ongoing"
