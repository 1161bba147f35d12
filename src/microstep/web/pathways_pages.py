"""Pathways to a target role, congestion and alternate routes (HR and managers).

The HTML pages. The same services as the JSON API.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from microstep.errors import MicrostepError
from microstep.services import analytics, pathways
from microstep.web import forms
from microstep.web.deps import CtxDep, analytics_only
from microstep.web.render import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(analytics_only)],
)
TargetQuery = Annotated[str, Query(max_length=200)]
TeamQuery = Annotated[str, Query(max_length=12)]


@router.get("/analytics/pathways")
def pathways_page(
    request: Request, ctx: CtxDep, target: TargetQuery = "", team_id: TeamQuery = ""
) -> Response:
    """Pick a target role and see how people got there: flow, sequences, drop-out."""
    team = forms.whole(team_id, field="team_id", label="team")
    targets = pathways.pathway_targets(ctx, team)  # refuses people who may not see analytics
    found, error = None, None
    if target.strip():
        try:
            found = pathways.pathways(ctx, target, team)
        except MicrostepError as exc:
            error = exc.message
    query: dict[str, int] = {"target": found.target_id} if found else {}
    if found and team:
        query["team_id"] = team
    context = {
        "section": "pathways",
        "teams": analytics.team_options(ctx),
        "team_id": team,
        "targets": targets,
        "found": found,
        "error": error,
        "target": target.strip(),
        "csv_url": f"/api/analytics/pathways.csv?{urlencode(query)}" if found else None,
    }
    return render(request, "analytics_pathways.html", context)


@router.get("/analytics/congestion")
def congestion_page(
    request: Request, ctx: CtxDep, target: TargetQuery = "", team_id: TeamQuery = ""
) -> Response:
    """Roles and opportunities ranked by congestion; pick a target to see alternate routes."""
    team = forms.whole(team_id, field="team_id", label="team")
    ranked = pathways.congestion(ctx, team)
    targets = pathways.pathway_targets(ctx, team)
    found, error = None, None
    if target.strip():
        try:
            found = pathways.routes(ctx, target, team)
        except MicrostepError as exc:
            error = exc.message
    context = {
        "section": "congestion",
        "teams": analytics.team_options(ctx),
        "team_id": team,
        "ranked": ranked,
        "targets": targets,
        "found": found,
        "error": error,
        "target": target.strip(),
    }
    return render(request, "analytics_congestion.html", context)
