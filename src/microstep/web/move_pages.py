"""HTML pages of the move tracker: my timeline with the breadth-and-depth note, adding and
editing a move (the short-trial rule explained inline), recording an outcome, and a colleague's
moves as far as they share them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from microstep.core.moves import KIND_LABELS, OUTCOME_LABELS, SHORT_KINDS
from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import moves
from microstep.services.context import Context
from microstep.services.moves_schemas import MoveCreate, MoveOutcomeCreate, MovePublic, MoveUpdate
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)
FormErrors = (InvalidInput, Conflict)
TEAM_ONLY = team_feature("Colleagues' moves exist in team mode only.")
TRIAL_RULE = (
    "Stretch assignments, rotations, temporary lead roles, shadowing and gigs are short "
    "trials: give each an end date and success criteria."
)


class MoveForm(BaseModel):
    """The add and edit move form, every field as typed."""

    model_config = ConfigDict(extra="ignore")

    kind: str = "stretch"
    role: str = ""
    start_date: str = ""
    end_date: str = ""
    intended_skills: str = ""
    success_criteria: str = ""
    notes: str = ""


class OutcomeForm(BaseModel):
    """The record-an-outcome form."""

    model_config = ConfigDict(extra="ignore")

    outcome: str = ""  # nothing chosen until the person chooses
    note: str = ""


@router.get("/moves")
def moves_page(request: Request, ctx: CtxDep) -> Response:
    """My timeline, the breadth-and-depth note and the add form."""
    return _moves(request, ctx, MoveForm(start_date=ctx.today.isoformat()))


@router.post("/moves")
def add_move(request: Request, ctx: CtxDep, form: Annotated[MoveForm, Form()]) -> Response:
    """Add a move; bad input (a trial without an end or criteria) comes back inline."""
    try:
        row = moves.add_move(ctx, forms.build(MoveCreate, **_values(ctx, form, create=True)))
    except FormErrors as exc:
        return _moves(request, ctx, form, error=exc)
    flash(request, f"Added: {row.kind_label} to {row.to_role}.")
    return redirect(f"/moves#move-{row.id}")


@router.get("/moves/{move_id}")
def move_page(request: Request, ctx: CtxDep, move_id: IdPath) -> Response:
    """One move: its outcome form, edit form and delete button."""
    row = moves.get_move(ctx, move_id)
    return _move(request, ctx, row, _form(row), _outcome_form(row))


@router.post("/moves/{move_id}/edit")
def edit_move(
    request: Request, ctx: CtxDep, move_id: IdPath, form: Annotated[MoveForm, Form()]
) -> Response:
    """Save the edited move; an emptied end date makes it ongoing."""
    row = moves.get_move(ctx, move_id)
    try:
        values = _values(ctx, form, create=False)
        if row.source == "marketplace":  # the form shows the rest, locked
            values = {k: v for k, v in values.items() if k in moves.MARKETPLACE_EDITABLE}
        row = moves.edit_move(ctx, move_id, forms.build(MoveUpdate, **values))
    except FormErrors as exc:
        return _move(request, ctx, row, form, _outcome_form(row), error=exc)
    flash(request, "Move saved.")
    return redirect(f"/moves/{row.id}")


@router.post("/moves/{move_id}/outcome")
def record_outcome(
    request: Request, ctx: CtxDep, move_id: IdPath, form: Annotated[OutcomeForm, Form()]
) -> Response:
    """Record how a move went; the page says which skills went up."""
    row = moves.get_move(ctx, move_id)
    try:
        if not form.outcome.strip():
            raise InvalidInput(
                "Choose how the move went: met, partly met or not met.", field="outcome"
            )
        # The form shows the note recorded before: what comes back replaces it (empty clears).
        body = forms.build(MoveOutcomeCreate, outcome=form.outcome, note=forms.blank(form.note))
        done = moves.record_outcome(ctx, move_id, body)
    except FormErrors as exc:
        return _move(request, ctx, row, _form(row), form, outcome_error=exc)
    flash(request, _outcome_message(done.move, done.raised, done.added))
    return redirect(f"/moves#move-{move_id}")


@router.post("/moves/{move_id}/delete")
def delete_move(request: Request, ctx: CtxDep, move_id: IdPath) -> Response:
    """Take a move off the timeline."""
    row = moves.delete_move(ctx, move_id)
    flash(request, f"Deleted: {row.kind_label} to {row.to_role}.")
    return redirect("/moves")


@router.get("/people/{person_id}/moves", dependencies=[Depends(TEAM_ONLY)])
def colleague_moves(request: Request, ctx: CtxDep, person_id: IdPath) -> Response:
    """A colleague's moves: only those they share with you."""
    shown = moves.colleague_timeline(ctx, person_id)
    context = {"timeline": shown, "mine": shown.person_id == ctx.person_id, "today": ctx.today}
    return render(request, "moves_person.html", context)


