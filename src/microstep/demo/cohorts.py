"""The demo organization's pilot cohort: "Rotation pilot 2025", a dozen people who joined a
rotation programme about eighteen months ago, so /analytics/cohorts has a comparison to show."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from microstep.core.cohorts import standing
from microstep.services import cohorts
from microstep.services.context import Context
from microstep.services.mobility_schemas import CohortCreate
from microstep.store.analytics import load_history
from microstep.store.db import Database
from microstep.store.models import Person

NAME = "Rotation pilot 2025"
SIZE = 12
AGO = timedelta(days=548)  # about eighteen months


def add_demo_cohort(db: Database, *, today: date) -> None:
    """Add the pilot cohort (created by the HR admin); nothing when it exists or nobody fits."""
    start = today - AGO
    with db.transaction() as session:
        hr = session.scalars(
            select(Person.id).where(Person.role == "hr_admin").order_by(Person.id)
        ).first()
        history = load_history(session=session, today=today)
    if hr is None:
        return
    careers = history.careers()
    # The pilot's rotations: the dozen whose short move began nearest the start.
    there = standing(history, careers, start)  # with the org on the start date, in a role
    near: list[tuple[int, int]] = []
    for pid, career in careers.items():
        gaps = [abs((s.start - start).days) for s in career if s.short]
        if there[pid].active and there[pid].role is not None and gaps:
            near.append((min(gaps), pid))
    joined = [pid for _gap, pid in sorted(near)]
    members = [str(pid) for pid in joined[:SIZE]]
    if len(members) < 3:
        return
    ctx = Context(db=db, person_id=hr, today=today)
    if any(c.name == NAME for c in cohorts.list_cohorts(ctx)):
        return
    cohorts.create(
        ctx,
        CohortCreate(
            name=NAME,
            description="Six-month rotations into a neighbouring team, offered to a dozen "
            "volunteers; compared with colleagues in the same roles and of similar tenure.",
            start_date=start,
            members=members,
        ),
    )
