"""`bench dashboard`: three years of history, today's agenda and the dashboard vs raw SQL reads."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from microstep.bench import Result, median_ms, register
from microstep.demo.personal import build_personal_demo
from microstep.services import people, today
from microstep.settings import Settings
from microstep.store.db import open_database

WEEKS = 156
RAW_READS = (
    "SELECT * FROM person WHERE is_local = 1",
    "SELECT * FROM objective WHERE person_id = 1 ORDER BY horizon",
    "SELECT * FROM skill_target WHERE person_id = 1 ORDER BY name_key",
    "SELECT * FROM micro_goal WHERE person_id = 1 ORDER BY due, id",
)


@register("dashboard", "3 years of micro-goals: today and the dashboard against raw SQL reads")
def run() -> list[Result]:
    """Time the two busiest read paths against sqlite3 fetching the same rows, same file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        db = open_database(f"sqlite:///{path}")
        build_personal_demo(db, weeks=WEEKS)
        ctx = people.personal_context(db, settings=Settings(data_dir=Path(folder)))
        raw = sqlite3.connect(path)
        baseline = median_ms(lambda: [raw.execute(sql).fetchall() for sql in RAW_READS])
        agenda = median_ms(lambda: today.today(ctx))
        board = median_ms(lambda: today.dashboard(ctx))
        raw.close()
        db.dispose()
    return [
        Result("today agenda", agenda, "ms", baseline),
        Result("dashboard", board, "ms", baseline),
    ]
