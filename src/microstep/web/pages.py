"""HTML pages: the dashboard, goal lists, the skill map, objectives and first-run setup."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from microstep.core.goals import GoalStatus
from microstep.errors import Conflict, InvalidInput, MicrostepError, NotFound
from microstep.services import gap, goals, objectives, people, skills, today
from microstep.services.context import Context
from microstep.services.schemas import GoalPublic
from microstep.web import forms
from microstep.web.charts import skill_chart, week_chart
from microstep.web.deps import CtxDep, DbDep, IdPath, SettingsDep
from microstep.web.practice_pages import practice_card
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)

FormErrors = (InvalidInput, Conflict)


class SkillLinkForm(forms.SkillForm):
    """The add-skill form with its ESCO picker: the URI picked and the words in the picker."""

    esco_uri: str = ""
    esco_uri_text: str = ""


@router.get("/")
def dashboard_page(request: Request, ctx: CtxDep) -> Response:
    """The dashboard: objective, practice due, skill chart, active goals, rhythm, recent wins."""
    board = today.dashboard(ctx)
    context = practice_card(ctx) | {
        "board": board,
        "skill_chart": skill_chart(board.skills),
        "week_chart": week_chart(board.weekly_done, today=ctx.today),
    }
    return render(request, "dashboard.html", context)


@router.get("/goals")
def goals_page(request: Request, ctx: CtxDep) -> Response:
    """Every goal, grouped by status."""
    groups: dict[GoalStatus, list[GoalPublic]] = {status: [] for status in GoalStatus}
    for goal in goals.list_goals(ctx):
        groups[goal.status].append(goal)
    return render(request, "goals.html", {"groups": groups, "today": ctx.today})


@router.get("/skills")
def skills_page(request: Request, ctx: CtxDep) -> Response:
    """The skill map as a chart, a form to add a skill and forms to set levels."""
    return _skills(request, ctx, SkillLinkForm())


@router.post("/skills")
def add_skill(request: Request, ctx: CtxDep, form: Annotated[SkillLinkForm, Form()]) -> Response:
    """Add a skill from the form; a broken rule shows the form again with the message."""
    try:
        skill_in = forms.skill_create(form)
        skill_in.esco_uri = forms.blank(form.esco_uri)
        skill = skills.add_skill(ctx, skill_in)
    except (*FormErrors, NotFound) as exc:  # NotFound: an ESCO URI that does not exist
        return _skills(request, ctx, form, error=exc)
    if skill.esco_label:
        flash(request, f"'{skill.name}' is on your skill map, linked to ESCO: {skill.esco_label}.")
    elif forms.blank(form.esco_uri_text):
        flash(
            request, f"'{skill.name}' is on your skill map, not linked: no suggestion was picked."
        )
    else:
        flash(request, f"'{skill.name}' is on your skill map.")
    return redirect("/skills")


@router.post("/skills/{skill_id}/levels")
def set_levels(
    request: Request, ctx: CtxDep, skill_id: IdPath, form: Annotated[forms.LevelForm, Form()]
) -> Response:
    """Set a skill's levels; errors come back as a flash message."""
    skill = skills.set_skill_level(ctx, skill_id, forms.level_update(form))
    flash(request, f"'{skill.name}' is now at level {skill.current_level} of {skill.target_level}.")
    return redirect("/skills")


def _skills(
    request: Request, ctx: Context, form: SkillLinkForm, error: MicrostepError | None = None
) -> Response:
    items = today.dashboard(ctx).skills
    context = {
        "skills": items,
        "chart": skill_chart(items),
        "objectives": objectives.list_objectives(ctx),
        "form": form,
        "error": error,
    }
    return render(request, "skills.html", context, status=_status(error))


@router.get("/objectives")
def objectives_page(request: Request, ctx: CtxDep) -> Response:
    """The person's objectives and a form to add one."""
    return _objectives(request, ctx, forms.ObjectiveForm())


@router.post("/objectives")
def add_objective(
    request: Request, ctx: CtxDep, form: Annotated[forms.ObjectiveForm, Form()]
) -> Response:
    """Add an objective from the form; a broken rule shows the form again with the message."""
    try:
        objective = objectives.add_objective(ctx, forms.objective_create(form, today=ctx.today))
    except FormErrors as exc:
        return _objectives(request, ctx, form, error=exc)
    flash(request, f"Objective added: {objective.title}.")
    return redirect("/objectives")


def _objectives(
    request: Request, ctx: Context, form: forms.ObjectiveForm, error: MicrostepError | None = None
) -> Response:
    context = {
        "objectives": objectives.list_objectives(ctx),
        "roles": {choice.id: choice for choice in gap.role_choices(ctx)},
        "form": form,
        "error": error,
    }
    context["today"] = ctx.today
    return render(request, "objectives.html", context, status=_status(error))


@router.get("/setup")
def setup_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    """First run: your name and your long-term objective (the dashboard once set up)."""
    if settings.team or people.is_set_up(db):
        return redirect("/")
    return render(request, "setup.html", {"form": forms.SetupForm(), "error": None})


@router.post("/setup")
def setup(
    request: Request, db: DbDep, settings: SettingsDep, form: Annotated[forms.SetupForm, Form()]
) -> Response:
    """Create the local person and their first objective (once: later, the dashboard)."""
    if settings.team:
        return redirect("/")  # team mode: accounts come from invites, not from this form
    if people.is_set_up(db):
        flash(request, "You are already set up: add objectives on the Objectives page.")
        return redirect("/")
    try:
        setup_in = forms.person_setup(form, today=date.today())
        person = people.init_person(db, setup_in, settings=settings)
    except FormErrors as exc:
        return render(request, "setup.html", {"form": form, "error": exc}, status=exc.status)
    flash(request, f"Welcome, {person.name}. Add a skill, then your first micro-goal.")
    return redirect("/")


def _status(error: MicrostepError | None) -> int:
    return 200 if error is None else error.status
