"""`microstep org predict-next` (the DESIGN contract) and `microstep move next`."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    err_console,
    fail,
    open_ctx,
    open_db,
    print_json,
    settings,
)
from microstep.cli.taxonomy import RowsBar
from microstep.core.move_import import BadRows
from microstep.core.textfile import text_lines
from microstep.services import nextmove, taxonomy
from microstep.services.nextmove_schemas import PredictedNext

MAX_HISTORY_BYTES = 1024 * 1024 * 1024  # a million-row HRIS export is about 60 MB


class PredictFormat(StrEnum):
    """Output of predict-next."""

    JSONL = "jsonl"
    TABLE = "table"


def _lines(path: Path, what: str) -> list[str]:
    """The lines of a UTF-8 file, or exit 2 saying why it cannot be read."""
    if not path.is_file():
        fail(f"The {what} {path} is not a file I can read.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        fail(f"Cannot read the {what} {path}: {exc.strerror or exc}.")
    return text_lines(data, name=str(path), max_bytes=MAX_HISTORY_BYTES)


def _bad_rows(exc: BadRows) -> NoReturn:
    """The refusal, then every further bad row on its own line, on stderr; exit 2. A file is
    read here, never imported: the message says nothing was predicted."""
    message = exc.message.replace(" and was not imported", ": nothing was predicted", 1)
    err_console.print(f"Error: {message}", markup=False, highlight=False)
    for problem in exc.problems[1:]:
        err_console.print(f"  {problem}", markup=False, highlight=False)
    raise typer.Exit(2)


def predict_next(
    history: Annotated[
        Path,
        typer.Option(
            "--history",
            metavar="FILE.csv",
            help="Move history CSV: person_id,role,start_date,end_date[,kind] (as org "
            "import-moves). Roles may be titles or codes (O*NET-SOC like 15-1252.00, or ESCO "
            "occupation URIs). A header alone is fine: then only the public prior answers.",
        ),
    ],
    people: Annotated[
        Path,
        typer.Option(
            "--people",
            metavar="FILE",
            help="One person id per line, or a CSV with a person_id column and optional role "
            "(current role, for people not in the history) and target (their objective) columns.",
        ),
    ],
    top: Annotated[int, typer.Option("--top", "-k", help="Next roles per person, 1-50.")] = 5,
    fmt: Annotated[
        PredictFormat,
        typer.Option("--format", "-f", help="jsonl: one JSON object per person; table for people."),
    ] = PredictFormat.JSONL,
    db: DbOption = None,
) -> None:
    """Top next roles for each person of a people file, from a history file.

    For each person id, in the people file's order, one JSON line:
    {"person_id": ..., "next": [{"role": ..., "code": ..., "score": ..., "reason": ...}]}.
    code is the O*NET-SOC code, else the ESCO occupation URI, else null (a title that links
    to no occupation). score is 0-1.

    The history's own moves come first (who moved where next from the same two roles, then
    from the same role); thin data backs off to the public prior (ESCO essential-skill overlap,
    O*NET related occupations, job zones) and to the roles people move into most. With no
    history at all the candidates come from the whole public taxonomy. Someone not in the
    history is answered from their role column; someone of whom nothing is known (not in the
    history, no role given) gets an empty "next" list, never a guess.

    The taxonomy is loaded into the database on first use (progress on stderr); stdout
    carries only the JSON lines. Team mode is not needed: only the files are read.

    Examples:

    \b
      microstep org predict-next --history moves.csv --people ids.txt --top 5 --format jsonl

    \b
      printf 'person_id,role,target\\nnew-1,Data analyst,Chief data officer\\n' > people.csv
      microstep org predict-next --history moves.csv --people people.csv --top 3
    """
    if not 1 <= top <= nextmove.MAX_TOP:
        fail(f"--top must be between 1 and {nextmove.MAX_TOP}.")
    history_lines = _lines(history, "history file")
    people_lines = _lines(people, "people file")
    database = open_db(db)
    taxonomy.use_cache_dir(settings().data_dir / "cache")
    bar = RowsBar("Loading taxonomies")
    try:
        with err_console.status("Predicting next roles (the first run builds the index)…"):
            results = nextmove.predict_next(
                database,
                history_lines,
                people_lines,
                top,
                today=date.today(),
                history_name=str(history),
                people_name=str(people),
                progress=bar,
            )
    except BadRows as exc:
        _bad_rows(exc)
    finally:
        bar.stop()
    _emit(results, fmt)


def _emit(results: list[PredictedNext], fmt: PredictFormat) -> None:
    if fmt is PredictFormat.JSONL:
        for result in results:
            sys.stdout.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False))
            sys.stdout.write("\n")
        sys.stdout.flush()
        return
    table = Table("person", "next role", "code", "score", "why")
    for result in results:
        if not result.next:
            table.add_row(escape(result.person_id), "[dim]nothing known[/dim]", "", "", "")
        for rank, role in enumerate(result.next):
            table.add_row(
                escape(result.person_id) if rank == 0 else "",
                escape(role.role),
                escape(role.code or ""),
                f"{role.score:.2f}",
                escape(role.reason),
            )
    console.print(table)


def next_moves(
    top: Annotated[int, typer.Option("--top", "-k", help="How many suggestions, 1-50.")] = 5,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Your sensible next moves, with reasons.

    Drawn from your moves (your current role, and the one before it), your objective, your
    skill map ("you have 7 of its 9 essential skills") and the public taxonomy: ESCO skills
    shared between occupations, O*NET related occupations and job zones.

    Examples:

      microstep move next

      microstep move next --top 3 --format json
    """
    ctx = open_ctx(db)
    taxonomy.use_cache_dir(settings().data_dir / "cache")
    with err_console.status("Finding next moves…"):
        found = nextmove.next_moves(ctx, top)
    if fmt is Format.JSON:
        print_json(found)
        return
    if found.current_role:
        console.print(f"From [bold]{escape(found.current_role)}[/bold]", highlight=False)
    if found.moves:
        table = Table("#", "next move", "score", "why")
        for rank, move in enumerate(found.moves, 1):
            table.add_row(str(rank), escape(move.move), f"{move.score:.2f}", escape(move.reason))
        console.print(table)
    console.print(found.note, markup=False, highlight=False)
