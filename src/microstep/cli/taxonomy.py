"""`microstep taxonomy ...`, `skills link|extract`, `roles link`: the shipped ESCO and O*NET."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from microstep.cli.common import DbOption, console, err_console, fail, open_db, settings
from microstep.core.textfile import text_lines
from microstep.services import taxonomy
from microstep.services.taxonomy_schemas import LinkedText
from microstep.store.db import Database
from microstep.taxonomy.sources import attributions, title

app = typer.Typer(help="The shipped ESCO and O*NET taxonomies.", no_args_is_help=True)
roles_app = typer.Typer(help="Job titles linked to ESCO occupations.", no_args_is_help=True)


Linking = Callable[[Database, Sequence[str], int], list[LinkedText]]


class LinkFormat(StrEnum):
    """Output of the link commands."""

    JSONL = "jsonl"
    TABLE = "table"


InputOption = Annotated[
    Path,
    typer.Option(
        "--input",
        "-i",
        help="A UTF-8 text file, one text per line ('-' reads standard input).",
        allow_dash=True,
    ),
]
TopOption = Annotated[int, typer.Option("--top", "-k", help="Matches per line, 1-50.")]
LinkFormatOption = Annotated[
    LinkFormat,
    typer.Option("--format", "-f", help="jsonl: one JSON object per input line; table for people."),
]


class RowsBar:
    """A Rich progress bar for long loads, on stderr so JSON on stdout stays clean."""

    def __init__(self, label: str) -> None:
        self.progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=False,
        )
        self.task = self.progress.add_task(label, total=None)

    def start(self, total: int) -> None:
        """Show the bar with its total."""
        self.progress.start()
        self.progress.update(self.task, total=total)

    def advance(self, rows: int) -> None:
        """Move the bar on."""
        self.progress.advance(self.task, rows)

    def stop(self) -> None:
        """Leave the finished bar on screen."""
        self.progress.stop()


def ready(db: Database) -> Database:
    """Load the taxonomies first if this database has none yet, showing progress."""
    taxonomy.use_cache_dir(settings().data_dir / "cache")
    if not taxonomy.is_current(db):
        err_console.print("First use: loading ESCO and O*NET into this database.")
        bar = RowsBar("Loading taxonomies")
        try:
            taxonomy.ensure_taxonomy(db, bar)
        finally:
            bar.stop()
    return db


@app.command("load")
def load(db: DbOption = None) -> None:
    """Load (or reload) ESCO and O*NET into storage; later commands do it on first use."""
    database = open_db(db)
    bar = RowsBar("Loading taxonomies")
    try:
        status = taxonomy.load_taxonomy(database, bar)
    finally:
        bar.stop()
    loaded = ", ".join(f"{title(name)} {version}" for name, version in status.sources.items())
    console.print(f"Loaded {loaded}: {sum(status.rows.values()):,} rows.")


@app.command("info")
def info(db: DbOption = None) -> None:
    """Show what is loaded, and the attributions."""
    status = taxonomy.taxonomy_status(open_db(db))
    if not status.sources:
        console.print("No taxonomy loaded yet: run `microstep taxonomy load` (or just use it).")
    table = Table("table", "rows")
    for name, count in status.rows.items():
        table.add_row(name, f"{count:,}")
    if status.sources:
        console.print(table)
    for line in attributions():
        console.print(line, markup=False)


def read_input(path: Path) -> list[str]:
    """Lines of the input file, refusing bad files in one sentence (blank lines at the very end
    are only the file's ending, not texts)."""
    if str(path) == "-":
        lines = text_lines(sys.stdin.buffer.read(), name="standard input")
    elif not path.is_file():
        fail(f"{path} is not a file I can read.")
    else:
        lines = text_lines(path.read_bytes(), name=str(path))
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        fail(f"{path} holds no text: give one text per line.")
    return lines


def emit(results: list[LinkedText], fmt: LinkFormat) -> None:
    """One JSON line per input line, or a table."""
    if fmt is LinkFormat.JSONL:
        for result in results:
            sys.stdout.write(json.dumps(result.model_dump(exclude_none=True), ensure_ascii=False))
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    table = Table("text", "match", "score")
    table.add_column("ESCO URI", overflow="fold")
    for result in results:
        if not result.matches:
            table.add_row(result.text, "[dim]nothing fits[/dim]", "", "")
        for rank, match in enumerate(result.matches):
            table.add_row(
                result.text if rank == 0 else "", match.label, f"{match.score:.2f}", match.id
            )
    console.print(table)


def _run(
    input: Path, top: int, fmt: LinkFormat, db: str | None, what: str, action: Linking
) -> None:
    texts = read_input(input)
    database = ready(open_db(db))
    with err_console.status(f"{what} (the first run builds the index, once)…"):
        results = action(database, texts, top)
    emit(results, fmt)


def link_skills(
    input: InputOption,
    top: TopOption = 5,
    fmt: LinkFormatOption = LinkFormat.JSONL,
    db: DbOption = None,
) -> None:
    """Link short phrases ("excel pivot tables") to ESCO skills, one line each."""
    _run(input, top, fmt, db, "Linking", taxonomy.link_skills)


def extract_skills(
    input: InputOption,
    top: TopOption = 5,
    fmt: LinkFormatOption = LinkFormat.JSONL,
    db: DbOption = None,
) -> None:
    """Find ESCO skills in sentences or job-posting text, one text per line."""
    _run(input, top, fmt, db, "Reading for skills", taxonomy.extract_skills)


@roles_app.command("link")
def link_roles(
    input: InputOption,
    top: TopOption = 5,
    fmt: LinkFormatOption = LinkFormat.JSONL,
    db: DbOption = None,
) -> None:
    """Link job titles ("data analyst") to ESCO occupations, one line each."""
    _run(input, top, fmt, db, "Linking", taxonomy.link_roles)
