"""Succession: critical roles, candidates by readiness, bench strength.

The HTML page /analytics/succession (roles with no successor first, the bench-strength chart,
each role's candidates by readiness) and HR's forms to mark and unmark critical roles. The same
services as the JSON API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import succession
from microstep.services.succession_schemas import CriticalRoleCreate
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, analytics_only
from microstep.web.render import act_and_redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(analytics_only)],
)
FormErrors = (InvalidInput, Conflict, Forbidden, NotFound)
PAGE = "/analytics/succession"


class CriticalForm(forms.Form):
    """HR's mark-a-role form."""

    role: str = ""
    note: str = ""


@router.get("/analytics/succession")
def succession_page(
    request: Request, ctx: CtxDep, team_id: Annotated[str, Query(max_length=12)] = ""
) -> Response:
    """Who could succeed whom: roles with no successor, bench strength, candidates by readiness."""
    result = succession.succession(ctx, forms.whole(team_id, field="team_id", label="team"))
    titles = succession.role_titles(ctx) if result.is_hr else []
    context = {"section": "succession", "s": result, "titles": titles}
    return render(request, "analytics_succession.html", context)


@router.post("/analytics/succession/critical-roles")
def mark_critical(request: Request, ctx: CtxDep, form: Annotated[CriticalForm, Form()]) -> Response:
    """HR: mark a role critical."""

    def act() -> str:
        role_in = forms.build(CriticalRoleCreate, role=form.role, note=forms.blank(form.note))
        done = succession.mark_critical(ctx, role_in)
        return f"{done.title} is now a critical role."

    return act_and_redirect(request, act, PAGE, FormErrors)


@router.post("/analytics/succession/critical-roles/{critical_id}/delete")
def unmark_critical(request: Request, ctx: CtxDep, critical_id: IdPath) -> Response:
    """HR: unmark a critical role."""

    def act() -> str:
        done = succession.unmark_critical(ctx, critical_id)
        return f"{done.title} is no longer a critical role."

    return act_and_redirect(request, act, PAGE, FormErrors)
