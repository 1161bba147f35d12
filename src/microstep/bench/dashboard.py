"""`bench dashboard`: three years of micro-goals; today's agenda and the dashboard against the
store loading the same rows (bench/floors.py), in the same run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from microstep.bench import Result, compare, floors, register
from microstep.demo.personal import build_personal_demo
from microstep.services import people, today
from microstep.settings import Settings
from microstep.store.db import open_database

WEEKS = 156


@register("dashboard", "3 years of micro-goals: today and the dashboard against loading the rows")
def run() -> list[Result]:
    """Time the two busiest read paths of personal mode against their floors."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        build_personal_demo(db, weeks=WEEKS)
        ctx = people.personal_context(db, settings=Settings(data_dir=Path(folder)))
        results = [
            compare("today agenda", lambda: today.today(ctx), lambda: floors.today_rows(db, ctx)),
            compare(
                "dashboard",
                lambda: today.dashboard(ctx),
                lambda: floors.dashboard_rows(db, ctx, practice=False),
            ),
        ]
        db.dispose()
    return results
