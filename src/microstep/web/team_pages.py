"""Team mode's manager view pages: a team's shared skills, growth and follow-through."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from microstep.services import team
from microstep.services.schemas import MAX_ID
from microstep.services.team_schemas import TeamViewPublic
from microstep.web.deps import CtxDep, ViewerDep, team_feature
from microstep.web.render import redirect, render
from microstep.web.team_charts import growth_chart

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(team_feature("The team view exists in team mode only."))],
)
TeamQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="The team to show.")]


@router.get("/team")
def team_page(
    request: Request, ctx: CtxDep, viewer: ViewerDep, team_id: TeamQuery = None
) -> Response:
    """The team you manage (pick one when you manage several); mentors go to their mentees."""
    if team_id is None and viewer is not None and viewer.is_mentor and not viewer.is_manager:
        return redirect("/team/mentees")
    return _page(request, team.team_view(ctx, team_id), mentor=bool(viewer and viewer.is_mentor))


@router.get("/team/mentees")
def mentees_page(request: Request, ctx: CtxDep) -> Response:
    """The people who invited you as their mentor, from what they share with you."""
    return _page(request, team.mentee_view(ctx), mentor=True)


def _page(request: Request, view: TeamViewPublic, *, mentor: bool) -> Response:
    context = {"view": view, "chart": growth_chart(view.growth), "mentor": mentor}
    return render(request, "team.html", context)
