"""`microstep worker`: team mode's reminders worker (procrastinate on PostgreSQL)."""

from __future__ import annotations

import logging
import sys
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    fail,
    open_db,
    print_json,
    settings,
)
from microstep.jobs import planner
from microstep.jobs.runner import WorkerOptions
from microstep.jobs.runner import run as run_worker
from microstep.services import reminders
from microstep.services.reminders_schemas import DeliveryPublic, OutboxStatus
from microstep.settings import Settings
from microstep.store.db import Database, normalise_url

app = typer.Typer(
    help="Team mode's background worker: sends due reminders (practice, check-ins, the weekly "
    "review, feedback questions, circle digests) by email and webhook.",
    no_args_is_help=True,
)


def _open(db: str | None) -> tuple[Settings, Database]:
    """The settings and the PostgreSQL database of a team; anything else is refused."""
    url = db or settings().database_url or ""
    if not normalise_url(url).startswith("postgresql"):
        fail(
            "The worker needs PostgreSQL: set MICROSTEP_DATABASE_URL (or --db) to a "
            "postgresql:// URL."
        )
    config = settings()
    if not config.team:
        fail(
            "The worker runs in team mode only: set MICROSTEP_MODE=team and "
            "MICROSTEP_SECRET_KEY (see the README)."
        )
    return config, open_db(url)


@app.command("run")
def run(
    concurrency: Annotated[
        int, typer.Option(min=1, max=6, help="Deliveries sent at the same time (1 to 6).")
    ] = 1,
    once: Annotated[
        bool,
        typer.Option("--once", help="Plan, send what is due now, then exit (for cron and tests)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Send due reminders until Ctrl+C (or, with --once, until nothing is left to send now)."""
    config, database = _open(db)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s"
    )
    if not config.smtp_host:
        console.print("No mail server (MICROSTEP_SMTP_HOST): reminders go to webhooks only.")
    if not once:
        console.print("The worker is running; Ctrl+C stops it.")
    prepared = run_worker(config, database, WorkerOptions(concurrency=concurrency, once=once))
    if once:
        counts = reminders.outbox_status(database).counts
        console.print(
            f"Planned {len(prepared.planned)} new reminder(s); sent so far {counts['sent']}, "
            f"pending {counts['pending']}, failed {counts['failed']}, "
            f"uncertain {counts['uncertain']}."
        )


@app.command("status")
def status(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Reminders by status, and the latest failed and uncertain ones (never resent)."""
    _, database = _open(db)
    found = reminders.outbox_status(database)
    if fmt is Format.JSON:
        print_json(found)
        return
    console.print(_counts(found))
    for title, rows in (("Failed", found.failed), ("Uncertain (not resent)", found.uncertain)):
        if rows:
            console.print(_problems(title, rows))


def _counts(found: OutboxStatus) -> Table:
    table = Table(title="Reminders")
    table.add_column("status")
    table.add_column("count", justify="right")
    for name, count in found.counts.items():
        table.add_row(name, str(count))
    return table


def _problems(title: str, rows: list[DeliveryPublic]) -> Table:
    table = Table(title=title)
    for column in ("#", "kind", "channel", "to", "tries", "why"):
        table.add_column(column)
    for row in rows:
        why = row.last_error or ""
        table.add_row(str(row.id), row.kind, row.channel, row.address, str(row.attempts), why)
    return table


@app.command("plan")
def plan(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """What today's plan holds (a dry run: nothing is stored or sent)."""
    config, database = _open(db)
    found = reminders.preview(database, planner.plan(database, config, today=date.today()))
    if fmt is Format.JSON:
        print_json(found)
        return
    if not found and not config.smtp_host:
        console.print(
            "Nothing can go out: no mail server is set (MICROSTEP_SMTP_HOST) and nobody due "
            "today has a webhook."
        )
    elif not found:
        console.print("Nothing is due today.")
        return
    table = Table(title=f"Reminders due {date.today():%a %d %b %Y}")
    for column in ("person", "kind", "channel", "to", "subject", "planned before"):
        table.add_column(column)
    for item in found:
        seen = "yes" if item.planned_before else ""
        table.add_row(
            str(item.person_id), item.kind, item.channel, item.address, item.subject, seen
        )
    console.print(table)
