"""The demo data is believable: every goal obeyed the rules on the day it was written."""

from __future__ import annotations

from datetime import date, timedelta

from microstep.core.goals import GoalPolicy, check_goal
from microstep.demo.personal import WEEKS, build_personal_demo
from microstep.services.goals import draft_of
from microstep.store import queries
from microstep.store.db import Database


def test_demo_history_is_valid_and_within_the_wip_limit(db: Database) -> None:
    today = date(2026, 11, 18)
    assert build_personal_demo(db, today=today) is not None
    with db.transaction() as session:
        person = queries.get_local_person(session=session)
        assert person is not None
        rows = queries.list_goals(session=session, person_id=person.id)
        skills = queries.list_skills(session=session, person_id=person.id)
        assert len(skills) == 8
        for row in rows:
            draft = draft_of(row)
            check = check_goal(draft, today=row.created_at.date(), policy=GoalPolicy())
            assert check.ok, (row.title, check.missing)
        statuses = [row.status for row in rows]
    assert 1 <= statuses.count("active") <= 5
    assert statuses.count("done") >= 20
    assert statuses.count("dropped") >= 1
    first = min(row.created_at.date() for row in rows)
    assert today - first >= timedelta(weeks=WEEKS - 1)


def test_demo_refuses_a_database_with_someone_in_it(db: Database) -> None:
    assert build_personal_demo(db) is not None
    assert build_personal_demo(db) is None
