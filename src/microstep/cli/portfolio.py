"""`microstep portfolio ...`, `microstep export` and `microstep import`: achievements, the
portfolio document, stakeholder updates, and all of your data as versioned JSON."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    fail,
    open_ctx,
    open_db,
    print_json,
    record_number,
    show,
)
from microstep.core.dates import parse_day
from microstep.core.portfolio import SourceKind
from microstep.services import portfolio, transfer
from microstep.services.context import Context
from microstep.services.portfolio import DocumentFormat
from microstep.services.portfolio_schemas import (
    AchievementCreate,
    AchievementPublic,
    AchievementUpdate,
    SuggestionPick,
    SuggestionPublic,
)

app = typer.Typer(
    help="Your portfolio: achievements with a metric and a story, suggested from finished goals, "
    "mastered micro-skills and positive signals; export it for your manager, or write a "
    "3-bullet stakeholder update.",
    no_args_is_help=True,
)

Id = Annotated[
    int,
    typer.Argument(
        metavar="ACHIEVEMENT_ID",
        parser=record_number,
        help="The achievement's number, as `microstep portfolio list` shows.",
    ),
]
SourceId = Annotated[int | None, typer.Option(parser=record_number, show_default=False)]
Day = Annotated[
    str | None,
    typer.Option(
        "--on", help="The day it happened: YYYY-MM-DD, today, yesterday, -3d or a weekday."
    ),
]
Since = Annotated[
    str | None,
    typer.Option(help="First day covered: YYYY-MM-DD, -2w, '30 days ago' or a weekday."),
]


class UpdateFormat(StrEnum):
    """How the stakeholder update prints."""

    TEXT = "text"
    JSON = "json"
    MD = "md"


def _day(ctx: Context, text: str | None, field: str) -> date | None:
    return None if text is None else parse_day(text, today=ctx.today, field=field, past=True)


@app.command("suggest")
def suggest(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Achievements worth adding: goals that met their target, mastered micro-skills, praise.

    Near-identical titles show once; at most the 12 strongest, newest first.

    Add one with `microstep portfolio add --from-goal 12` (or --from-microskill, --from-signal).
    """
    found = portfolio.suggestion_shortlist(open_ctx(db))
    rows = found.items
    empty = "Nothing to suggest yet: finish a goal, master a micro-skill or log some praise."
    show(rows, fmt, empty=empty, table=lambda: _suggestion_table(rows))
    if found.more and fmt is Format.TABLE:
        console.print(
            f"Showing the {len(rows)} strongest; {found.more} more, older or weaker, "
            "move up as you add these.",
            markup=False,
        )


@app.command("add")
def add(
    from_goal: Annotated[
        int | None,
        typer.Option("--from-goal", parser=record_number, help="A finished goal's number."),
    ] = None,
    from_microskill: Annotated[
        int | None,
        typer.Option(
            "--from-microskill", parser=record_number, help="A mastered micro-skill's number."
        ),
    ] = None,
    from_signal: Annotated[
        int | None,
        typer.Option("--from-signal", parser=record_number, help="A positive signal's number."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="What you achieved, in a few words.")] = None,
    metric: Annotated[
        str | None, typer.Option(help="The number that shows it, e.g. 'report time 45 → 12 min'.")
    ] = None,
    narrative: Annotated[str | None, typer.Option(help="The story in two sentences.")] = None,
    on: Day = None,
    db: DbOption = None,
) -> None:
    """Add an achievement from a suggestion, or typed by hand.

    Examples: microstep portfolio add --from-goal 12 ·
    microstep portfolio add --title "Led the Q3 review" --metric "40 people" --on 2026-10-02
    """
    sources = {
        SourceKind.GOAL: from_goal,
        SourceKind.MICROSKILL: from_microskill,
        SourceKind.SIGNAL: from_signal,
    }
    picked = [(kind, value) for kind, value in sources.items() if value is not None]
    if len(picked) > 1:
        fail("Give one of --from-goal, --from-microskill or --from-signal, not several.")
    ctx = open_ctx(db)
    if picked:
        if title or metric or narrative or on:
            fail("A suggestion brings its own title and metric: edit it after adding.")
        kind, source_id = picked[0]
        row = portfolio.add_suggested(ctx, SuggestionPick(source=kind, source_id=source_id))
    else:
        if title is None:
            fail("Give --title (with --metric and --narrative), or --from-goal ID and the like.")
        achievement = AchievementCreate(
            title=title, metric=metric, narrative=narrative, achieved_on=_day(ctx, on, "day")
        )
        row = portfolio.add_achievement(ctx, achievement)
    _report(row, "Added")


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List your achievements, newest first."""
    rows = portfolio.list_achievements(open_ctx(db))
    empty = "No achievements yet. See what to add: microstep portfolio suggest"
    show(rows, fmt, empty=empty, table=lambda: _table(rows))


@app.command("edit")
def edit(
    achievement_id: Id,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    metric: Annotated[str | None, typer.Option(help="New metric ('' clears it).")] = None,
    narrative: Annotated[str | None, typer.Option(help="New story ('' clears it).")] = None,
    on: Day = None,
    db: DbOption = None,
) -> None:
    """Change an achievement's title, metric, story or day; the rest stays."""
    ctx = open_ctx(db)
    given = {"title": title, "metric": metric, "narrative": narrative}
    fields: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if on is not None:
        fields["achieved_on"] = _day(ctx, on, "day")
    if not fields:
        fail("Nothing to change: give --title, --metric, --narrative or --on.")
    row = portfolio.edit_achievement(ctx, achievement_id, AchievementUpdate.model_validate(fields))
    _report(row, "Updated")


