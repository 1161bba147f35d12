"""Team mode's JSON API for the manager view: a team's (or your mentees') shared progress."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from microstep.services import team
from microstep.services.team_schemas import TeamViewPublic
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["team"],
    dependencies=[Depends(team_feature("The team view exists in team mode only."))],
)


@router.get("/team")
def get_team_view(ctx: CtxDep) -> TeamViewPublic:
    """The first team you manage (by name), built only from what members share with you."""
    return team.team_view(ctx)


@router.get("/team/mentees")
def get_mentee_view(ctx: CtxDep) -> TeamViewPublic:
    """The people who invited you as their mentor, built only from what they share with you."""
    return team.mentee_view(ctx)


@router.get("/team/{team_id}")
def get_team_view_of(ctx: CtxDep, team_id: IdPath) -> TeamViewPublic:
    """A team you manage: 403 for another team, 404 for a team that does not exist."""
    return team.team_view(ctx, team_id)
