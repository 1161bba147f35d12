"""Mobility metrics and pilot cohorts (HR and managers).

The HTML pages: /analytics (the mobility overview), /analytics/cohorts (the list and HR's
create form) and /analytics/cohorts/{id} (the comparison). The same services as the JSON API.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from microstep.core.dates import parse_day
from microstep.core.text import plural
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound, invalid_input
from microstep.services import cohorts, mobility
from microstep.services.context import Context
from microstep.services.mobility_schemas import CohortCreate
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, analytics_only
from microstep.web.render import act_and_redirect, flash, redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(analytics_only)],
)
FormErrors = (InvalidInput, Conflict, Forbidden, NotFound)
COHORTS = "/analytics/cohorts"


class CohortForm(forms.Form):
    """HR's new-cohort form: members one per line (ids, emails or external ids)."""

    name: str = ""
    description: str = ""
    start_date: str = ""
    members: str = ""
    opportunity_id: str = ""


@router.get("/analytics")
def mobility_page(
    request: Request,
    ctx: CtxDep,
    team_id: Annotated[str, Query(max_length=12)] = "",
    target: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The mobility overview: headline figures, over time, by team, time to a target role."""
    result = mobility.mobility(ctx, forms.whole(team_id, field="team_id", label="team"), target)
    context = {
        "section": "mobility",
        "m": result,
        "rate_chart": mobility.year_rate_chart(result),
        "short_chart": mobility.year_short_chart(result),
        "team_chart": mobility.team_chart(result),
    }
    return render(request, "analytics.html", context)


@router.get("/analytics/cohorts")
def cohorts_page(request: Request, ctx: CtxDep) -> Response:
    """Pilot cohorts, and for HR the form to add one."""
    return _list(request, ctx, CohortForm(start_date=ctx.today.isoformat()))


def _list(
    request: Request, ctx: Context, form: CohortForm, error: InvalidInput | None = None
) -> Response:
    found = cohorts.list_cohorts(ctx)
    context = {
        "section": "cohorts",
        "cohorts": found,
        "is_hr": cohorts.can_manage(ctx),
        "form": form,
        "error": error,
        "today": ctx.today,
    }
    return render(request, "analytics_cohorts.html", context, status=422 if error else 200)


@router.post("/analytics/cohorts")
def create_cohort(request: Request, ctx: CtxDep, form: Annotated[CohortForm, Form()]) -> Response:
    """Add a cohort (HR); a refused form comes back filled in with the reason."""
    try:
        created = cohorts.create(ctx, _body(form, ctx))
    except FormErrors as exc:
        return _list(request, ctx, form, InvalidInput(exc.message, field=exc.field))
    flash(request, f"Added the cohort {created.name} ({plural(created.members, 'member')}).")
    return redirect(f"{COHORTS}/{created.id}")


@router.get("/analytics/cohorts/{cohort_id}")
def cohort_page(request: Request, ctx: CtxDep, cohort_id: IdPath) -> Response:
    """A cohort against colleagues matched on role and tenure: the forest plot and readout."""
    found = cohorts.show(ctx, cohort_id)
    context = {"section": "cohorts", "c": found, "forest": cohorts.forest(found)}
    return render(request, "analytics_cohort.html", context)


@router.post("/analytics/cohorts/{cohort_id}/delete")
def delete_cohort(request: Request, ctx: CtxDep, cohort_id: IdPath) -> Response:
    """Delete a cohort (HR)."""
    return act_and_redirect(request, lambda: cohorts.delete(ctx, cohort_id), COHORTS, FormErrors)


def _body(form: CohortForm, ctx: Context) -> CohortCreate:
    """The form as the service's schema; a value that cannot be read names its field."""
    try:
        return CohortCreate(
            name=form.name,
            description=form.description or None,
            start_date=parse_day(form.start_date, today=ctx.today, field="start_date", past=True),
            members=[m for m in re.split(r"[\n,;]+", form.members) if m.strip()],
            opportunity_id=forms.whole(
                form.opportunity_id, field="opportunity_id", label="opportunity"
            ),
        )
    except ValidationError as exc:
        raise invalid_input(exc.errors()) from None
