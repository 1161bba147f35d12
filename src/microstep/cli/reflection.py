"""`microstep checkin|calendar|lesson ...`: check-ins with an agenda, the calendar, lessons."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    fail,
    open_ctx,
    print_json,
    record_number,
    settings,
    show,
)
from microstep.core.checkins import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES
from microstep.core.dates import day_label, parse_day
from microstep.core.evidence import CheckInWith
from microstep.services import calendar, checkins, lessons
from microstep.services.context import Context
from microstep.services.reflection_schemas import (
    AgendaPublic,
    CheckInCreate,
    CheckInPublic,
    LessonCreate,
    LessonHitPublic,
    LessonPublic,
    LessonUpdate,
    MeetingCreate,
    MeetingPublic,
)

checkin_app = typer.Typer(
    help="Recurring check-ins with a mentor or supervisor, with an agenda built from progress.",
    no_args_is_help=True,
)
calendar_app = typer.Typer(
    help="Your check-ins, due practice and goal dates as a calendar (.ics file or feed URL).",
    no_args_is_help=True,
)
lesson_app = typer.Typer(
    help="Lessons learned: write them down after the fact, find them again by word or tag.",
    no_args_is_help=True,
)

CheckInId = Annotated[
    int,
    typer.Argument(
        metavar="CHECKIN_ID", parser=record_number, help="The check-in's number (checkin list)."
    ),
]
LessonId = Annotated[
    int,
    typer.Argument(
        metavar="LESSON_ID", parser=record_number, help="The lesson's number (lesson list)."
    ),
]

# --- check-ins -------------------------------------------------------------------------------


@checkin_app.command("add")
def checkin_add(
    with_whom: Annotated[
        str,
        typer.Option(
            "--with", metavar="WHO", help="Who you meet, e.g. 'Priya (mentor)'.", show_default=False
        ),
    ],
    first: Annotated[
        str,
        typer.Option(
            metavar="WHEN",
            help="The first meeting in your time zone: '2026-11-26 15:00' or 'thursday 15:00'.",
            show_default=False,
        ),
    ],
    role: Annotated[CheckInWith, typer.Option(help="Who they are to you.")] = CheckInWith.MENTOR,
    every: Annotated[
        str | None,
        typer.Option(
            metavar="WORD",
            help="weekly, fortnightly (or biweekly), monthly or once "
            "[default: fortnightly, as on the web form].",
        ),
    ] = None,
    rrule: Annotated[
        str | None,
        typer.Option(
            "--rrule",
            metavar="RRULE",
            help="Instead of --every, an RFC 5545 rule: FREQ=WEEKLY;INTERVAL=2;BYDAY=TH.",
        ),
    ] = None,
    minutes: Annotated[
        int, typer.Option(min=MIN_MINUTES, max=MAX_MINUTES, help="How long it lasts.")
    ] = DEFAULT_MINUTES,
    title: Annotated[
        str | None, typer.Option(help="Calendar title [default: 'Check-in with …'].")
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz",
            metavar="ZONE",
            help="IANA time zone, e.g. Europe/Berlin [default: this machine's].",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a recurring check-in; meetings keep their wall-clock time across daylight saving.

    It repeats fortnightly unless you give --every or --rrule; the first meeting lies within a
    year of today.

    Example: microstep checkin add --with "Priya (mentor)" --role mentor
    --first "2026-11-26 15:00" --every weekly
    """
    ctx = open_ctx(db)
    item = CheckInCreate(
        with_whom=with_whom,
        with_role=role,
        first=first,
        every=every,
        rrule=rrule,
        duration_minutes=minutes,
        title=title,
        timezone=tz,
    )
    row = checkins.add_checkin(ctx, item)
    console.print(f"Added check-in #{row.id}: {escape(row.title)} ({row.recurrence}).", markup=True)
    if row.next_local:
        console.print(f"Next: {row.next_local} ({row.zone_label} time).")
    console.print(f"Agenda before you meet: microstep checkin agenda {row.id}")


