"""The skill gap in the JSON API: the same service functions as `microstep gap`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from microstep.services import gap
from microstep.services.gap_schemas import (
    MAX_TOP,
    AdoptPublic,
    AdoptRequest,
    GapPublic,
    RolePublic,
    RoleRequest,
)
from microstep.services.schemas import MAX_ID
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["gap"])


@router.get("/gap")
def get_gap(
    ctx: CtxDep,
    objective_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Default: the active role objective with a role."),
    ] = None,
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="How many gaps to list.")] = 5,
) -> GapPublic:
    """The gap to the target role: each role skill's status, coverage, the top gaps.

    Skills on the map not linked to ESCO yet are linked first (their names stay)."""
    return gap.skill_gap(ctx, objective_id, top=top)


@router.post("/gap/adopt")
def adopt_gap(ctx: CtxDep, body: AdoptRequest) -> AdoptPublic:
    """Put a gap on the skill map, or add its suggested micro-skill or micro-goal; adopting it
    again creates nothing new (`created` is false)."""
    return gap.adopt_gap(ctx, body.uri, body.as_, objective_id=body.objective_id)


@router.post("/objectives/{objective_id}/role", tags=["objectives"])
def set_role(ctx: CtxDep, objective_id: IdPath, body: RoleRequest) -> RolePublic:
    """Aim a role objective at an ESCO occupation: a URI, or a job title linked to the best fit.

    The objective's title stays as typed."""
    return gap.set_target_role(ctx, objective_id, uri=body.uri, text=body.text)