def _outcome_message(row: MovePublic, raised: list[str], added: list[str]) -> str:
    said = f"Outcome saved: {row.kind_label} to {row.to_role}, {(row.outcome_label or '').lower()}."
    if raised:
        said += f" One level up on your map: {', '.join(raised)}."
    if added:
        said += f" New on your skill map: {', '.join(added)}."
    return said


def _values(ctx: Context, form: MoveForm, *, create: bool) -> dict[str, Any]:
    """The move fields of the form, typed; on an edit, an empty end date clears it."""
    values: dict[str, Any] = {
        "kind": forms.blank(form.kind),
        "role": form.role if create else forms.blank(form.role),
        "intended_skills": form.intended_skills,
        "success_criteria": forms.blank(form.success_criteria),
        "notes": forms.blank(form.notes),
    }
    start = forms.day(form.start_date, field="start_date", today=ctx.today)
    if start is None and create:
        raise InvalidInput("Give the day the move starts.", field="start_date")
    if start is not None:
        values["start_date"] = start
    end = forms.day(form.end_date, field="end_date", today=ctx.today)
    if end is not None:
        values["end_date"] = end
    elif not create:
        values["clear_end"] = True
    return values


def _outcome_form(row: MovePublic) -> OutcomeForm:
    """The outcome form as recorded: no outcome chosen until there is one, the note kept."""
    return OutcomeForm(outcome=row.outcome or "", note=row.outcome_note or "")


def _form(row: MovePublic) -> MoveForm:
    return MoveForm(
        kind=row.kind or "",
        role=row.to_role,
        start_date=row.start_date.isoformat(),
        end_date=row.end_date.isoformat() if row.end_date else "",
        intended_skills=", ".join(row.intended_skills),
        success_criteria=row.success_criteria or "",
        notes=row.notes or "",
    )


def _choices() -> dict[str, Any]:
    return {
        "kinds": list(KIND_LABELS.items()),
        "short_kinds": sorted(SHORT_KINDS),
        "outcomes": list(OUTCOME_LABELS.items()),
        "trial_rule": TRIAL_RULE,
    }


def _moves(
    request: Request, ctx: Context, form: MoveForm, *, error: MicrostepError | None = None
) -> Response:
    context = _choices() | {
        "timeline": moves.timeline(ctx),
        "form": form,
        "error": error,
        "today": ctx.today,
    }
    return render(request, "moves.html", context, status=422 if error else 200)


def _move(
    request: Request,
    ctx: Context,
    row: MovePublic,
    form: MoveForm,
    outcome_form: OutcomeForm,
    *,
    error: MicrostepError | None = None,
    outcome_error: MicrostepError | None = None,
) -> Response:
    context = _choices() | {
        "move": row,
        "form": form,
        "outcome_form": outcome_form,
        "error": error,
        "outcome_error": outcome_error,
        "today": ctx.today,
    }
    failed = error is not None or outcome_error is not None
    return render(request, "moves_detail.html", context, status=422 if failed else 200)
