"""HTML pages for micro-skills: practice overview, quick-log, timer, learning curve and plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from microstep.core.practice import MAX_MINUTES, MicroSkillState
from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import practice, skills
from microstep.services.context import Context
from microstep.services.schemas import MicroSkillPublic, PracticeResult
from microstep.web import forms
from microstep.web.charts import curve_chart, heatmap_chart
from microstep.web.deps import CtxDep, IdPath
from microstep.web.render import back_to, flash, redirect, render
from microstep.web.words import due_phrase

router = APIRouter(include_in_schema=False)

FormErrors = (InvalidInput, Conflict)
TIMER_PRESETS = (5, 10)
Seconds = Annotated[int | None, Query(ge=1, le=MAX_MINUTES * 60)]


@router.get("/practice")
def practice_page(request: Request, ctx: CtxDep, skill_id: str = "") -> Response:
    """Consistency, the heatmap, micro-skills per skill with quick-log, and the add form."""
    return _practice(request, ctx, forms.MicroSkillForm(skill_id=skill_id))


@router.post("/practice")
def add_microskill(
    request: Request, ctx: CtxDep, form: Annotated[forms.MicroSkillForm, Form()]
) -> Response:
    """Add a micro-skill; a broken rule shows the form again with the message inline."""
    try:
        item = practice.add_microskill(ctx, forms.microskill_create(form))
    except FormErrors as exc:
        return _practice(request, ctx, form, error=exc)
    flash(request, _added(item, ctx.today))
    return redirect("/practice")


def practice_card(ctx: Context) -> dict[str, Any]:
    """What the practice card shows, on the dashboard and on /practice: micro-skills, rhythm."""
    week = practice.consistency(ctx)
    return {
        "items": practice.list_microskills(ctx),
        "consistency": week,
        "heatmap": heatmap_chart(week.heatmap, today=ctx.today),
        "today": ctx.today,
    }


@router.get("/practice/{microskill_id}/timer")
def timer_page(
    request: Request, ctx: CtxDep, microskill_id: IdPath, seconds: Seconds = None
) -> Response:
    """A countdown with presets; when it ends, the log form filled with the minutes practised."""
    item = practice.get_microskill(ctx, microskill_id)
    presets = sorted({*TIMER_PRESETS, item.minutes})
    context = {"item": item, "presets": presets, "seconds": seconds or item.minutes * 60}
    return render(request, "practice_timer.html", context | {"override": seconds is not None})


@router.post("/microskills/{microskill_id}/practice")
def log_practice(
    request: Request,
    ctx: CtxDep,
    microskill_id: IdPath,
    form: Annotated[forms.PracticeForm, Form()],
) -> Response:
    """Log a session; the next due day, or mastery and what stacks next, comes back as a flash."""
    entry = forms.practice_create(form, today=ctx.today)
    result = practice.log_practice(ctx, microskill_id, entry)
    flash(request, _logged(result, ctx.today))
    return redirect(forms.local_path(form.next) or back_to(request, "/practice"))


@router.post("/microskills/{microskill_id}/start")
def start_microskill(request: Request, ctx: CtxDep, microskill_id: IdPath) -> Response:
    """Start a queued micro-skill (the limit of active ones comes back as a flash)."""
    item = practice.start_microskill(ctx, microskill_id)
    flash(request, _added(item, ctx.today))
    return redirect(back_to(request, "/practice"))


@router.post("/microskills/{microskill_id}/pause")
def pause_microskill(request: Request, ctx: CtxDep, microskill_id: IdPath) -> Response:
    """Put an active micro-skill back in its queue."""
    item = practice.pause_microskill(ctx, microskill_id)
    flash(request, f"Paused: {item.definition.rstrip('.')}. Start it again when you have room.")
    return redirect(back_to(request, "/practice"))


@router.get("/microskills/{microskill_id}")
def microskill_page(request: Request, ctx: CtxDep, microskill_id: IdPath) -> Response:
    """The learning curve with its trend and threshold, the plateau check and the journal."""
    curve = practice.learning_curve(ctx, microskill_id)
    context = {"curve": curve, "item": curve.microskill, "chart": curve_chart(curve)}
    return render(request, "microskill.html", context | {"today": ctx.today})


@router.get("/skills/{skill_id}/plan")
def plan_page(request: Request, ctx: CtxDep, skill_id: IdPath) -> Response:
    """The four-week plan of a skill as cards, with a Markdown download."""
    return render(request, "practice_plan.html", {"plan": practice.skill_plan(ctx, skill_id)})


def _practice(
    request: Request, ctx: Context, form: forms.MicroSkillForm, error: MicrostepError | None = None
) -> Response:
    context = practice_card(ctx) | {
        "skills": skills.list_skills(ctx),
        "max_active": ctx.practice.max_active,
        "form": form,
        "error": error,
    }
    return render(request, "practice.html", context, status=200 if error is None else error.status)


def _added(item: MicroSkillPublic, today: date) -> str:
    name = item.definition.rstrip(".")
    if item.state is MicroSkillState.ACTIVE and item.due is not None:
        return f"Active: {name}. Practise {item.minutes} min, {due_phrase(item.due, today)}."
    if item.position == 1:  # first of its skill, yet queued: the active limit held it back
        return (
            f"Queued: {name}. You are at your limit of active micro-skills: "
            "start it when one is mastered or paused."
        )
    return f"Queued: {name}. It becomes active when the one before it is mastered."


def _logged(result: PracticeResult, today: date) -> str:
    if result.mastered and result.stacked is not None:
        return f"Mastered! Next in the stack: {result.stacked.definition.rstrip('.')}."
    if result.mastered:
        skill = result.microskill.skill_name
        return f"Mastered! Nothing is queued for {skill}: add its next micro-skill below."
    name, minutes = result.microskill.definition.rstrip("."), result.session.minutes
    when = due_phrase(result.next_due, today) if result.next_due else "not scheduled yet"
    return f"Logged {minutes} min on {name}; next session {when}."
