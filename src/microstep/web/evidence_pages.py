"""HTML pages of the evidence log: /evidence (signals, feedback), /actions and /experiments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import Field

from microstep.core.actions import CATEGORY_LABELS, MAX_PICKS
from microstep.core.dates import day_label
from microstep.core.evidence import ActionCategory, SignalKind
from microstep.core.experiments import DEFAULT_WEEKS, MAX_WEEKS
from microstep.core.goals import OPEN_STATUSES
from microstep.core.signals import EXAMPLE_QUESTION
from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import actions, experiments, feedback, goals, signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import (
    RATING_RULE,
    ActionTickCreate,
    ExperimentCreate,
    ExperimentStop,
    FeedbackAnswer,
    FeedbackCreate,
    SignalCreate,
)
from microstep.services.schemas import GoalPublic
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath
from microstep.web.evidence_charts import interval_chart, signal_week_chart
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)

FormErrors = (InvalidInput, Conflict)
PENDING = "evidence_form"  # a plain form's error and typed values, kept across the redirect
KEEP = 1000  # characters kept of each typed value: the session lives in a cookie
RECENT = 15
RATINGS = ("1", "2", "3", "4", "5")
KIND_LABELS = {
    SignalKind.INVITATION: "Invitation",
    SignalKind.FEEDBACK: "Feedback",
    SignalKind.ASSIGNMENT: "Assignment",
    SignalKind.PRAISE: "Praise",
    SignalKind.MEETING_INVITE: "Meeting invite",
    SignalKind.MENTION: "Stakeholder mention",
}


class SignalForm(forms.Form):
    """The one-line capture form."""

    kind: str = SignalKind.PRAISE.value
    note: str = ""
    source: str = ""
    occurred_on: str = ""


class AskForm(forms.Form):
    """The ask-for-feedback form."""

    question: str = ""
    asked_whom: str = ""
    about: str = ""
    goal_id: str = ""


class AnswerForm(forms.Form):
    """The answer form of one open request."""

    rating: str = ""
    answer: str = ""


class ExperimentForm(forms.Form):
    """The start-an-experiment form; `track` holds the ticked kinds."""

    tactic: str = ""
    hypothesis: str = ""
    track: list[str] = Field(default_factory=list)
    weeks: str = str(DEFAULT_WEEKS)
    starts_on: str = ""
    action_key: str = ""


class StopForm(forms.Form):
    """The stop form's optional conclusion."""

    conclusion: str = ""


# ---------------------------------------------------------------- /evidence


@router.get("/evidence")
def evidence_page(request: Request, ctx: CtxDep) -> Response:
    """Capture a signal in one line, the weekly chart, recent signals, and feedback requests."""
    return _evidence(request, ctx, **_pending(request))


@router.post("/evidence/signals")
def add_signal(request: Request, ctx: CtxDep, form: Annotated[SignalForm, Form()]) -> Response:
    """Log a signal; with HTMX the panel comes back (error inline), else the page reloads."""
    htmx = request.headers.get("hx-request") == "true"
    try:
        row = signals.add_signal(ctx, _signal_create(form, ctx.today))
    except FormErrors as exc:
        if htmx:  # HTMX swaps only 2xx answers: the inline error comes back as one
            return render(request, "_evidence_signals.html", _signals_panel(ctx, form, exc))
        return _back_with_error(request, "signal", form, exc, "/evidence#capture")
    message = f"Logged: {KIND_LABELS[row.kind].lower()} on {day_label(row.occurred_on)}."
    if htmx:
        panel = _signals_panel(ctx, SignalForm(kind=form.kind), None) | {"added": message}
        return render(request, "_evidence_signals.html", panel)
    flash(request, message)
    return redirect("/evidence")


@router.post("/evidence/signals/{signal_id}/delete")
def delete_signal(request: Request, ctx: CtxDep, signal_id: IdPath) -> Response:
    """Delete a signal logged by mistake."""
    row = signals.delete_signal(ctx, signal_id)
    flash(request, f"Deleted the {KIND_LABELS[row.kind].lower()} of {day_label(row.occurred_on)}.")
    return redirect("/evidence")


@router.post("/evidence/feedback")
def ask_feedback(request: Request, ctx: CtxDep, form: Annotated[AskForm, Form()]) -> Response:
    """Record a question to ask; a generic one shows the form again with the reason inline."""
    try:
        goal_id = forms.whole(form.goal_id, field="goal_id", label="goal")
        request_in = forms.build(
            FeedbackCreate,
            question=form.question,
            asked_whom=form.asked_whom,
            about=form.about,
            goal_id=goal_id,
        )
        row = feedback.ask_feedback(ctx, request_in)
    except FormErrors as exc:
        return _back_with_error(request, "ask", form, exc, "/evidence#ask")
    flash(request, f"Saved. Ask {row.asked_whom}: “{row.question}”")
    return redirect("/evidence#feedback")


