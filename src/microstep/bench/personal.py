"""`bench personal`: three years of daily practice on ten micro-skills (about 11,000 sessions).

Ours: today's agenda, every learning curve and the dashboard page, rendered in process.
Floor: the store loading only the rows those need (bench/floors.py), on the same file, in the
same run, timed alternately with ours.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from microstep.bench import Result, compare, floors, register
from microstep.services import people, practice, today
from microstep.services.context import Context
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings
from microstep.store import queries
from microstep.store.db import Database, open_database
from microstep.web.app import create_app

DAYS = 3 * 365
SKILLS = 10
ACTIVE = 3


@register("personal", "3 years of daily practice on 10 micro-skills vs loading the rows")
def run() -> list[Result]:
    """Time today, the curves and the dashboard page against the store loading their rows."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url=f"sqlite:///{folder}/b.sqlite")
        db = open_database(settings.resolved_database_url())
        ctx = _history(db, settings)
        with _page_getter(create_app(settings, db), "/") as page:
            results = [
                compare("today", lambda: today.today(ctx), lambda: floors.today_rows(db, ctx)),
                compare(
                    "learning curves (10)",
                    lambda: _curves(ctx),
                    lambda: floors.curve_rows(db, ctx, practice.CURVE_SESSIONS),
                ),
                compare(
                    "dashboard page", page, lambda: floors.dashboard_rows(db, ctx, practice=True)
                ),
            ]
        db.dispose()
    return results


@contextmanager
def _page_getter(app: object, path: str) -> Iterator[Callable[[], object]]:
    """Fetch a page straight through the ASGI app, as uvicorn would hand it a request."""
    loop = asyncio.new_event_loop()
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    client = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")

    def get() -> object:
        response = loop.run_until_complete(client.get(path))
        assert response.status_code == 200, response.status_code
        return response

    try:
        yield get
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()


def _history(db: Database, settings: Settings) -> Context:
    horizon = date.today() + timedelta(days=300)
    setup = PersonSetup(name="Bench", objective=ObjectiveCreate(title="Lead", horizon=horizon))
    people.init_person(db, setup, settings=settings)
    ctx = people.personal_context(db, settings=settings)
    rng = random.Random(11)
    with db.transaction() as session:
        for n in range(SKILLS):
            _one_skill(session, ctx, n, rng)
    return ctx


def _one_skill(session: Session, ctx: Context, n: int, rng: random.Random) -> None:
    """A skill with one micro-skill (the first ACTIVE are active) and DAYS of daily sessions."""
    now = ctx.now()
    skill = queries.add_skill(
        session=session,
        person_id=ctx.person_id,
        now=now,
        name=f"Skill {n}",
        name_key=f"skill {n}",
        current_level=1,
        target_level=4,
    )
    micro = queries.add_microskill(
        session=session,
        person_id=ctx.person_id,
        now=now,
        skill_id=skill.id,
        definition=f"Drill {n}",
        metric="errors",
        direction="lower",
        minutes=5,
        mastery_threshold=0.0,
        mastery_needed=4,
        mastery_window=5,
        state="active" if n < ACTIVE else "mastered",
        position=1,
        due_at=now if n < ACTIVE else None,
    )
    first = ctx.today - timedelta(days=DAYS)
    days = (first + timedelta(days=i) for i in range(DAYS))
    queries.add_practice_many(
        session=session,
        person_id=ctx.person_id,
        entries=(
            {
                "micro_skill_id": micro.id,
                "practised_on": day,
                "logged_at": datetime.combine(day, time(8), tzinfo=UTC),
                "minutes": 5,
                "metric_value": round(10 + rng.gauss(0, 1), 1),
                "rating": "good",
            }
            for day in days
        ),
    )


def _curves(ctx: Context) -> None:
    for item in practice.list_microskills(ctx):
        practice.learning_curve(ctx, item.id)
