"""Team mode's matching pages: /matching (ranked for me), an opportunity's candidates, and
HR's global assignment. The same services as /api/matching."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from microstep.errors import InvalidInput
from microstep.services import matching
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.render import render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(team_feature("Matching exists in team mode only."))],
)
SHOWN = 50


@router.get("/matching")
def ranked_page(request: Request, ctx: CtxDep) -> Response:
    """Every open opportunity ranked for you, with the reasons."""
    ranked = matching.ranked_for_person(ctx, limit=SHOWN)
    return render(request, "matching.html", {"ranked": ranked})


@router.get("/matching/opportunities/{opportunity_id}")
def candidates_page(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """An opportunity's best candidates, for its poster, its team's manager or HR."""
    found = matching.candidates_for(ctx, opportunity_id, limit=SHOWN)
    return render(request, "matching_candidates.html", {"found": found})


@router.get("/matching/assignment")
def assignment_page(
    request: Request,
    ctx: CtxDep,
    team_cap: Annotated[str, Query(max_length=10)] = "",
    run: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """HR: run the global assignment with a team cap and see who would go where."""
    reach = matching.assignment_reach(ctx)  # HR only: refuses anyone else
    result, error = None, None
    try:
        cap = forms.whole(team_cap, field="team_cap", label="team cap")
        if run:
            result = matching.global_assignment(ctx, cap)
    except InvalidInput as exc:
        error = exc.message
    context = {"result": result, "reach": reach, "team_cap": team_cap.strip(), "error": error}
    return render(request, "matching_assignment.html", context)
