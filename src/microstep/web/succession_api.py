"""Succession: critical roles, candidates by readiness, bench strength.

The JSON API. The same services as the pages and the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from microstep.services import succession
from microstep.services.succession_schemas import (
    CriticalRoleCreate,
    CriticalRolePublic,
    SuccessionPublic,
)
from microstep.web.deps import CtxDep, IdPath, TeamIdQuery, analytics_only
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["analytics"],
    dependencies=[Depends(analytics_only)],
)
Limit = Annotated[
    int,
    Query(ge=1, le=succession.MAX_SHOWN, description="Candidates listed per role, best first."),
]


@router.get("/analytics/succession")
def get_succession(
    ctx: CtxDep, team_id: TeamIdQuery = None, limit: Limit = succession.SHOWN
) -> SuccessionPublic:
    """HR and managers: each critical role's candidates by readiness with reasons, bench
    strength, and the roles with no successor first (managers: their teams' people)."""
    return succession.succession(ctx, team_id, limit)


@router.get("/critical-roles")
def list_critical_roles(ctx: CtxDep) -> list[CriticalRolePublic]:
    """HR and managers: the roles marked critical."""
    return succession.list_critical_roles(ctx)


@router.post("/critical-roles", status_code=201)
def mark_critical(ctx: CtxDep, data: CriticalRoleCreate) -> CriticalRolePublic:
    """HR: mark a role critical, by its title (`role`) or its id (`role_id`), with a note."""
    return succession.mark_critical(ctx, data)


@router.delete("/critical-roles/{critical_id}")
def unmark_critical(ctx: CtxDep, critical_id: IdPath) -> CriticalRolePublic:
    """HR: unmark a critical role (the id the list gives); returns what was removed."""
    return succession.unmark_critical(ctx, critical_id)
