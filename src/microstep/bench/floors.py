"""The floors benchmarks compare against: the store loading only the rows a view needs.

No shaping, maths or HTML: the same queries the services run, so a ratio is the cost of what
microstep does with the rows.
"""

from __future__ import annotations

from datetime import timedelta

from microstep.services.context import Context
from microstep.store import queries
from microstep.store.db import Database


def today_rows(db: Database, ctx: Context) -> None:
    """What today's agenda reads: open goals and active micro-skills."""
    with db.transaction() as session:
        queries.list_goals(session=session, person_id=ctx.person_id, statuses=["planned", "active"])
        queries.list_microskills(session=session, person_id=ctx.person_id, states=["active"])


def dashboard_rows(db: Database, ctx: Context, *, practice: bool) -> None:
    """What the dashboard reads, with or without its practice card."""
    person = ctx.person_id
    with db.transaction() as session:
        queries.get_local_person(session=session)
        queries.list_objectives(session=session, person_id=person)
        queries.list_skills(session=session, person_id=person)
        queries.list_goals(session=session, person_id=person, statuses=["planned", "active"])
        since = ctx.now() - timedelta(weeks=13)
        queries.list_finished_goals(session=session, person_id=person, status="done", since=since)
        if practice:
            queries.list_microskills(session=session, person_id=person)
            day = ctx.today - timedelta(weeks=13)
            queries.practice_minutes(session=session, person_id=person, since=day)
            queries.practice_days(session=session, person_id=person)


def curve_rows(db: Database, ctx: Context, limit: int) -> None:
    """What every learning curve reads: the micro-skill and its latest sessions."""
    with db.transaction() as session:
        ids = [m.id for m in queries.list_microskills(session=session, person_id=ctx.person_id)]
    for micro_id in ids:
        with db.transaction() as session:
            queries.get_microskill(session=session, person_id=ctx.person_id, microskill_id=micro_id)
            queries.recent_practice(session=session, microskill_id=micro_id, limit=limit)
