"""Pathways to a target role, congestion and alternate routes (HR and managers).

The JSON API. The same services as the pages and the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from microstep.services import pathways
from microstep.services.pathways_schemas import CongestionPublic, PathwaysPublic, RoutesPublic
from microstep.web.deps import CtxDep, TeamIdQuery, analytics_only
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["analytics"],
    dependencies=[Depends(analytics_only)],
)
Target = Annotated[
    str,
    Query(min_length=1, max_length=200, description="The target role: its id or its title."),
]


@router.get("/analytics/pathways")
def pathways_json(ctx: CtxDep, target: Target, team_id: TeamIdQuery = None) -> PathwaysPublic:
    """The step sequences that led into a target role: support, median time, conversion,
    drop-out, and the flow diagram's geometry."""
    return pathways.pathways(ctx, target, team_id)


@router.get(
    "/analytics/pathways.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per pattern step."}},
)
def pathways_csv(ctx: CtxDep, target: Target, team_id: TeamIdQuery = None) -> Response:
    """The same patterns as CSV, one row per pattern and step (its drop-out), named
    pathways-<target>.csv; a figure about fewer than 3 people is written <3."""
    name, text = pathways.pathways_export(ctx, target, team_id)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/analytics/congestion")
def congestion_json(ctx: CtxDep, team_id: TeamIdQuery = None) -> CongestionPublic:
    """Roles and open opportunities ranked by aspirants against capacity."""
    return pathways.congestion(ctx, team_id)


@router.get("/analytics/routes")
def routes_json(ctx: CtxDep, target: Target, team_id: TeamIdQuery = None) -> RoutesPublic:
    """Alternate routes to a target role around its crowded steps, with reasons."""
    return pathways.routes(ctx, target, team_id)