@checkin_app.command("list")
def checkin_list(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """List check-ins with their next meeting."""
    rows = checkins.list_checkins(open_ctx(db))
    empty = "No check-ins yet. Add one: microstep checkin add --help"
    show(rows, fmt, empty=empty, table=lambda: _checkin_table(rows))


@checkin_app.command("agenda")
def checkin_agenda(
    checkin_id: CheckInId, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """The next meeting's agenda: goals done, plateaus, experiments and open questions."""
    result = checkins.agenda(open_ctx(db), checkin_id)
    if fmt is Format.JSON:
        print_json(result)
        return
    _print_agenda(result)


@checkin_app.command("hold")
def checkin_hold(
    checkin_id: CheckInId,
    on: Annotated[
        str | None, typer.Option(help="When it took place: today, yesterday, 2026-11-12.")
    ] = None,
    notes: Annotated[
        str | None, typer.Option(help="What you agreed, in a few lines (a meeting needs notes).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a meeting that took place, keeping its agenda and your notes (one a day).

    Example: microstep checkin hold 1 --on yesterday --notes "Agreed to present the churn deck"
    """
    ctx = open_ctx(db)
    held_on = checkins.parse_held_on(on, today=ctx.today)
    meeting = checkins.hold_meeting(ctx, checkin_id, MeetingCreate(held_on=held_on, notes=notes))
    console.print(f"Saved the meeting of {day_label(meeting.held_on)} (#{meeting.id}).")


@checkin_app.command("history")
def checkin_history(
    checkin_id: CheckInId, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """The meetings held, newest first, with their notes."""
    rows = checkins.history(open_ctx(db), checkin_id)
    empty = f"No meeting held yet. After one: microstep checkin hold {checkin_id} --notes '...'"
    show(rows, fmt, empty=empty, table=lambda: _meeting_table(rows))


@checkin_app.command("stop")
def checkin_stop(checkin_id: CheckInId, db: DbOption = None) -> None:
    """Stop a check-in: it leaves the calendar, its history stays."""
    row = checkins.stop_checkin(open_ctx(db), checkin_id)
    console.print(f"Stopped check-in #{row.id}: {escape(row.title)}.")


def _checkin_table(rows: list[CheckInPublic]) -> Table:
    table = Table("#", "With", "Role", "Repeats", "Next", "Zone", "Held", "Status")
    for row in rows:
        table.add_row(
            str(row.id),
            row.with_whom,
            row.with_role.value,
            row.recurrence,
            row.next_local or "—",
            row.zone_label,
            str(row.meetings),
            "active" if row.active else "stopped",
        )
    return table


def _meeting_table(rows: list[MeetingPublic]) -> Table:
    table = Table("#", "Held on", "Notes", "Agenda")
    for row in rows:
        items = [line for line in row.agenda.splitlines() if line.startswith("- ")]
        table.add_row(str(row.id), row.held_on.isoformat(), row.notes or "", f"{len(items)} items")
    return table


def _print_agenda(result: AgendaPublic) -> None:
    console.print(f"Agenda: progress since {result.since.isoformat()}", style="bold")
    if not result.sections:
        console.print(result.text, markup=False)
    for section in result.sections:
        console.print(f"\n{section.title}", style="bold")
        for item in section.items:
            console.print(f"  • {item}", markup=False, highlight=False)


# --- the calendar ----------------------------------------------------------------------------


@calendar_app.command("export")
def calendar_export(
    out: Annotated[Path, typer.Option("--out", help="The .ics file to write, e.g. microstep.ics.")],
    db: DbOption = None,
) -> None:
    """Write check-ins, due practice and goal due dates to an .ics file any calendar imports."""
    if out.suffix.lower() != ".ics":
        fail(f"The file {out} should end in .ics, so calendars recognise it.")
    if not out.parent.is_dir():
        fail(f"The folder {out.parent} does not exist: create it or pick another --out.")
    document = calendar.export_calendar(open_ctx(db))
    out.write_bytes(document)
    events = document.count(b"BEGIN:VEVENT")
    console.print(f"Wrote {events} event{'' if events == 1 else 's'} to {out}.", markup=False)


@calendar_app.command("feed")
def calendar_feed(
    reset: Annotated[
        bool, typer.Option("--reset", help="Make a new secret URL; the old one stops working.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Print the secret URL to subscribe to in a calendar app (served by `microstep serve`)."""
    config = settings()
    base = f"http://{config.host}:{config.port}"
    feed = calendar.feed_url(open_ctx(db), base=base, reset=reset)
    typer.echo(feed.url)
    if reset:
        console.print("The old URL no longer works.", style="dim")


# --- lessons ---------------------------------------------------------------------------------

Context_ = Annotated[str | None, typer.Option("--context", help="What happened, briefly.")]
Worked = Annotated[str | None, typer.Option("--worked", help="What worked.")]
DidNot = Annotated[str | None, typer.Option("--did-not", help="What did not work.")]
NextTime = Annotated[str | None, typer.Option("--next-time", help="What you will do next time.")]
Tags = Annotated[
    str | None,
    typer.Option(
        "--tags",
        help="Tags separated by commas: 'stakeholders, sales team' (two words stay one tag, "
        "sales-team).",
    ),
]
On = Annotated[
    str | None, typer.Option("--on", help="When you learned it: today, yesterday, 2026-11-12.")
]


@lesson_app.command("add")
def lesson_add(
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The lesson in a few words.")],
    context: Context_ = None,
    worked: Worked = None,
    did_not: DidNot = None,
    next_time: NextTime = None,
    tags: Tags = None,
    on: On = None,
    db: DbOption = None,
) -> None:
    """Write a lesson down while it is fresh.

    Example: microstep lesson add "Send the deck a day early" --worked "Questions came in
    before the meeting" --next-time "Share a one-page summary too" --tags "presenting, stakeholders"
    """
    ctx = open_ctx(db)
    values = _lesson_values(ctx, context, worked, did_not, next_time, tags, on)
    row = lessons.add_lesson(ctx, LessonCreate.model_validate({"title": title, **values}))
    console.print(f"Saved lesson #{row.id}: {row.title}", markup=False)


@lesson_app.command("list")
def lesson_list(
    tag: Annotated[str | None, typer.Option(help="Only lessons with this tag.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """List lessons, newest first."""
    rows = lessons.list_lessons(open_ctx(db), tag)
    empty = "No lessons yet. Add one: microstep lesson add --help"
    if tag:
        empty = f"No lesson is tagged '{tag}'."
    show(rows, fmt, empty=empty, table=lambda: _lesson_table(rows))


@lesson_app.command("search")
def lesson_search(
    query: Annotated[
        str, typer.Argument(metavar="QUERY", help="Words to find, e.g. 'presenting'.")
    ],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Find lessons holding every word (stemmed: 'presenting' finds 'presentation'), best first."""
    hits = lessons.search_lessons(open_ctx(db), query)
    if fmt is Format.JSON:
        print_json(hits)
        return
    if not hits:
        console.print(
            f"No lesson matches '{query.strip()}'. Try fewer or other words.", markup=False
        )
        return
    for hit in hits:
        _print_hit(hit)


@lesson_app.command("show")
def lesson_show(lesson_id: LessonId, fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Show one lesson in full."""
    row = lessons.get_lesson(open_ctx(db), lesson_id)
    if fmt is Format.JSON:
        print_json(row)
        return
    console.print(f"#{row.id} {row.title}", style="bold", markup=False)
    console.print(f"Learned on {row.learned_on.isoformat()}" + _tags(row), markup=False)
    for label, value in (
        ("Context", row.context),
        ("What worked", row.worked),
        ("What did not", row.did_not),
        ("Next time", row.next_time),
    ):
        if value:
            console.print(f"\n{label}: ", style="bold", end="")
            console.print(value, markup=False, highlight=False)


@lesson_app.command("edit")
def lesson_edit(
    lesson_id: LessonId,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    context: Context_ = None,
    worked: Worked = None,
    did_not: DidNot = None,
    next_time: NextTime = None,
    tags: Tags = None,
    on: On = None,
    db: DbOption = None,
) -> None:
    """Change some fields of a lesson; the rest stay (give --tags '' to clear the tags)."""
    ctx = open_ctx(db)
    values = _lesson_values(ctx, context, worked, did_not, next_time, tags, on)
    if title is not None:
        values["title"] = title
    if not values:
        fail("Nothing to change: give at least one option, such as --next-time.")
    row = lessons.edit_lesson(ctx, lesson_id, LessonUpdate.model_validate(values))
    console.print(f"Updated lesson #{row.id}: {row.title}", markup=False)


@lesson_app.command("delete")
def lesson_delete(lesson_id: LessonId, db: DbOption = None) -> None:
    """Delete a lesson for good."""
    row = lessons.delete_lesson(open_ctx(db), lesson_id)
    console.print(f"Deleted lesson #{row.id}: {row.title}", markup=False)


def _lesson_values(
    ctx: Context,
    context: str | None,
    worked: str | None,
    did_not: str | None,
    next_time: str | None,
    tags: str | None,
    on: str | None,
) -> dict[str, object]:
    given: dict[str, object | None] = {
        "context": context,
        "worked": worked,
        "did_not": did_not,
        "next_time": next_time,
        "tags": tags,
    }
    values = {name: value for name, value in given.items() if value is not None}
    if on is not None:
        values["learned_on"] = parse_day(on, today=ctx.today, field="day learned", past=True)
    return values


def _tags(row: LessonPublic) -> str:
    return f" · tags: {', '.join(row.tags)}" if row.tags else ""


def _lesson_table(rows: list[LessonPublic]) -> Table:
    table = Table("#", "Learned", "Title", "Tags")
    for row in rows:
        table.add_row(str(row.id), row.learned_on.isoformat(), row.title, " ".join(row.tags))
    return table


def _print_hit(hit: LessonHitPublic) -> None:
    lesson = hit.lesson
    console.print(f"{hit.rank}. #{lesson.id} {lesson.title}", style="bold", markup=False)
    parts = "".join(
        f"[bold yellow]{escape(part.text)}[/]" if part.hit else escape(part.text)
        for part in hit.snippet
    )
    console.print(f"   {parts}", highlight=False)
    console.print(f"   {lesson.learned_on.isoformat()}{_tags(lesson)}", style="dim", markup=False)
