"""`microstep market ...`: import job postings, see what they ask for, and what to learn next."""

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
    err_console,
    fail,
    open_ctx,
    print_json,
    record_number,
    show,
)
from microstep.cli.taxonomy import RowsBar, ready
from microstep.core.dates import day_label, parse_day
from microstep.core.market import Trend
from microstep.core.postings import MAX_POSTINGS, MAX_TEXT, check_size
from microstep.core.text import plural
from microstep.services import market
from microstep.services.market_schemas import (
    MarketPublic,
    PostingImportPublic,
    TechnologyPublic,
)

app = typer.Typer(
    help="What the job market asks for: import postings, see the skills they name, and what "
    "to learn next.",
    no_args_is_help=True,
)

ObjectiveOption = Annotated[
    int | None,
    typer.Option(
        "--objective",
        parser=record_number,
        help="The objective to weigh against (default: the active one with a target role).",
    ),
]
BARS = "▁▂▃▄▅▆▇█"
TREND_MARKS = {
    Trend.RISING: "[green]▲ rising[/green]",
    Trend.FALLING: "[red]▼ falling[/red]",
    Trend.STEADY: "steady",
    Trend.UNCLEAR: "[dim]too few postings[/dim]",
}
PROGRESS_FROM = 20  # postings: below this the import is over before a bar would help


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A .csv file with a header, or a text file (see above)."
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DAY",
            help="The day of postings that carry none: YYYY-MM-DD, yesterday, -3d... "
            "Default: today.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import job postings and find the ESCO skills they name; all of them or none.

    \b
    CSV (a file named *.csv): the first line names the columns; date
    (YYYY-MM-DD) and text are required, title and source optional, in any
    case and order; other columns are ignored. Put quotes around a text
    that holds commas or line breaks.
    \b
        date,title,text
        2026-11-02,Data Analyst,"SQL, Python and Tableau; present to leaders"
    \b
    Text (any other name): postings separated by a line of ---; each may
    start with 'Date: YYYY-MM-DD', 'Title: ...' and 'Source: ...' lines.
    A posting without a Date line gets --date.
    \b
        Date: 2026-11-02
        Title: Data Analyst
        We need SQL and Python...
        ---
        Second posting...

    A bad line stops the import with its line number; nothing is written. A posting imported
    before (same day, same text) is skipped. Limits: {postings} postings per file, {chars}
    characters per posting.
    """
    ctx = open_ctx(db)
    default = None if on is None else parse_day(on, today=ctx.today, field="date", past=True)
    data = _read(file)
    ready(ctx.db)
    bar = _Quiet(RowsBar("Finding skills"))
    try:
        summary = market.import_postings(
            ctx, data, name=file.name, default_date=default, progress=bar
        )
    finally:
        bar.stop()
    _print_import(summary)


import_.__doc__ = (import_.__doc__ or "").format(
    postings=f"{MAX_POSTINGS:,}", chars=f"{MAX_TEXT:,}"
)


class _Quiet:
    """Shows the bar only for an import long enough to want one."""

    def __init__(self, bar: RowsBar) -> None:
        self.bar = bar
        self.shown = False

    def start(self, total: int) -> None:
        """Start the bar for a long import."""
        if total >= PROGRESS_FROM:
            self.shown = True
            self.bar.start(total)

    def advance(self, rows: int) -> None:
        """Move the bar, if shown."""
        if self.shown:
            self.bar.advance(rows)

    def stop(self) -> None:
        """Leave a shown bar on screen (stopping one never shown would print a blank line)."""
        if self.shown:
            self.bar.stop()


def _read(path: Path) -> bytes:
    if not path.is_file():
        fail(f"{path} is not a file I can read.")
    check_size(path.stat().st_size, name=path.name)
    return path.read_bytes()


def _print_import(summary: PostingImportPublic) -> None:
    skipped = summary.duplicates
    if not summary.postings:
        console.print(
            f"Nothing new in {summary.name}: its {plural(skipped, 'posting')} were imported "
            "before.",
            markup=False,
        )
        return
    span = ""
    if summary.first and summary.last:
        first, last = (day_label(d, weekday=False) for d in (summary.first, summary.last))
        span = f" ({first} to {last})"
    console.print(
        f"Imported {plural(summary.postings, 'posting')} from {summary.name}{span}: "
        f"{plural(summary.skills, 'ESCO skill')} found.",
        markup=False,
    )
    if summary.top:
        console.print(f"Named most: {', '.join(summary.top)}.", markup=False)
    if skipped:
        console.print(f"Skipped {plural(skipped, 'posting')} imported before.", markup=False)
    console.print("See what they ask for: microstep market show", markup=False)


@app.command("show")
def show_(
    top: Annotated[int, typer.Option("--top", "-k", min=1, max=50, help="Skills to list.")] = 15,
    objective: ObjectiveOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Show the skills your imported postings name most, their trend, and O*NET's hot and
    in-demand technologies for your target role."""
    ctx = open_ctx(db)
    ready(ctx.db)
    view = market.market_view(ctx, objective_id=objective, top=top)
    if fmt is Format.JSON:
        print_json(view)
        return
    _print_role(view)
    _print_demand(view)
    _print_technologies(view.technologies)


