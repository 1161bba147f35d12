"""Mobility metrics and pilot cohorts (HR and managers).

The JSON API. The same services as the pages and the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from microstep.services import cohorts, mobility
from microstep.services.mobility_schemas import (
    CohortCreate,
    CohortPublic,
    ComparisonPublic,
    MobilityPublic,
)
from microstep.web.deps import CtxDep, IdPath, TeamIdQuery, analytics_only
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["analytics"],
    dependencies=[Depends(analytics_only)],
)
Target = Annotated[
    str | None,
    Query(
        max_length=200,
        description="The target role (its id or title) for time to target; "
        "none: time to first promotion.",
    ),
]


@router.get("/analytics/mobility")
def get_mobility(ctx: CtxDep, team_id: TeamIdQuery = None, target: Target = None) -> MobilityPublic:
    """Moves per person-year, share of short moves, durations, success and time to target, by
    team and by year, over your slice (HR: the org; managers: their teams), with 95% intervals."""
    return mobility.mobility(ctx, team_id, target)


@router.get("/cohorts")
def list_cohorts(ctx: CtxDep) -> list[CohortPublic]:
    """Pilot cohorts (HR and managers)."""
    return cohorts.list_cohorts(ctx)


@router.post("/cohorts", status_code=201)
def create_cohort(ctx: CtxDep, body: CohortCreate) -> CohortPublic:
    """HR: add a pilot cohort from people's ids, emails or external ids, or an opportunity's
    approved participants."""
    return cohorts.create(ctx, body)


@router.get("/cohorts/{cohort_id}")
def get_cohort(ctx: CtxDep, cohort_id: IdPath) -> ComparisonPublic:
    """A cohort against colleagues matched on role and tenure, with each outcome's difference
    and 95% interval and a plain readout (managers: over their teams only)."""
    return cohorts.show(ctx, cohort_id)


@router.delete("/cohorts/{cohort_id}", status_code=204)
def delete_cohort(ctx: CtxDep, cohort_id: IdPath) -> Response:
    """HR: delete a pilot cohort."""
    cohorts.delete(ctx, cohort_id)
    return Response(status_code=204)
