"""The skill map, objectives, today's agenda and the dashboard on real storage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from microstep.errors import Conflict, InvalidInput, NotInitialised
from microstep.services import goals, objectives, people, skills, today
from microstep.services.context import Context
from microstep.services.schemas import (
    GoalCreate,
    GoalOutcome,
    ObjectiveCreate,
    SkillCreate,
    SkillLevelUpdate,
)
from microstep.settings import Settings
from microstep.store.db import Database
from tests.conftest import TODAY


def test_context_before_init_says_what_to_do(db: Database, settings: Settings) -> None:
    with pytest.raises(NotInitialised, match="microstep init"):
        people.personal_context(db, settings=settings)


def test_init_twice_renames_without_a_second_person(db: Database, settings: Settings) -> None:
    from microstep.services.schemas import PersonSetup

    first = people.init_person(db, PersonSetup(name="Ana"), settings=settings)
    again = people.init_person(db, PersonSetup(name="Ana Lopez"), settings=settings)
    assert first.id == again.id
    assert again.name == "Ana Lopez"


def test_skill_levels_are_checked_and_history_kept(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL", current_level=2, target_level=4))
    with pytest.raises(InvalidInput, match="0 to 5"):
        skills.set_skill_level(ctx, skill.id, SkillLevelUpdate(current_level=6))
    with pytest.raises(InvalidInput, match="below the current"):
        skills.add_skill(ctx, SkillCreate(name="Python", current_level=4, target_level=2))
    raised = skills.set_skill_level(ctx, skill.id, SkillLevelUpdate(current_level=3, note="ok"))
    assert (raised.current_level, raised.gap) == (3, 1)


def test_duplicate_skill_names_clash_whatever_the_case(ctx: Context) -> None:
    skills.add_skill(ctx, SkillCreate(name="Data Visualisation"))
    with pytest.raises(Conflict, match="already on your skill map"):
        skills.add_skill(ctx, SkillCreate(name="data   visualisation"))


def test_find_skill_by_id_name_or_unique_part(ctx: Context) -> None:
    sql = skills.add_skill(ctx, SkillCreate(name="SQL window functions"))
    skills.add_skill(ctx, SkillCreate(name="Python (pandas)"))
    skills.add_skill(ctx, SkillCreate(name="Public speaking"))
    assert skills.find_skill(ctx, str(sql.id)).id == sql.id
    assert skills.find_skill(ctx, "sql").id == sql.id
    with pytest.raises(InvalidInput, match="could be"):
        skills.find_skill(ctx, "p")


def test_objective_horizon_must_lie_ahead(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="not in the future"):
        objectives.add_objective(ctx, ObjectiveCreate(title="Lead", horizon=TODAY))
    assert len(objectives.list_objectives(ctx)) == 1


def test_today_lists_overdue_first_and_planned_only_when_due_soon(ctx: Context) -> None:
    def add(title: str, days: int, start: bool) -> None:
        goals.add_goal(
            ctx,
            GoalCreate(
                title=title,
                metric="n",
                target_value=1,
                objective_id=1,
                due=TODAY + timedelta(days=days),
                start=start,
            ),
        )

    add("soon", 2, True)
    add("far planned", 10, False)
    add("near planned", 1, False)
    goal = goals.add_goal(
        ctx,
        GoalCreate(title="late", metric="n", target_value=1, objective_id=1, due=TODAY, start=True),
    )
    later = Context(db=ctx.db, person_id=ctx.person_id, today=TODAY + timedelta(days=1))
    agenda = today.today(later)
    assert [i.title for i in agenda.items] == ["late", "near planned", "soon"]
    assert agenda.items[0].reason == "overdue by 1 day"
    goals.finish_goal(ctx, goal.id, GoalOutcome())
    assert [i.title for i in today.today(later).items] == ["near planned", "soon"]


@time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=UTC), tick=False)  # a Sunday
def test_dashboard_orders_skills_by_gap_and_counts_wins(ctx: Context) -> None:
    skills.add_skill(ctx, SkillCreate(name="Small gap", current_level=3, target_level=4))
    skills.add_skill(ctx, SkillCreate(name="Big gap", current_level=0, target_level=5))
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="g",
            metric="n",
            target_value=1,
            objective_id=1,
            due=TODAY + timedelta(days=2),
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=1))
    board = today.dashboard(Context(db=ctx.db, person_id=ctx.person_id, today=date.today()))
    assert [s.name for s in board.skills] == ["Big gap", "Small gap"]
    assert board.objective is not None
    assert board.objective.title == "Senior data analyst"
    assert board.weekly_done[-1] == 1
    assert board.done_last_12_weeks == 1
    assert board.skill_progress == pytest.approx(3 / 9)


def test_names_that_grow_when_case_folded_fit_on_both_engines(ctx: Context) -> None:
    name = "ß" * 200  # casefolds to 400 characters
    skills.add_skill(ctx, SkillCreate(name=name))
    with pytest.raises(Conflict):
        skills.add_skill(ctx, SkillCreate(name="\u1e9e" * 200))  # capital sharp s