@router.post("/evidence/feedback/{request_id}/answer")
def answer_feedback(
    request: Request, ctx: CtxDep, request_id: IdPath, form: Annotated[AnswerForm, Form()]
) -> Response:
    """Record an answer and rating (it becomes a feedback signal); errors show inline."""
    try:
        answer_in = forms.build(FeedbackAnswer, rating=_rating(form.rating), answer=form.answer)
        row = feedback.answer_feedback(ctx, request_id, answer_in)
    except FormErrors as exc:
        target = f"/evidence#request-{request_id}"
        return _back_with_error(request, "answer", form, exc, target, request_id=request_id)
    flash(request, f"Recorded {row.asked_whom}'s answer ({row.rating}/5) as a feedback signal.")
    return redirect("/evidence#feedback")


@router.post("/evidence/feedback/{request_id}/withdraw")
def withdraw_feedback(request: Request, ctx: CtxDep, request_id: IdPath) -> Response:
    """Withdraw an open request."""
    row = feedback.withdraw_feedback(ctx, request_id)
    flash(request, f"Withdrew the question to {row.asked_whom}.")
    return redirect("/evidence#feedback")


def _back_with_error(
    request: Request,
    which: str,
    form: forms.Form,
    error: MicrostepError,
    target: str,
    *,
    request_id: int | None = None,
) -> Response:
    """A plain form's error: back to /evidence (never a POST-only address), the error inline
    and what was typed still in the form."""
    values = {name: str(value)[:KEEP] for name, value in form.model_dump().items()}
    request.session[PENDING] = {
        "which": which,
        "id": request_id,
        "values": values,
        "message": error.message,
        "field": error.field,
    }
    return redirect(target)


def _pending(request: Request) -> dict[str, Any]:
    """The form state a failed plain POST left for this page, as `_evidence` keywords."""
    kept = request.session.pop(PENDING, None)
    if not isinstance(kept, dict):
        return {}
    error = InvalidInput(str(kept.get("message", "")), field=kept.get("field"))
    values = kept.get("values") or {}
    match kept.get("which"):
        case "signal":
            return {"signal_form": SignalForm(**values), "signal_error": error}
        case "ask":
            return {"ask_form": AskForm(**values), "ask_error": error}
        case "answer":
            form = AnswerForm(**values)
            return {"answer": {"id": kept.get("id"), "form": form, "error": error}}
    return {}


def _rating(text: str) -> int:
    """The rating radio: a missing or odd value gets one sentence, not a field error."""
    raw = text.strip()
    if raw not in RATINGS:
        raise InvalidInput(RATING_RULE, field="rating")
    return int(raw)


def _goal_choices(ctx: Context) -> list[GoalPublic]:
    """The goals a question can serve: open ones, each title once (the soonest due)."""
    seen: set[str] = set()
    choices = []
    for goal in goals.list_goals(ctx, OPEN_STATUSES):
        title = " ".join(goal.title.lower().split())
        if title not in seen:
            seen.add(title)
            choices.append(goal)
    return choices


def _signal_create(form: SignalForm, today: date) -> SignalCreate:
    day = forms.day(form.occurred_on, field="occurred_on", today=today)
    kind = forms.choice(form.kind, options=SignalKind, field="kind")
    return forms.build(
        SignalCreate, kind=kind, note=form.note, source=forms.blank(form.source), occurred_on=day
    )


def _signals_panel(ctx: Context, form: SignalForm, error: MicrostepError | None) -> dict[str, Any]:
    weeks = signals.signal_weeks(ctx)
    return {
        "signal_form": form,
        "signal_error": error,
        "recent": signals.list_signals(ctx, limit=RECENT),
        "chart": signal_week_chart(weeks, ctx.today),
        "kind_labels": KIND_LABELS,
        "today": ctx.today,
        "day": _day_of(ctx.today),
    }


def _day_of(today: date) -> Callable[[date], str]:
    """The pages' one way of writing a day: 'Thu 26 Nov' ('Thu 26 Nov 2025' in another year)."""
    return lambda day: day_label(day, today=today)


def _evidence(
    request: Request,
    ctx: Context,
    *,
    signal_form: SignalForm | None = None,
    signal_error: MicrostepError | None = None,
    ask_form: AskForm | None = None,
    ask_error: MicrostepError | None = None,
    answer: dict[str, Any] | None = None,
) -> Response:
    requests = feedback.list_feedback(ctx)
    context = _signals_panel(ctx, signal_form or SignalForm(), signal_error) | {
        "ask_form": ask_form or AskForm(),
        "ask_error": ask_error,
        "answer": answer or {},
        "open_requests": [r for r in requests if r.status == "open"],
        "answered": [r for r in requests if r.status == "answered"],
        "goals": _goal_choices(ctx),
        "example_question": EXAMPLE_QUESTION,
    }
    return render(request, "evidence.html", context)


# ---------------------------------------------------------------- /actions


