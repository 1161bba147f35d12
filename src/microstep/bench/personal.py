"""`bench personal`: three years of daily practice on ten micro-skills (about 11,000 sessions).

Ours: today's agenda, every learning curve and the dashboard page, rendered in process.
Floor: the store loading only the rows those need (same queries, no shaping, maths or HTML),
on the same file, in the same run.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import httpx

from microstep.bench import Result, paired_ms, register
from microstep.services import people, practice, today
from microstep.services.context import Context
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings
from microstep.store import queries
from microstep.store.db import Database, open_database
from microstep.store.models import MicroSkill, PracticeSession
from microstep.web.app import create_app

DAYS = 3 * 365
SKILLS = 10
ACTIVE = 3
CURVE = practice.CURVE_SESSIONS


@register("personal", "3 years of daily practice on 10 micro-skills vs loading the rows")
def run() -> list[Result]:
    """Time today, the curves and the dashboard page against sqlite3 loading their rows."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), database_url=f"sqlite:///{folder}/b.sqlite")
        db = open_database(settings.resolved_database_url())
        ctx = _history(db, settings)
        page = _page_getter(create_app(settings, db), "/")
        pairs = [
            ("today", lambda: today.today(ctx), lambda: _floor_today(db, ctx)),
            ("learning curves (10)", lambda: _curves(ctx), lambda: _floor_curves(db, ctx)),
            ("dashboard page", page, lambda: _floor_dashboard(db, ctx)),
        ]
        results = [Result(name, *_timed(ours, floor)) for name, ours, floor in pairs]
        db.dispose()
    return results


def _timed(ours: Callable[[], object], floor: Callable[[], object]) -> tuple[float, str, float]:
    mine, base = paired_ms(ours, floor)
    return mine, "ms", base


def _page_getter(app: object, path: str) -> Callable[[], object]:
    """Fetch a page straight through the ASGI app, as uvicorn would hand it a request."""
    loop = asyncio.new_event_loop()
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    client = httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")

    def get() -> object:
        response = loop.run_until_complete(client.get(path))
        assert response.status_code == 200, response.status_code
        return response

    return get


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


def _one_skill(session: object, ctx: Context, n: int, rng: random.Random) -> None:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
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
    micro = MicroSkill(
        person_id=ctx.person_id,
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
        created_at=now,
        due_at=now if n < ACTIVE else None,
    )
    session.add(micro)
    session.flush()
    first = ctx.today - timedelta(days=DAYS)
    session.add_all(
        PracticeSession(
            person_id=ctx.person_id,
            micro_skill_id=micro.id,
            practised_on=day,
            logged_at=datetime.combine(day, time(8), tzinfo=UTC),
            minutes=5,
            metric_value=round(10 + rng.gauss(0, 1), 1),
            rating="good",
        )
        for day in (first + timedelta(days=i) for i in range(DAYS))
    )


def _curves(ctx: Context) -> None:
    for item in practice.list_microskills(ctx):
        practice.learning_curve(ctx, item.id)


def _floor_today(db: Database, ctx: Context) -> None:
    with db.transaction() as session:
        queries.list_goals(session=session, person_id=ctx.person_id, statuses=["planned", "active"])
        queries.list_microskills(session=session, person_id=ctx.person_id, states=["active"])


def _floor_curves(db: Database, ctx: Context) -> None:
    with db.transaction() as session:
        ids = [m.id for m in queries.list_microskills(session=session, person_id=ctx.person_id)]
    for micro_id in ids:
        with db.transaction() as session:
            queries.get_microskill(session=session, person_id=ctx.person_id, microskill_id=micro_id)
            queries.recent_practice(session=session, microskill_id=micro_id, limit=CURVE)


def _floor_dashboard(db: Database, ctx: Context) -> None:
    since = ctx.today - timedelta(weeks=13)
    with db.transaction() as session:
        person = ctx.person_id
        queries.get_local_person(session=session)
        queries.list_objectives(session=session, person_id=person)
        queries.list_skills(session=session, person_id=person)
        queries.list_goals(session=session, person_id=person)
        queries.list_microskills(session=session, person_id=person)
        queries.practice_minutes(session=session, person_id=person, since=since)
        queries.practice_days(session=session, person_id=person)