def _print_role(view: MarketPublic) -> None:
    role = view.role
    if role is None:
        console.print("No active objective: relevance to a role is not weighed.", markup=False)
    elif role.occupation_label is None:
        console.print(
            f"'{role.objective_title}' has no target role yet: "
            f'microstep objective role {role.objective_id} "data analyst"',
            markup=False,
        )
    else:
        onet = f" (O*NET {role.onet_code} {role.onet_title})" if role.onet_code else ""
        console.print(
            f"Objective: {role.objective_title} → {role.occupation_label}{onet}", markup=False
        )


def _print_demand(view: MarketPublic) -> None:
    if not view.postings:
        console.print("No postings yet. Import some: microstep market import postings.csv")
        return
    if view.first and view.last:
        console.print(
            f"\n{plural(view.postings, 'posting')} from {day_label(view.first, weekday=False)} "
            f"to {day_label(view.last, weekday=False)}; months: {_month_names(view)}",
            markup=False,
        )
    table = Table("#", "Skill", "Postings", "Share", "Trend", "Months", "For the role")
    for rank, skill in enumerate(view.skills, 1):
        table.add_row(
            str(rank),
            skill.label,
            str(skill.count),
            f"{skill.share:.0%}",
            TREND_MARKS[skill.trend],
            _sparkline(skill.months),
            skill.relation or "",
        )
    console.print(table)
    console.print(f"[dim]{view.trend_rule}[/dim]", highlight=False)


def _month_names(view: MarketPublic) -> str:
    return " ".join(f"{m.month:%b}" for m in view.months)


def _sparkline(values: list[int]) -> str:
    """Counts per month as bar characters scaled to the busiest month."""
    most = max(values, default=0)
    if not most:
        return ""
    return "".join(BARS[round(v / most * (len(BARS) - 1))] if v else " " for v in values)


def _print_technologies(technologies: list[TechnologyPublic]) -> None:
    if not technologies:
        return
    table = Table(
        "Technology", "O*NET flags", "ESCO skill", title="O*NET: what employers of the role ask for"
    )
    for tech in technologies:
        flags = ", ".join(
            flag for flag, on in (("In Demand", tech.in_demand), ("Hot", tech.hot)) if on
        )
        table.add_row(tech.name, flags, tech.skill.label if tech.skill else "")
    console.print(table)


@app.command("next")
def next_(
    top: Annotated[
        int, typer.Option("--top", "-k", min=1, max=50, help="How many skills, 1-50.")
    ] = 10,
    objective: ObjectiveOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """What to learn next: skills ranked by demand x relevance to your objective x the size of
    your gap, each with its reasons."""
    ctx = open_ctx(db)
    ready(ctx.db)
    rows = market.learn_next(ctx, top=top, objective_id=objective)

    def table() -> Table:
        out = Table("#", "Skill", "Score", "Why")
        for rank, row in enumerate(rows, 1):
            out.add_row(str(rank), row.label, f"{row.score:.2f}", row.why)
        return out

    empty = (
        "Nothing to suggest yet: import job postings (microstep market import FILE) or give "
        "your objective a target role (microstep objective role ID TITLE)."
    )
    show(rows, fmt, empty=empty, table=table)


@app.command("list")
def list_(
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List imported postings, newest first."""
    rows = market.list_postings(open_ctx(db))

    def table() -> Table:
        out = Table("#", "Day", "Title", "Source", "Skills", "Text")
        for row in rows:
            out.add_row(
                str(row.id),
                row.posted_on.isoformat(),
                row.title or "",
                row.source or "",
                str(row.skills),
                row.excerpt,
            )
        return out

    show(rows, fmt, empty="No postings yet: microstep market import FILE", table=table)


@app.command("clear")
def clear(
    posting: Annotated[
        int | None,
        typer.Option(
            "--id", parser=record_number, help="Delete only this posting (see market list)."
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
    db: DbOption = None,
) -> None:
    """Delete imported postings (all of them, or one with --id) and the skills found in them."""
    ctx = open_ctx(db)
    if posting is None and not yes:
        count = len(market.list_postings(ctx))
        if not count:
            console.print("No postings to delete.")
            return
        if not typer.confirm(f"Delete all {plural(count, 'imported posting')}?", err=True):
            err_console.print("Kept them.")
            return
    deleted = market.delete_postings(ctx, posting).deleted
    console.print(f"Deleted {plural(deleted, 'posting')}.")
