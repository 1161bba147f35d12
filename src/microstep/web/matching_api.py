"""Team mode's JSON API for matching: opportunities ranked for me, an opportunity's candidates,
and HR's global assignment. The same services as the /matching pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from microstep.services import matching
from microstep.services.matching_schemas import (
    AssignmentPublic,
    CandidatesPublic,
    OpportunityMatch,
)
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api/matching",
    responses=ERROR_RESPONSES,
    tags=["matching"],
    dependencies=[Depends(team_feature("Matching exists in team mode only."))],
)
Limit = Annotated[int, Query(ge=1, le=200, description="How many to return, best first.")]
TeamCap = Annotated[
    int | None,
    Query(ge=1, le=matching.MAX_TEAM_CAP, description="At most this many people from one team."),
]


@router.get("/for-me")
def ranked_for_me(ctx: CtxDep, limit: Limit = matching.RANKED) -> list[OpportunityMatch]:
    """Open opportunities ranked for you, with the reasons in plain words."""
    return matching.ranked_for_person(ctx, limit=limit)


@router.get("/opportunities/{opportunity_id}/candidates")
def candidates(
    ctx: CtxDep, opportunity_id: IdPath, limit: Limit = matching.CANDIDATES
) -> CandidatesPublic:
    """The best candidates for an opportunity (its poster, its team's manager or HR), scored on
    what each person shares with you."""
    return matching.candidates_for(ctx, opportunity_id, limit=limit)


@router.get("/assignment")
def assignment(ctx: CtxDep, team_cap: TeamCap = None) -> AssignmentPublic:
    """HR: who would go where among the open opportunities, maximising the total score within
    capacity and the team cap (a proposal: nothing is written)."""
    return matching.global_assignment(ctx, team_cap)
