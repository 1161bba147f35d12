"""HTML pages for one micro-goal: the new and edit forms, inline checking, status buttons."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import goals, objectives, skills
from microstep.services.context import Context
from microstep.services.schemas import GoalCheckPublic, GoalOutcome, GoalPublic
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath
from microstep.web.render import back_to, flash, redirect, render

router = APIRouter(prefix="/goals", include_in_schema=False)

GoalFormDep = Annotated[forms.GoalForm, Form()]
FormErrors = (InvalidInput, Conflict)


@router.get("/new")
def new_goal_page(request: Request, ctx: CtxDep) -> Response:
    """The new-goal form, linked to the active objective and set to start now."""
    active = [o for o in objectives.list_objectives(ctx) if o.status == "active"]
    form = forms.GoalForm(objective_id=str(active[0].id) if active else "", start=True)
    return _form(request, ctx, form)


@router.post("/new")
def add_goal(request: Request, ctx: CtxDep, form: GoalFormDep) -> Response:
    """Add the goal; a vague one comes back with the message and the values kept."""
    try:
        goal = goals.add_goal(ctx, forms.goal_create(form, today=ctx.today))
    except FormErrors as exc:
        return _form(request, ctx, form, error=exc)
    _saved(request, "Goal added.", goal)
    return redirect("/")


@router.post("/check")
def check_goal(request: Request, ctx: CtxDep, form: GoalFormDep) -> Response:
    """Inline validation: the sentence of what is missing, or size warnings, as a fragment."""
    try:
        check = goals.check_new_goal(ctx, forms.goal_create(form, today=ctx.today))
    except InvalidInput as exc:
        check = GoalCheckPublic(ok=False, message=exc.message, missing=[exc.message], warnings=[])
    return render(request, "_goal_check.html", {"check": check, "error": None})


@router.get("/{goal_id}/edit")
def edit_goal_page(request: Request, ctx: CtxDep, goal_id: IdPath) -> Response:
    """The edit form of an open goal, filled in."""
    goal = goals.get_goal(ctx, goal_id)
    return _form(request, ctx, forms.goal_form(goal), goal=goal)


@router.post("/{goal_id}/edit")
def edit_goal(request: Request, ctx: CtxDep, goal_id: IdPath, form: GoalFormDep) -> Response:
    """Save the edited goal; a broken rule comes back with the message and the values kept."""
    goal = goals.get_goal(ctx, goal_id)
    try:
        goal = goals.edit_goal(ctx, goal_id, forms.goal_update(form, today=ctx.today))
    except FormErrors as exc:
        return _form(request, ctx, form, goal=goal, error=exc)
    _saved(request, "Goal saved.", goal)
    return redirect("/")


@router.post("/{goal_id}/start")
def start_goal(request: Request, ctx: CtxDep, goal_id: IdPath) -> Response:
    """Make a planned goal active (the limit of active goals comes back as a flash)."""
    goal = goals.start_goal(ctx, goal_id)
    return _moved(request, f"Started: {goal.title}.")


@router.post("/{goal_id}/done")
def finish_goal(
    request: Request, ctx: CtxDep, goal_id: IdPath, form: Annotated[forms.OutcomeForm, Form()]
) -> Response:
    """Mark a goal done, with the value reached if given."""
    value = forms.number(form.outcome_value, field="outcome_value", label="value reached")
    outcome = GoalOutcome(outcome_value=value, outcome_note=forms.blank(form.outcome_note))
    goal = goals.finish_goal(ctx, goal_id, outcome)
    return _moved(request, f"Done: {goal.title}. Nice work.")


@router.post("/{goal_id}/drop")
def drop_goal(
    request: Request, ctx: CtxDep, goal_id: IdPath, form: Annotated[forms.OutcomeForm, Form()]
) -> Response:
    """Drop a goal, with the reason if given."""
    goal = goals.drop_goal(ctx, goal_id, forms.blank(form.reason))
    return _moved(request, f"Dropped: {goal.title}.")


@router.post("/{goal_id}/reopen")
def reopen_goal(request: Request, ctx: CtxDep, goal_id: IdPath) -> Response:
    """Put a done or dropped goal back to planned."""
    goal = goals.reopen_goal(ctx, goal_id)
    return _moved(request, f"Reopened: {goal.title} (planned again).")


def _moved(request: Request, message: str) -> Response:
    flash(request, message)
    return redirect(back_to(request))


def _saved(request: Request, message: str, goal: GoalPublic) -> None:
    flash(request, message)
    for warning in goal.warnings:
        flash(request, warning, "warn")


def _form(
    request: Request,
    ctx: Context,
    form: forms.GoalForm,
    *,
    goal: GoalPublic | None = None,
    error: MicrostepError | None = None,
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "goal": goal,
        "error": error,
        "objectives": objectives.list_objectives(ctx),
        "skills": skills.list_skills(ctx),
        "today": ctx.today,
        "horizon_days": ctx.policy.horizon_days,
    }
    return render(request, "goal_form.html", context, status=200 if error is None else error.status)
