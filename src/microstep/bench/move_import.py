"""`microstep bench import-moves`: importing 1,000,000 moves against a plain COPY of the same
file into the same scratch PostgreSQL database, measured in the same run.

The file is generated: 100,000 people with ten moves each (a hire, then rotations, stretch
assignments, temporary lead roles, lateral moves and promotions over a few years) across 80 role
titles. The baseline is PostgreSQL's own bulk load of that file into a table shaped like the CSV
(`COPY ... FROM STDIN (FORMAT csv, HEADER)`), which checks nothing and resolves nothing; ours
checks every row, finds or adds people and roles, skips moves already stored, and links each
move to the role before it, all in one transaction. A second figure re-imports the same file
(nothing is added). MICROSTEP_BENCH_MOVES sets the row count (tests use a few thousand) and
MICROSTEP_BENCH_PG the server.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from microstep.bench import Result, register
from microstep.bench.api import admin_url, scratch_database
from microstep.core.move_import import move_csv
from microstep.errors import InvalidInput
from microstep.services.move_import import import_moves
from microstep.store.db import open_database

ROWS = 1_000_000
PER_PERSON = 10
FIRST_DAY = date(2016, 1, 4)
TITLES = tuple(f"{level} {job}" for level in ("Junior", "", "Senior", "Lead") for job in (
    "data analyst", "business analyst", "software developer", "product manager",
    "ICT project manager", "user experience analyst", "database administrator",
    "sales account manager", "financial analyst", "marketing manager", "web developer",
    "ICT system administrator", "data scientist", "software tester", "call centre supervisor",
    "human resources officer", "customer experience manager", "cloud engineer",
    "ICT security engineer", "recruitment consultant",
))  # fmt: skip
SHORT = ("rotation", "stretch", "temp_lead", "gig", "shadowing")
LASTING = ("promotion", "lateral")


def history(
    rows: int, *, seed: int = 7
) -> Iterator[tuple[str, str, date, date | None, str | None]]:
    """`rows` moves of rows/10 people: (person_id, role, start, end, kind), dates increasing."""
    rng = random.Random(seed)
    titles = [" ".join(t.split()) for t in TITLES]
    for person in range(max(1, rows // PER_PERSON)):
        day = FIRST_DAY + timedelta(days=rng.randrange(700))
        role = rng.choice(titles)
        yield (f"E{person:07d}", role, day, None, "hire")
        for _ in range(PER_PERSON - 1):
            day += timedelta(days=rng.randrange(30, 200))
            if rng.random() < 0.6:
                end = day + timedelta(weeks=rng.choice((4, 8, 12, 26)))
                yield (f"E{person:07d}", rng.choice(titles), day, end, rng.choice(SHORT))
            else:
                role = rng.choice(titles)
                yield (f"E{person:07d}", role, day, None, rng.choice(LASTING))


def _rows() -> int:
    raw = os.environ.get("MICROSTEP_BENCH_MOVES", "").strip()
    if not raw:
        return ROWS
    if not raw.isdigit() or int(raw) < PER_PERSON:
        raise InvalidInput(
            f"MICROSTEP_BENCH_MOVES must be a whole number of at least {PER_PERSON}.",
            field="MICROSTEP_BENCH_MOVES",
        )
    return int(raw)


def _copy_seconds(url: str, path: Path) -> float:
    """Plain COPY of the file into a table shaped like the CSV, timed (file read included)."""
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS move_copy (person_id text, role text, start_date date, "
            "end_date date, kind text)"
        )
        conn.execute("TRUNCATE move_copy")
        conn.commit()
        start = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy("COPY move_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as stream,
        ):
            while chunk := stream.read(1 << 20):
                copy.write(chunk)
        conn.commit()
        return time.perf_counter() - start


def _import_seconds(url: str, path: Path) -> tuple[float, int]:
    """Our import of the file, timed; how many moves it added."""
    database = open_database(url)
    try:
        start = time.perf_counter()
        with path.open("rb") as stream:
            done = import_moves(database, stream, name=path.name)
        return time.perf_counter() - start, done.added
    finally:
        database.dispose()


def import_results(rows: int | None = None) -> list[Result]:
    """Import time for `rows` generated moves (default 1,000,000) and a re-import of the same
    file, each against a plain COPY of that file into the same scratch database."""
    rows = rows or _rows()
    with tempfile.TemporaryDirectory() as folder, scratch_database(admin_url()) as url:
        path = Path(folder) / "moves.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            out.writelines(move_csv(history(rows)))
        open_database(url).dispose()  # migrated before the clock starts
        copy_first = _copy_seconds(url, path)
        ours, added = _import_seconds(url, path)
        again, added_again = _import_seconds(url, path)
        copy_second = _copy_seconds(url, path)
    if added != rows or added_again != 0:
        raise RuntimeError(f"the import added {added} and then {added_again} of {rows} moves")
    baseline = min(copy_first, copy_second)
    return [
        Result(f"import {rows:,} moves (s)", ours, "s", baseline),
        Result(f"re-import the same {rows:,} moves, nothing added (s)", again, "s", baseline),
    ]


@register("import-moves", "Import 1,000,000 moves vs a plain COPY of the same file")
def run() -> list[Result]:
    """The registered benchmark."""
    return import_results()
