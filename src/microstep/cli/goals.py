"""`microstep goal ...`: add, list, start, done, drop, reopen and edit micro-goals."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    open_ctx,
    record_number,
    show,
)
from microstep.core.dates import parse_day
from microstep.core.goals import GoalKind, GoalStatus
from microstep.core.text import plain_number
from microstep.services import goals, skills
from microstep.services.context import Context
from microstep.services.schemas import GoalCreate, GoalOutcome, GoalPublic, GoalUpdate

app = typer.Typer(
    help="Micro-goals: specific, time-bound, small steps linked to your objective or a skill.",
    no_args_is_help=True,
)

Id = Annotated[
    int,
    typer.Argument(
        metavar="GOAL_ID",
        parser=record_number,
        help="The goal's number, as `microstep goal list` shows.",
    ),
]
Metric = Annotated[str | None, typer.Option(help="What you count, e.g. 'reports', 'minutes'.")]
Target = Annotated[float | None, typer.Option("--target", help="The number to reach.")]
Unit = Annotated[str | None, typer.Option(help="Unit of the target, e.g. 'min', '%'.")]
DoneWhen = Annotated[
    str | None,
    typer.Option("--done-when", help="For a deliverable: the test that shows it is done."),
]
Due = Annotated[
    str | None,
    typer.Option(help="Due date: YYYY-MM-DD, today, tomorrow, +3d, 2w or a weekday (friday)."),
]
Effort = Annotated[float | None, typer.Option("--effort", help="Your estimate of the work, hours.")]
Objective = Annotated[
    int | None, typer.Option("--objective", parser=record_number, help="Objective number to serve.")
]
Skill = Annotated[str | None, typer.Option("--skill", help="Skill (name or number) it builds.")]


def _links(ctx: Context, skill: str | None) -> int | None:
    return None if skill is None else skills.find_skill(ctx, skill).id


@app.command("add")
def add(
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help="What you will do, in a few words.")
    ],
    due: Due = None,
    metric: Metric = None,
    target: Target = None,
    unit: Unit = None,
    done_when: DoneWhen = None,
    kind: Annotated[GoalKind, typer.Option(help="What it mainly builds.")] = GoalKind.LEARNING,
    effort: Effort = None,
    objective: Objective = None,
    skill: Skill = None,
    start: Annotated[bool, typer.Option("--start", help="Make it active right away.")] = False,
    db: DbOption = None,
) -> None:
    """Add a micro-goal; a vague one is refused with what is missing and an example.

    Example: microstep goal add "Write 3 SQL window-function queries" --metric queries
    --target 3 --due friday --skill SQL --start
    """
    ctx = open_ctx(db)
    goal_in = GoalCreate(
        title=title,
        due=_due(ctx, due),
        metric=metric,
        target_value=target,
        unit=unit,
        done_when=done_when,
        kind=kind,
        effort_hours=effort,
        objective_id=objective,
        skill_id=_links(ctx, skill),
        start=start,
    )
    _report(goals.add_goal(ctx, goal_in), "Added")


@app.command("edit")
def edit(
    goal_id: Id,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    due: Due = None,
    metric: Metric = None,
    target: Target = None,
    unit: Unit = None,
    done_when: DoneWhen = None,
    kind: Annotated[GoalKind | None, typer.Option(help="What it mainly builds.")] = None,
    effort: Effort = None,
    objective: Objective = None,
    skill: Skill = None,
    db: DbOption = None,
) -> None:
    """Change some fields of an open goal; the rest stay as they are."""
    ctx = open_ctx(db)
    given = {
        "title": title,
        "due": _due(ctx, due),
        "metric": metric,
        "target_value": target,
        "unit": unit,
        "done_when": done_when,
        "kind": kind,
        "effort_hours": effort,
        "objective_id": objective,
        "skill_id": _links(ctx, skill),
    }
    update = GoalUpdate.model_validate({k: v for k, v in given.items() if v is not None})
    _report(goals.edit_goal(ctx, goal_id, update), "Updated")


@app.command("list")
def list_(
    status: Annotated[
        list[GoalStatus] | None, typer.Option(help="Only these statuses (repeatable).")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List micro-goals by due date."""
    rows = goals.list_goals(open_ctx(db), status or ())
    empty = "No micro-goals yet. Add one: microstep goal add --help"
    show(rows, fmt, empty=empty, table=lambda: _table(rows))


@app.command("start")
def start(goal_id: Id, db: DbOption = None) -> None:
    """Make a planned goal active (at most 5 active at once, by default)."""
    _report(goals.start_goal(open_ctx(db), goal_id), "Started")


@app.command("done")
def done(
    goal_id: Id,
    outcome: Annotated[float | None, typer.Option(help="The value you reached.")] = None,
    note: Annotated[str | None, typer.Option(help="What happened, in a line.")] = None,
    db: DbOption = None,
) -> None:
    """Mark a goal done, with the value reached."""
    result = GoalOutcome(outcome_value=outcome, outcome_note=note)
    _report(goals.finish_goal(open_ctx(db), goal_id, result), "Done")


@app.command("drop")
def drop(
    goal_id: Id,
    reason: Annotated[str | None, typer.Option(help="Why it no longer makes sense.")] = None,
    db: DbOption = None,
) -> None:
    """Drop a goal that stopped making sense."""
    _report(goals.drop_goal(open_ctx(db), goal_id, reason), "Dropped")


@app.command("reopen")
def reopen(goal_id: Id, db: DbOption = None) -> None:
    """Put a done or dropped goal back to planned."""
    _report(goals.reopen_goal(open_ctx(db), goal_id), "Reopened")


def _due(ctx: Context, text: str | None) -> date | None:
    return None if text is None else parse_day(text, today=ctx.today, field="due date")


def _measure(goal: GoalPublic) -> str:
    if goal.metric and goal.target_value is not None:
        return f"{plain_number(goal.target_value)} {goal.unit or goal.metric}".strip()
    return goal.done_when or ""


def _report(goal: GoalPublic, verb: str) -> None:
    console.print(f"{verb} goal #{goal.id}: {goal.title} ({goal.status.value}, due {goal.due})")
    for warning in goal.warnings:
        console.print(f"[yellow]Note:[/] {warning}")


def _table(rows: list[GoalPublic]) -> Table:
    table = Table("#", "Title", "Target", "Due", "Kind", "Status")
    for goal in rows:
        table.add_row(
            str(goal.id),
            goal.title,
            _measure(goal),
            goal.due.isoformat(),
            goal.kind.value,
            goal.status.value,
        )
    return table
