"""The JSON API under /api: each route calls the same service function as the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from microstep.core.goals import GoalStatus
from microstep.services import goals, objectives, skills, today
from microstep.services.schemas import (
    DashboardPublic,
    GoalCheckPublic,
    GoalCreate,
    GoalOutcome,
    GoalPublic,
    GoalUpdate,
    ObjectiveCreate,
    ObjectivePublic,
    Schema,
    SkillCreate,
    SkillLevelUpdate,
    SkillPublic,
    TodayPublic,
)
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


class GoalDrop(Schema):
    """Why a goal is dropped (optional)."""

    reason: str | None = None


@router.get("/today", tags=["today"])
def get_today(ctx: CtxDep) -> TodayPublic:
    """Today's agenda: what needs attention now, most overdue first."""
    return today.today(ctx)


@router.get("/dashboard", tags=["today"])
def get_dashboard(ctx: CtxDep) -> DashboardPublic:
    """The objective, the skill map, goals by due date and recent wins."""
    return today.dashboard(ctx)


@router.get("/objectives", tags=["objectives"])
def list_objectives(ctx: CtxDep) -> list[ObjectivePublic]:
    """The person's objectives, active first."""
    return objectives.list_objectives(ctx)


@router.post("/objectives", status_code=201, tags=["objectives"])
def add_objective(ctx: CtxDep, objective_in: ObjectiveCreate) -> ObjectivePublic:
    """Add a long-term objective: a target role or capability with a horizon."""
    return objectives.add_objective(ctx, objective_in)


@router.get("/skills", tags=["skills"])
def list_skills(ctx: CtxDep) -> list[SkillPublic]:
    """The skill map, by name."""
    return skills.list_skills(ctx)


@router.post("/skills", status_code=201, tags=["skills"])
def add_skill(ctx: CtxDep, skill_in: SkillCreate) -> SkillPublic:
    """Put a skill on the map with its current and target level (0-5)."""
    return skills.add_skill(ctx, skill_in)


@router.patch("/skills/{skill_id}", tags=["skills"])
def set_skill_level(ctx: CtxDep, skill_id: IdPath, update: SkillLevelUpdate) -> SkillPublic:
    """Change a skill's current and/or target level, keeping the history."""
    return skills.set_skill_level(ctx, skill_id, update)


@router.post("/goals/check", tags=["goals"])
def check_goal(ctx: CtxDep, goal_in: GoalCreate) -> GoalCheckPublic:
    """Check a goal as typed without saving it: what is missing, and size warnings."""
    return goals.check_new_goal(ctx, goal_in)


@router.get("/goals", tags=["goals"])
def list_goals(
    ctx: CtxDep, status: Annotated[list[GoalStatus] | None, Query()] = None
) -> list[GoalPublic]:
    """The person's goals by due date; repeat ?status= to keep only some statuses."""
    return goals.list_goals(ctx, status or ())


@router.post("/goals", status_code=201, tags=["goals"])
def add_goal(ctx: CtxDep, goal_in: GoalCreate) -> GoalPublic:
    """Add a micro-goal; a vague one is refused with a sentence naming what is missing."""
    return goals.add_goal(ctx, goal_in)


@router.get("/goals/{goal_id}", tags=["goals"])
def get_goal(ctx: CtxDep, goal_id: IdPath) -> GoalPublic:
    """One micro-goal."""
    return goals.get_goal(ctx, goal_id)


@router.patch("/goals/{goal_id}", tags=["goals"])
def edit_goal(ctx: CtxDep, goal_id: IdPath, update: GoalUpdate) -> GoalPublic:
    """Change an open goal's fields; fields left out stay as they are."""
    return goals.edit_goal(ctx, goal_id, update)


@router.post("/goals/{goal_id}/start", tags=["goals"])
def start_goal(ctx: CtxDep, goal_id: IdPath) -> GoalPublic:
    """Make a planned goal active, within the limit of active goals."""
    return goals.start_goal(ctx, goal_id)


@router.post("/goals/{goal_id}/done", tags=["goals"])
def finish_goal(
    ctx: CtxDep, goal_id: IdPath, outcome: Annotated[GoalOutcome | None, Body()] = None
) -> GoalPublic:
    """Mark a goal done, optionally with the value reached and a note."""
    return goals.finish_goal(ctx, goal_id, outcome or GoalOutcome())


@router.post("/goals/{goal_id}/drop", tags=["goals"])
def drop_goal(
    ctx: CtxDep, goal_id: IdPath, drop: Annotated[GoalDrop | None, Body()] = None
) -> GoalPublic:
    """Drop a goal that stopped making sense, optionally saying why."""
    return goals.drop_goal(ctx, goal_id, drop.reason if drop else None)


@router.post("/goals/{goal_id}/reopen", tags=["goals"])
def reopen_goal(ctx: CtxDep, goal_id: IdPath) -> GoalPublic:
    """Put a done or dropped goal back to planned."""
    return goals.reopen_goal(ctx, goal_id)
