"""Micro-goal use cases on real storage: add, refuse, edit, the WIP limit and status moves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microstep.core.goals import GoalStatus
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import goals, skills
from microstep.services.context import Context
from microstep.services.schemas import GoalCreate, GoalOutcome, GoalUpdate, SkillCreate
from tests.conftest import TODAY


def a_goal(ctx: Context, **changes: object) -> GoalCreate:
    """A valid goal linked to Ana's objective, with some fields changed."""
    objective_id = 1
    fields: dict[str, object] = {
        "title": "Write 3 window-function queries",
        "metric": "queries",
        "target_value": 3,
        "due": TODAY + timedelta(days=5),
        "objective_id": objective_id,
    }
    fields.update(changes)
    return GoalCreate(**fields)  # type: ignore[arg-type]


def test_vague_goal_is_refused_and_nothing_is_written(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="not a micro-goal yet"):
        goals.add_goal(ctx, GoalCreate(title="get better at Excel"))
    assert goals.list_goals(ctx) == []


def test_good_goal_is_stored_planned_by_default(ctx: Context) -> None:
    added = goals.add_goal(ctx, a_goal(ctx))
    assert added.status is GoalStatus.PLANNED
    assert added.started_at is None
    assert [g.id for g in goals.list_goals(ctx)] == [added.id]


def test_goal_linked_to_someone_elses_or_missing_skill_is_refused(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="no skill #99"):
        goals.add_goal(ctx, a_goal(ctx, objective_id=None, skill_id=99))
    assert goals.list_goals(ctx) == []


def test_goal_can_link_to_a_skill(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL", current_level=2, target_level=4))
    added = goals.add_goal(ctx, a_goal(ctx, objective_id=None, skill_id=skill.id))
    assert added.skill_id == skill.id


def test_sixth_active_goal_is_refused_with_the_reason(ctx: Context) -> None:
    for n in range(5):
        goals.add_goal(ctx, a_goal(ctx, title=f"Goal {n}", start=True))
    with pytest.raises(Conflict, match="5 active micro-goals"):
        goals.add_goal(ctx, a_goal(ctx, title="One too many", start=True))
    planned = goals.add_goal(ctx, a_goal(ctx, title="Later"))
    with pytest.raises(Conflict, match="limit is 5"):
        goals.start_goal(ctx, planned.id)
    assert len(goals.list_goals(ctx, [GoalStatus.ACTIVE])) == 5


def test_finishing_frees_a_slot_under_the_wip_limit(ctx: Context) -> None:
    started = [goals.add_goal(ctx, a_goal(ctx, title=f"G{n}", start=True)) for n in range(5)]
    goals.finish_goal(ctx, started[0].id, GoalOutcome(outcome_value=3))
    later = goals.add_goal(ctx, a_goal(ctx, title="Next"))
    assert goals.start_goal(ctx, later.id).status is GoalStatus.ACTIVE


def test_done_records_outcome_and_cannot_be_done_twice(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx, start=True))
    done = goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=4, outcome_note="went well"))
    assert done.status is GoalStatus.DONE
    assert done.outcome_value == 4
    assert done.finished_at
    with pytest.raises(Conflict, match="already done"):
        goals.finish_goal(ctx, goal.id, GoalOutcome())


def test_drop_and_reopen(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx))
    dropped = goals.drop_goal(ctx, goal.id, "priorities moved")
    assert dropped.status is GoalStatus.DROPPED
    assert dropped.outcome_note == "priorities moved"
    assert goals.reopen_goal(ctx, goal.id).status is GoalStatus.PLANNED


def test_edit_keeps_unchanged_fields_and_revalidates(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx))
    edited = goals.edit_goal(ctx, goal.id, GoalUpdate(title="Write 4 window-function queries"))
    assert edited.title.startswith("Write 4")
    assert edited.metric == "queries"
    with pytest.raises(InvalidInput, match="within 14 days"):
        goals.edit_goal(ctx, goal.id, GoalUpdate(due=TODAY + timedelta(days=40)))
    assert goals.get_goal(ctx, goal.id).due == TODAY + timedelta(days=5)


def test_edit_can_clear_the_metric_only_with_a_test_instead(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx))
    with pytest.raises(InvalidInput, match="metric with a target"):
        goals.edit_goal(ctx, goal.id, GoalUpdate(metric=None, target_value=None))
    swapped = goals.edit_goal(
        ctx, goal.id, GoalUpdate(metric=None, target_value=None, done_when="Sam reviews them")
    )
    assert swapped.metric is None
    assert swapped.done_when == "Sam reviews them"


def test_finished_goal_cannot_be_edited(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx))
    goals.finish_goal(ctx, goal.id, GoalOutcome())
    with pytest.raises(Conflict, match="reopen"):
        goals.edit_goal(ctx, goal.id, GoalUpdate(title="New"))


def test_unknown_goal_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound):
        goals.start_goal(ctx, 12345)


def test_check_never_writes(ctx: Context) -> None:
    check = goals.check_new_goal(ctx, GoalCreate(title="get better at Excel"))
    assert not check.ok
    assert check.message
    assert "metric" in check.message
    assert goals.check_new_goal(ctx, a_goal(ctx, effort_hours=20)).warnings
    assert goals.list_goals(ctx) == []


def test_reopen_clears_the_old_outcome(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx))
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=2, outcome_note="half"))
    reopened = goals.reopen_goal(ctx, goal.id)
    assert (reopened.outcome_value, reopened.outcome_note, reopened.finished_at) == (None,) * 3


def test_clearing_the_kind_is_refused(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx, kind="visibility"))
    with pytest.raises(InvalidInput, match="kind cannot be empty"):
        goals.edit_goal(ctx, goal.id, GoalUpdate(kind=None))
    assert goals.get_goal(ctx, goal.id).kind == "visibility"


def test_exact_numbers_survive(ctx: Context) -> None:
    goal = goals.add_goal(ctx, a_goal(ctx, target_value=1234567))
    assert goals.get_goal(ctx, goal.id).target_value == 1234567
