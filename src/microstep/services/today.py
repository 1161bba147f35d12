"""Today's agenda and the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from microstep.core.goals import GoalStatus
from microstep.core.skills import SkillLevel, map_order, progress_share
from microstep.core.today import GoalDue, goal_agenda, merge, practice_agenda
from microstep.core.weeks import local_day, week_start, weekly_counts
from microstep.services import practice as practice_service
from microstep.services.context import Context
from microstep.services.goals import goal_public
from microstep.services.people import get_person
from microstep.services.schemas import (
    AgendaItemPublic,
    DashboardPublic,
    ObjectivePublic,
    TodayPublic,
)
from microstep.services.skills import skill_public
from microstep.store import queries

HISTORY_WEEKS = 12


def today(ctx: Context) -> TodayPublic:
    """What needs attention today: due practice and goals, most overdue first."""
    with ctx.db.transaction() as session:
        rows = queries.list_goals(
            session=session, person_id=ctx.person_id, statuses=["planned", "active"]
        )
        due = [GoalDue(r.id, r.title, r.due, GoalStatus(r.status)) for r in rows]
        practice = practice_service.due_practice(session, ctx)
    items = merge(goal_agenda(due, today=ctx.today), practice_agenda(practice, today=ctx.today))
    return TodayPublic(
        date=ctx.today,
        items=[AgendaItemPublic.model_validate(item) for item in items],
    )


def dashboard(ctx: Context) -> DashboardPublic:
    """The objective, the skill map (biggest gaps first), goals by due date, recent wins."""
    person = get_person(ctx)
    # A day early, so no time zone can push the oldest week's first win out of the read.
    first_monday = week_start(ctx.today) - timedelta(weeks=HISTORY_WEEKS - 1, days=1)
    since = datetime.combine(first_monday, time(), tzinfo=UTC)
    with ctx.db.transaction() as session:
        objectives = queries.list_objectives(session=session, person_id=ctx.person_id)
        skill_rows = queries.list_skills(session=session, person_id=ctx.person_id)
        open_rows = queries.list_goals(
            session=session, person_id=ctx.person_id, statuses=["planned", "active"]
        )
        done_rows = queries.list_finished_goals(
            session=session, person_id=ctx.person_id, status="done", since=since
        )
        active = [r for r in objectives if r.status == "active"]
        objective = ObjectivePublic.model_validate(active[0]) if active else None
        levels = [SkillLevel(r.id, r.name, r.current_level, r.target_level) for r in skill_rows]
        by_id = {r.id: r for r in skill_rows}
        skills = [skill_public(by_id[level.skill_id]) for level in map_order(levels)]
        open_goals = [goal_public(r) for r in open_rows]
        recent = [goal_public(r) for r in done_rows[:5]]
        done_days = [local_day(r.finished_at) for r in done_rows if r.finished_at is not None]
    weekly = weekly_counts(done_days, today=ctx.today, weeks=HISTORY_WEEKS)
    return DashboardPublic(
        person=person,
        objective=objective,
        skills=skills,
        skill_progress=progress_share(levels),
        active_goals=[g for g in open_goals if g.status is GoalStatus.ACTIVE],
        planned_goals=[g for g in open_goals if g.status is GoalStatus.PLANNED],
        recent_done=recent,
        max_active=ctx.policy.max_active,
        done_last_12_weeks=sum(weekly),
        weekly_done=weekly,
    )