@app.command("delete")
def delete(achievement_id: Id, db: DbOption = None) -> None:
    """Remove an achievement (its source will be suggested again)."""
    row = portfolio.delete_achievement(open_ctx(db), achievement_id)
    console.print(f"Deleted achievement #{row.id}: {row.title}", markup=False)


@app.command("export")
def export(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The file to write, e.g. portfolio.pdf.")
    ],
    fmt: Annotated[
        DocumentFormat,
        typer.Option("--format", "-f", help="md, html (one standalone file) or pdf."),
    ] = DocumentFormat.PDF,
    since: Since = None,
    db: DbOption = None,
) -> None:
    """Export your portfolio for a manager: skill map, growth charts, achievements, feedback.

    Example: microstep portfolio export --format pdf --out ~/portfolio.pdf --since 2026-09-01
    """
    ctx = open_ctx(db)
    written = portfolio.write_portfolio(ctx, fmt, out, _day(ctx, since, "since"))
    console.print(f"Wrote {written} ({fmt.value}).", markup=False)


@app.command("update")
def update(
    since: Since = None,
    until: Annotated[
        str | None, typer.Option(help="Last day covered (default today), same forms as --since.")
    ] = None,
    fmt: Annotated[
        UpdateFormat, typer.Option("--format", "-f", help="text to paste, md, or json.")
    ] = UpdateFormat.TEXT,
    db: DbOption = None,
) -> None:
    """A 3-bullet stakeholder update: impact, progress or trade-off, open question.

    Covers the last 14 days unless --since/--until say otherwise.
    Example: microstep portfolio update --since 2026-11-01 --format md
    """
    ctx = open_ctx(db)
    result = portfolio.stakeholder_update(ctx, _day(ctx, since, "since"), _day(ctx, until, "until"))
    if fmt is UpdateFormat.JSON:
        print_json(result)
    elif fmt is UpdateFormat.MD:
        typer.echo(result.markdown, nl=False)
    else:
        typer.echo(result.text)


def export_data(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The JSON file to write, e.g. microstep.json.")
    ],
    db: DbOption = None,
) -> None:
    """Export all your data (every table, versioned JSON) to move it or keep a copy.

    Example: microstep export --out ~/microstep-backup.json
    """
    written = transfer.write_export(open_ctx(db), out)
    console.print(f"Wrote all your data to {written}.", markup=False)


def import_data(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.json", help="A file written by `microstep export`.")
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Swap the one person already here (and all their data) for the file's.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Import data written by `microstep export` into an empty database, all or nothing.

    Example: microstep import ~/microstep-backup.json --db ~/new.sqlite
    """
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        fail(f"There is no file {file}.")
    except OSError as exc:
        fail(f"Cannot read {file}: {(exc.strerror or type(exc).__name__).lower()}.")
    result = transfer.import_data(open_db(db), raw, replace=replace)
    filled = sum(1 for count in result.tables.values() if count)
    console.print(f"Imported {result.person}: {result.rows} rows in {filled} tables.", markup=False)


def _report(row: AchievementPublic, verb: str) -> None:
    metric = f" · {row.metric}" if row.metric else ""
    console.print(
        f"{verb} achievement #{row.id}: {row.title}{metric} ({row.achieved_on})", markup=False
    )


def _table(rows: list[AchievementPublic]) -> Table:
    table = Table("#", "Day", "Title", "Metric")
    for row in rows:
        table.add_row(str(row.id), row.achieved_on.isoformat(), row.title, row.metric or "")
    return table


def _suggestion_table(rows: list[SuggestionPublic]) -> Table:
    table = Table("Add with", "Day", "Title", "Metric")
    for row in rows:
        flag = {"goal": "--from-goal", "microskill": "--from-microskill", "signal": "--from-signal"}
        table.add_row(
            f"{flag[row.source.value]} {row.source_id}",
            row.achieved_on.isoformat(),
            row.title,
            row.metric or "",
        )
    return table
