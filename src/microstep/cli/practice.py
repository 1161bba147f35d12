"""`microstep microskill ...` and `microstep practice ...`: define, practise, watch the curve."""

from __future__ import annotations

from pathlib import Path
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
    show,
)
from microstep.core.curve import Direction
from microstep.core.dates import parse_day
from microstep.core.practice import SelfRating
from microstep.core.today import due_phrase
from microstep.services import practice, skills
from microstep.services.schemas import MicroSkillCreate, PracticeCreate

microskill_app = typer.Typer(
    help="Micro-skills: one precise behaviour, a few minutes a day, stacked once mastered.",
    no_args_is_help=True,
)
practice_app = typer.Typer(
    help="The practice journal: log sessions, see the learning curve and your consistency.",
    no_args_is_help=True,
)
Id = Annotated[
    int,
    typer.Argument(
        metavar="MICROSKILL_ID", parser=record_number, help="As `microskill list` shows."
    ),
]


@microskill_app.command("add")
def add(
    skill: Annotated[str, typer.Argument(metavar="SKILL", help="Skill name or number.")],
    definition: Annotated[
        str, typer.Argument(metavar="BEHAVIOUR", help="One behaviour: 'pause before answering'.")
    ],
    metric: Annotated[str, typer.Option(help="What you measure each session.")],
    threshold: Annotated[float, typer.Option(help="Mastered at this metric value.")],
    direction: Annotated[Direction, typer.Option(help="Is lower or higher better?")] = (
        Direction.LOWER
    ),
    unit: Annotated[str | None, typer.Option(help="Unit, e.g. 'per min'.")] = None,
    minutes: Annotated[int, typer.Option(help="Minutes per session.")] = 5,
    needed: Annotated[int, typer.Option(help="Sessions beyond the threshold...")] = 4,
    window: Annotated[int, typer.Option(help="...out of the last this many.")] = 5,
    start: Annotated[
        bool | None, typer.Option("--start/--queue", help="Start now, or queue to stack later.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Define a micro-skill; a skill's first one starts at once, later ones queue.

    Example: microstep microskill add "Public speaking" "Pause three seconds before answering"
    --metric "filler words" --unit "per min" --threshold 2
    """
    ctx = open_ctx(db)
    item = MicroSkillCreate(
        skill_id=skills.find_skill(ctx, skill).id,
        definition=definition,
        metric=metric,
        unit=unit,
        direction=direction,
        minutes=minutes,
        mastery_threshold=threshold,
        mastery_needed=needed,
        mastery_window=window,
        start=start,
    )
    row = practice.add_microskill(ctx, item)
    console.print(f"Added micro-skill #{row.id} ({row.state.value}): {row.definition}")
    console.print(f"Mastered when: {row.rule}.")


@microskill_app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Your micro-skills per skill, in stack order, with when each is due."""
    rows = practice.list_microskills(open_ctx(db))

    def table() -> Table:
        grid = Table("#", "Skill", "Behaviour", "State", "Due", "Mastered when")
        for row in rows:
            due = row.due.isoformat() if row.due else ""
            grid.add_row(
                str(row.id), row.skill_name, row.definition, row.state.value, due, row.rule
            )
        return grid

    show(
        rows,
        fmt,
        empty="No micro-skills yet. Add one: microstep microskill add --help",
        table=table,
    )


@microskill_app.command("start")
def start_(microskill_id: Id, db: DbOption = None) -> None:
    """Start practising a queued micro-skill (at most 3 at once, by default)."""
    row = practice.start_microskill(open_ctx(db), microskill_id)
    console.print(f"Started #{row.id}: {row.definition} (due {row.due})")


@microskill_app.command("pause")
def pause_(microskill_id: Id, db: DbOption = None) -> None:
    """Put an active micro-skill back in its queue, to make room for another."""
    row = practice.pause_microskill(open_ctx(db), microskill_id)
    console.print(f"Paused #{row.id}: {row.definition} (queued; start it again any time)")


@microskill_app.command("plan")
def plan_(
    skill: Annotated[str, typer.Argument(metavar="SKILL", help="Skill name or number.")],
    out: Annotated[Path | None, typer.Option(help="Write the Markdown to this file.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """A four-week plan, one focus a week, from the skill's micro-skill stack."""
    ctx = open_ctx(db)
    plan = practice.skill_plan(ctx, skills.find_skill(ctx, skill).id)
    if out is not None:
        out.write_text(plan.markdown, encoding="utf-8")
        console.print(f"Wrote the plan to {out}")
    elif fmt is Format.JSON:
        print_json(plan)
    else:
        typer.echo(plan.markdown)


@practice_app.command("log")
def log(
    microskill_id: Id,
    minutes: Annotated[int, typer.Option(help="How long you practised.")],
    rating: Annotated[SelfRating, typer.Option(help="How it went; it sets the next due day.")] = (
        SelfRating.GOOD
    ),
    value: Annotated[float | None, typer.Option(help="The metric value you measured.")] = None,
    day: Annotated[
        str | None, typer.Option("--on", help="When, if not today: yesterday, -2d, friday.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A line for the journal.")] = None,
    db: DbOption = None,
) -> None:
    """Log a practice session: it moves the schedule and may master the micro-skill."""
    ctx = open_ctx(db)
    when = None if day is None else parse_day(day, today=ctx.today, field="practised_on", past=True)
    entry = PracticeCreate(
        minutes=minutes, rating=rating, metric_value=value, practised_on=when, note=note
    )
    result = practice.log_practice(ctx, microskill_id, entry)
    console.print(f"Logged {minutes} min on {result.microskill.definition}.")
    if result.mastered:
        console.print(f"[green]Mastered![/] {result.microskill.rule}.")
    if result.stacked:
        console.print(
            f"Next in the stack, now active: #{result.stacked.id} {result.stacked.definition}"
        )
    elif result.next_due:
        console.print(f"Next session {due_phrase((result.next_due - ctx.today).days)}.")


@practice_app.command("curve")
def curve(microskill_id: Id, fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """The learning curve: measured values, the trend and whether you are on a plateau."""
    result = practice.learning_curve(open_ctx(db), microskill_id)
    if fmt is Format.JSON:
        print_json(result)
        return
    table = Table("Session", "Day", "Value", title=result.microskill.definition)
    for point in result.points[-15:]:
        table.add_row(str(point.index + 1), point.practised_on.isoformat(), f"{point.value:g}")
    console.print(table)
    console.print(("[yellow]Plateau:[/] " if result.plateau else "") + result.evidence)


@practice_app.command("stats")
def stats(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Consistency: days practised per week, minutes and your forgiving streak."""
    result = practice.consistency(open_ctx(db))
    if fmt is Format.JSON:
        print_json(result)
        return
    table = Table("Week of", "Days", "Minutes", "Sessions")
    for week in result.weeks[-6:]:
        table.add_row(week.week.isoformat(), str(week.days), str(week.minutes), str(week.sessions))
    console.print(table)
    days = "day" if result.streak_days == 1 else "days"
    skips = "skipped day" if result.forgive_per_week == 1 else "skipped days"
    console.print(
        f"Streak: {result.streak_days} {days} ({result.forgive_per_week} {skips} a week forgiven)."
    )