@router.get("/actions")
def actions_page(request: Request, ctx: CtxDep) -> Response:
    """The micro-action library by category with Pick buttons, and my picks with ticks."""
    library = actions.action_library(ctx)
    groups = [
        (category, CATEGORY_LABELS[category], [a for a in library if a.category is category])
        for category in ActionCategory
    ]
    context = {
        "groups": groups,
        "picks": actions.list_picks(ctx),
        "max_picks": MAX_PICKS,
        "category_labels": CATEGORY_LABELS,
        "today": ctx.today,
        "day": _day_of(ctx.today),
    }
    return render(request, "actions.html", context)


def _action_move(
    request: Request, message: Callable[[Any], str], move: Callable[[], Any]
) -> Response:
    try:
        flash(request, message(move()))
    except FormErrors as exc:  # the limit of six, a second tick today: the reason as a flash
        flash(request, exc.message, "error")
    return redirect("/actions")


@router.post("/actions/{key}/pick")
def pick_action(request: Request, ctx: CtxDep, key: str) -> Response:
    """Pick a micro-action (a 7th, or the same twice, comes back as a flash with the reason)."""
    return _action_move(
        request,
        lambda row: f"Picked: {row.title}. Tick it off each time you do it this week.",
        lambda: actions.pick_action(ctx, key),
    )


@router.post("/actions/{key}/drop")
def drop_action(request: Request, ctx: CtxDep, key: str) -> Response:
    """Stop repeating a picked micro-action."""
    return _action_move(
        request, lambda row: f"Dropped: {row.title}.", lambda: actions.drop_action(ctx, key)
    )


@router.post("/actions/{key}/tick")
def tick_action(request: Request, ctx: CtxDep, key: str) -> Response:
    """Tick a picked micro-action off for today."""
    return _action_move(
        request,
        lambda row: (
            f"Done: {row.title}. {row.ticks_this_week} this week, {row.streak_weeks}-week streak."
        ),
        lambda: actions.tick_action(ctx, key, ActionTickCreate()),
    )


# ---------------------------------------------------------------- /experiments


@router.get("/experiments")
def experiments_page(request: Request, ctx: CtxDep) -> Response:
    """The start form and each experiment's verdicts with its interval chart."""
    return _experiments(request, ctx, ExperimentForm())


@router.post("/experiments")
def start_experiment(
    request: Request, ctx: CtxDep, form: Annotated[ExperimentForm, Form()]
) -> Response:
    """Start an experiment; a broken rule shows the form again with the message inline."""
    try:
        row = experiments.start_experiment(ctx, _experiment_create(form, ctx.today))
    except FormErrors as exc:
        return _experiments(request, ctx, form, exc)
    span = f"{day_label(row.starts_on)} to {day_label(row.ends_on)}"
    flash(request, f"Experiment started: {row.tactic}, {span}.")
    return redirect(f"/experiments#experiment-{row.id}")


@router.post("/experiments/{experiment_id}/stop")
def stop_experiment(
    request: Request, ctx: CtxDep, experiment_id: IdPath, form: Annotated[StopForm, Form()]
) -> Response:
    """Stop a running experiment today, or save the conclusion of a finished one."""
    stop = ExperimentStop(conclusion=forms.blank(form.conclusion))
    try:
        row = experiments.stop_experiment(ctx, experiment_id, stop)
    except FormErrors as exc:  # not started yet, already stopped: the reason as a flash
        flash(request, exc.message, "error")
        return redirect(f"/experiments#experiment-{experiment_id}")
    flash(request, f"Experiment '{row.tactic}' is {row.status.value}.")
    return redirect(f"/experiments#experiment-{row.id}")


@router.post("/experiments/{experiment_id}/delete")
def delete_experiment(request: Request, ctx: CtxDep, experiment_id: IdPath) -> Response:
    """Delete an experiment (the signals stay)."""
    row = experiments.delete_experiment(ctx, experiment_id)
    flash(request, f"Deleted the experiment '{row.tactic}'.")
    return redirect("/experiments")


def _experiment_create(form: ExperimentForm, today: date) -> ExperimentCreate:
    weeks = forms.whole(form.weeks, field="weeks", label="number of weeks")
    return forms.build(
        ExperimentCreate,
        tactic=form.tactic,
        hypothesis=form.hypothesis,
        track=[forms.choice(kind, options=SignalKind, field="track") for kind in form.track],
        weeks=DEFAULT_WEEKS if weeks is None else weeks,
        starts_on=forms.day(form.starts_on, field="starts_on", today=today),
        action_key=forms.blank(form.action_key),
    )


def _experiments(
    request: Request, ctx: Context, form: ExperimentForm, error: MicrostepError | None = None
) -> Response:
    rows = experiments.list_experiments(ctx)
    context = {
        "experiments": [(row, interval_chart(row.results)) for row in rows],
        "form": form,
        "error": error,
        "kind_labels": KIND_LABELS,
        "library": actions.action_library(ctx),
        "max_weeks": MAX_WEEKS,
        "today": ctx.today,
        "day": _day_of(ctx.today),
    }
    return render(
        request, "experiments.html", context, status=200 if error is None else error.status
    )
