"""`microstep review ...`: the week's figures, wins and pitfalls; save reflections; list them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import DbOption, Format, FormatOption, console, open_ctx, print_json, show
from microstep.core.dates import day_label
from microstep.services import review
from microstep.services.review_schemas import (
    ReviewPublic,
    ReviewSummaryPublic,
    ReviewUpdate,
    SavedReviewPublic,
    WinPublic,
)

app = typer.Typer(
    help="The weekly review: figures of the week, signals against their 4-week average, wins "
    "to celebrate, pitfall warnings with their evidence, and your reflections.\n\n"
    "Examples: microstep review · microstep review --week 2026-W47 --format json · "
    'microstep review save --worked "Morning drills stuck" · microstep review list',
    invoke_without_command=True,
)

Week = Annotated[
    str | None,
    typer.Option(
        "--week",
        "-w",
        metavar="WEEK",
        help="An ISO week such as 2026-W47, or a date inside it (2026-11-18, today, "
        "'1w ago', monday). Default: this week.",
        show_default=False,
    ),
]
PROMPTS = (
    ("what_worked", "--worked", "What worked?"),
    ("to_adjust", "--adjust", "What will you adjust?"),
    ("lessons", "--lessons", "Lessons?"),
    ("wins", "--wins", "Wins to celebrate?"),
)


@app.callback()
def week_review(
    ctx: typer.Context,
    week: Week = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Show a week's review (this week by default), or save and list reviews.

    Shows practice, goals done and missed, feedback, signals against the 4-week average, wins,
    pitfalls with the evidence they fired on, and your saved reflections.

    Example: microstep review --week 2026-W47 --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    result = review.weekly_review(open_ctx(db), week)
    if fmt is Format.JSON:
        print_json(result)
    else:
        _print(result)


@app.command("save")
def save(
    week: Week = None,
    worked: Annotated[
        str | None, typer.Option("--worked", help="What worked this week?", show_default=False)
    ] = None,
    adjust: Annotated[
        str | None,
        typer.Option("--adjust", help="What will you adjust next week?", show_default=False),
    ] = None,
    lessons: Annotated[
        str | None,
        typer.Option(
            "--lessons",
            help="Lessons learned; also saved as a lesson titled 'Week 2026-W47' (a lesson you "
            "edited in Lessons is left as it is).",
            show_default=False,
        ),
    ] = None,
    wins: Annotated[
        str | None, typer.Option("--wins", help="Wins to celebrate.", show_default=False)
    ] = None,
    db: DbOption = None,
) -> None:
    """Save your reflections on a week with a snapshot of its figures (saving again updates it).

    Only the answers you give change; the others keep their saved text (--wins "" clears one).
    In a terminal with no answers given, asks each question in turn showing the saved text:
    Enter keeps it, typing replaces it, a single '-' clears it. A review needs at least one answer.

    Example: microstep review save --week 2026-W47 --worked "Drills before lunch"
    --adjust "Ask for feedback on Mondays" --lessons "Short summaries travel further"
    """
    context = open_ctx(db)
    texts = {"what_worked": worked, "to_adjust": adjust, "lessons": lessons, "wins": wins}
    if all(value is None for value in texts.values()) and _interactive():
        current = review.weekly_review(context, week)  # refuses a bad week before asking
        texts = _ask(current.saved)
    result = review.save_review(context, week, ReviewUpdate(**texts))
    console.print(f"Review for {result.week} saved.", highlight=False)
    console.print(result.lesson_note, markup=False, highlight=False, soft_wrap=True)


CLEAR = "-"


def _interactive() -> bool:
    """True in a terminal, where asking the questions makes sense."""
    return sys.stdin.isatty()


def _ask(saved: SavedReviewPublic | None) -> dict[str, str | None]:
    """Each question with its saved text: Enter keeps it, '-' clears it."""
    answers: dict[str, str | None] = {}
    for name, _, question in PROMPTS:
        now = None if saved is None else getattr(saved, name)
        if now:
            console.print(f"{question}\n  saved: {now}", markup=False, highlight=False)
            typed = typer.prompt(
                "  Enter keeps it, '-' clears it, or type a new answer",
                default="",
                show_default=False,
            )
        else:
            typed = typer.prompt(question, default="", show_default=False)
        if typed.strip() == CLEAR:
            answers[name] = ""
        else:
            answers[name] = typed if typed.strip() else None
    return answers


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List saved weekly reviews, newest week first."""
    rows = review.list_reviews(open_ctx(db))

    def table() -> Table:
        out = Table("Week", "Minutes", "Sessions", "Done", "Wins", "What worked")
        for row in rows:
            out.add_row(
                row.week,
                str(row.minutes),
                str(row.sessions),
                str(row.goals_done),
                str(row.wins),
                row.what_worked or "",
            )
        return out

    empty = (
        "No saved reviews yet. See this week's: microstep review; save it: microstep review save"
    )
    show(rows, fmt, empty=empty, table=table)


