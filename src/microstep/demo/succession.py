"""The demo organization's critical roles: four roles HR cannot leave empty, and the outcomes of
the imported trials into them (the HRIS export carries no outcomes; HR recorded how each trial
in a critical role went). For two of them, the strongest candidate led the role for a quarter
while its holder was away, and it went well: succession shows candidates ready now, and roles
(Chief data officer, Software architect) with no one to succeed their holders."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from microstep.core.moves import SHORT_KINDS, role_key
from microstep.services import succession
from microstep.services.context import Context
from microstep.store import succession as store
from microstep.store.db import Database
from microstep.store.models import Move, Person

CRITICAL: dict[str, str] = {
    "Product manager": "Owns the roadmap of the product the customers pay for.",
    "Chief data officer": "One person sets the data strategy; nobody deputises today.",
    "Customer experience manager": "Runs the support floor and its escalations.",
    "Software architect": "Decides how the platform is built; long to hire from outside.",
}
COVERED = ("Product manager", "Customer experience manager")  # someone stood in lately
STOOD_IN_WEEKS, STOOD_IN_ENDED = 12, 4  # a quarter's temporary lead, ended a month ago
# How the imported trials into critical roles went: outcome -> weight.
OUTCOMES = (("met", 6), ("partly", 3), ("not_met", 1))


def add_demo_critical_roles(db: Database, *, today: date) -> None:
    """Mark the demo's critical roles (as its HR admin) and record the outcomes of the ended
    trials into them that have none. Once: a role already critical is left as it is."""
    now = datetime.combine(today, time(9, 0), tzinfo=UTC)
    with db.transaction() as session:
        hr = session.scalar(
            select(Person.id)
            .where(Person.role == "hr_admin", Person.is_active.is_(True))
            .order_by(Person.id)
        )
        if hr is None:
            return
        marked = []
        for title, note in CRITICAL.items():
            role = store.role_by_key(session=session, title_key=role_key(title))
            if role is None or store.critical_by_role(session=session, role_id=role.id):
                continue
            store.add_critical(
                session=session, role_id=role.id, note=note, created_by_id=hr, now=now
            )
            marked.append(role.id)
        trials = session.scalars(
            select(Move)
            .where(
                Move.to_role_id.in_(marked),
                Move.kind.in_(sorted(SHORT_KINDS)),
                Move.outcome.is_(None),
                Move.end_date.is_not(None),
                Move.end_date <= today,
            )
            .order_by(Move.id)
        )
        rng = random.Random(8)
        values = [outcome for outcome, _ in OUTCOMES]
        weights = [weight for _, weight in OUTCOMES]
        for move in trials:
            move.outcome = rng.choices(values, weights)[0]
    if marked:
        _stood_in(db, hr, today=today, now=now)


def _stood_in(db: Database, hr: int, *, today: date, now: datetime) -> None:
    """The best candidate within a year for each COVERED role led it for a quarter: met."""
    bench = succession.succession(Context(db=db, person_id=hr, today=today))
    covered = {role_key(t) for t in COVERED}
    ended = today - timedelta(weeks=STOOD_IN_ENDED)
    with db.transaction() as session:
        for role in bench.roles:
            near = [c for c in role.candidates if c.bucket == "within_year"]
            if role_key(role.title) not in covered or not near:
                continue
            session.add(
                Move(
                    person_id=near[0].person_id,
                    kind="temp_lead",
                    to_role_id=role.role_id,
                    start_date=ended - timedelta(weeks=STOOD_IN_WEEKS),
                    end_date=ended,
                    outcome="met",
                    outcome_note="Led the role while its holder was on leave.",
                    success_criteria="Keep the team's commitments for the quarter.",
                    source="manual",  # recorded by the person, shared with their manager
                    visibility="manager",
                    created_at=now,
                    updated_at=now,
                )
            )