# --- printing --------------------------------------------------------------------------------


def _print(result: ReviewPublic) -> None:
    summary = result.summary
    so_far = f" (so far, {summary.days_elapsed} of 7 days)" if summary.in_progress else ""
    console.print(
        f"[bold]Week {result.week}[/bold]: {day_label(result.start, year=False)} to "
        f"{day_label(result.end)}"
        f"{so_far}"
    )
    _print_figures(summary)
    console.print(_signal_table(summary))
    _print_list("Wins to celebrate", [_win_line(win) for win in summary.wins], "none yet")
    console.print("\n[bold]Pitfalls[/bold]")
    if not result.pitfalls:
        console.print("  None fired this week.")
    for pitfall in result.pitfalls:
        console.print(f"  [yellow]{pitfall.title}[/yellow]", highlight=False)
        for line in pitfall.evidence:
            console.print(f"    - {line}", markup=False, highlight=False)
        console.print(f"    Try: {pitfall.suggestion}", markup=False, highlight=False)
    _print_saved(result)


def _print_figures(summary: ReviewSummaryPublic) -> None:
    rating = f", average rating {summary.average_rating:g}/5" if summary.average_rating else ""
    ticks = ", ".join(f"{count} {focus}" for focus, count in summary.ticks.items())
    lines = [
        f"Practice: {summary.minutes} min in {summary.sessions} sessions on "
        f"{summary.practice_days} days (average {summary.average_sessions:g} sessions a week)",
        f"Goals: {len(summary.goals_done)} done, {len(summary.goals_missed)} missed",
        f"Feedback received: {len(summary.feedback)}{rating}",
        f"Micro-action ticks: {ticks}",
    ]
    for line in lines:
        console.print(f"  {line}", markup=False, highlight=False)
    for goal in [*summary.goals_done, *summary.goals_missed]:
        if goal.mark != "done":
            line = f"    {goal.mark}: {goal.title} (due {day_label(goal.due, year=False)})"
            console.print(line, markup=False, highlight=False)


def _signal_table(summary: ReviewSummaryPublic) -> Table:
    table = Table("Signal", "This week", "4-week average", title="Signals", title_justify="left")
    for item in summary.signals:
        table.add_row(item.kind.replace("_", " "), str(item.this_week), f"{item.average:g}")
    return table


def _win_line(win: WinPublic) -> str:
    return f"{win.title} — {win.detail}" if win.detail else win.title


def _print_list(heading: str, lines: list[str], empty: str) -> None:
    console.print(f"\n[bold]{heading}[/bold]")
    if not lines:
        console.print(f"  {empty}")
    for line in lines:
        console.print(f"  - {line}", markup=False, highlight=False)


def _print_saved(result: ReviewPublic) -> None:
    saved = result.saved
    if saved is None:
        console.print(f"\nNot saved yet: microstep review save --week {result.week}")
        return
    pairs = [
        ("What worked", saved.what_worked),
        ("To adjust", saved.to_adjust),
        ("Lessons", saved.lessons),
        ("Wins", saved.wins),
    ]
    _print_list("Your reflections", [f"{k}: {v}" for k, v in pairs if v], "all empty")
