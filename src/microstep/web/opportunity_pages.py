"""Team mode's pages for the internal opportunity marketplace: the list (ranked for you), one
opportunity, the post and edit form, the approvals queue and the auto-approve rules.

They call the same services as /api/opportunities. A refused action comes back to its page with
the reason flashed; a refused form comes back filled in with the reason; an opportunity one may
not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import Field

from microstep.core import opportunities as rules
from microstep.core.moves import KIND_LABELS, OUTCOME_LABELS
from microstep.core.text import is_digits
from microstep.errors import Conflict, Forbidden, InvalidInput, MicrostepError
from microstep.services import matching
from microstep.services import opportunities as market
from microstep.services.context import Context
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    OpportunityCreate,
    OpportunityPublic,
    OpportunityReview,
    OpportunityUpdate,
    ParticipantOutcome,
    RuleCreate,
    SkillNeedIn,
)
from microstep.web import forms
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.render import act_and_redirect, back_to, flash, redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(team_feature("The opportunity marketplace exists in team mode only."))],
)

FormErrors = (InvalidInput, Conflict, Forbidden)
LIST = "/opportunities"
APPROVALS = "/approvals"
RULES = "/approvals/rules"
KIND_CHOICES = [(k, KIND_LABELS[k]) for k in rules.KINDS]


class PostForm(forms.Form):
    """The post and edit form of an opportunity."""

    kind: str = "rotation"
    title: str = ""
    description: str = ""
    role: str = ""
    team_id: str = ""
    share_of_time: str = "20"
    weeks: str = "6"
    capacity: str = "1"
    success_criteria: str = ""
    needs_approval: str = ""
    starts_on: str = ""
    required_skills: str = ""
    offered_skills: str = ""
    publish: str = ""


class ApplyForm(forms.Form):
    """The apply form: a note on why."""

    note: str = ""


class ReviewForm(forms.Form):
    """The review form: `outcome-<person id>` and `note-<person id>` for each participant."""

    model_config = forms.Form.model_config | {"extra": "allow"}


class RuleForm(forms.Form):
    """The add-a-rule form."""

    team_id: str = ""
    max_share_of_time: str = ""
    max_weeks: str = ""
    kinds: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- /opportunities


@router.get("/opportunities")
def opportunities_page(request: Request, ctx: CtxDep) -> Response:
    """Open opportunities (those ranked for you first, with reasons), your applications, and
    for managers the drafts and running ones they look after."""
    found = market.list_opportunities(ctx)
    context = {
        "ranked": market.ranked_for_me(ctx),
        "open": [o for o in found if o.status == "open"],
        "managed": [o for o in found if o.can_manage and o.status != "open"],
        "others": [o for o in found if not o.can_manage and o.status != "open"],
        "applications": market.my_applications(ctx),
        "can_post": market.can_post(ctx),
        "pending": len(market.approval_queue(ctx)),
    }
    return render(request, "opportunities.html", context)


@router.get("/opportunities/new")
def new_opportunity_page(request: Request, ctx: CtxDep) -> Response:
    """The post form (managers and HR)."""
    if not market.can_post(ctx):
        raise Forbidden("Only managers and HR admins post opportunities.")
    return _form(request, ctx, PostForm(needs_approval="on"))


@router.post("/opportunities/new")
def post_opportunity(request: Request, ctx: CtxDep, form: Annotated[PostForm, Form()]) -> Response:
    """Post it (as a draft, or open at once); a refused form comes back with the reason."""
    try:
        posted = market.post_opportunity(ctx, _posting(form, OpportunityCreate, today=ctx.today))
    except FormErrors as exc:
        return _form(request, ctx, form, error=exc)
    verb = "Published" if posted.status == "open" else "Saved as a draft"
    flash(request, f"{verb}: {posted.title}.")
    return redirect(f"/opportunities/{posted.id}")


@router.get("/opportunities/{opportunity_id}")
def opportunity_page(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """One opportunity: what it asks and offers, your application, and for its managers the
    applicants and the next step."""
    opportunity = market.get_opportunity(ctx, opportunity_id)
    context = {
        "o": opportunity,
        "outcomes": OUTCOME_LABELS,
        "participants": [a for a in opportunity.applications if a.status == "approved"],
    }
    return render(request, "opportunity.html", context)


@router.get("/opportunities/{opportunity_id}/edit")
def edit_opportunity_page(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """The edit form, filled in."""
    opportunity = market.get_opportunity(ctx, opportunity_id)
    if not opportunity.can_manage:
        raise Forbidden("Only its poster, its team's manager or HR can edit an opportunity.")
    return _form(request, ctx, _filled(opportunity), opportunity=opportunity)


@router.post("/opportunities/{opportunity_id}/edit")
def edit_opportunity(
    request: Request, ctx: CtxDep, opportunity_id: IdPath, form: Annotated[PostForm, Form()]
) -> Response:
    """Save the edit (saying whose approvals no longer hold when its terms changed); a refused
    form comes back with the reason."""
    opportunity = market.get_opportunity(ctx, opportunity_id)
    try:
        edited = market.edit_opportunity(
            ctx, opportunity_id, _posting(form, OpportunityUpdate, today=ctx.today)
        )
    except FormErrors as exc:
        return _form(request, ctx, form, opportunity=opportunity, error=exc)
    flash(request, edited.notice())
    return redirect(f"/opportunities/{edited.opportunity.id}")


@router.post("/opportunities/{opportunity_id}/publish")
def publish(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """Open a draft to applications."""
    done = "Published: {}. People can apply now."
    return _step(request, ctx, opportunity_id, market.publish_opportunity, done)


@router.post("/opportunities/{opportunity_id}/cancel")
def cancel(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """Cancel it before it starts."""
    return _step(request, ctx, opportunity_id, market.cancel_opportunity, "Cancelled: {}.")


@router.post("/opportunities/{opportunity_id}/start")
def start(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """Start it: each approved person gets a move."""
    done = "Started: {}. Each participant has it on their moves now."
    return _step(request, ctx, opportunity_id, market.start_opportunity, done)


@router.post("/opportunities/{opportunity_id}/complete")
def complete(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """Mark it done; reviewing it comes next."""
    done = "Completed: {}. Review how it went for each participant next."
    return _step(request, ctx, opportunity_id, market.complete_opportunity, done)


@router.post("/opportunities/{opportunity_id}/apply")
def apply(
    request: Request, ctx: CtxDep, opportunity_id: IdPath, form: Annotated[ApplyForm, Form()]
) -> Response:
    """Apply with a note."""

    def act() -> str:
        done = market.apply(ctx, opportunity_id, forms.build(ApplicationCreate, note=form.note))
        if done.status == "approved":
            return f"You are in: {done.opportunity_title} approved you at once."
        return f"Applied to {done.opportunity_title}; your manager decides next."

    return act_and_redirect(request, act, f"/opportunities/{opportunity_id}", FormErrors)


@router.post("/opportunities/{opportunity_id}/review")
async def review(request: Request, ctx: CtxDep, opportunity_id: IdPath) -> Response:
    """An outcome for each participant."""
    values = await request.form()

    def act() -> str:
        outcomes = [
            ParticipantOutcome(
                person_id=int(key.removeprefix("outcome-")),
                outcome=str(value),  # type: ignore[arg-type]  # validated by the schema
                note=forms.blank(str(values.get(f"note-{key.removeprefix('outcome-')}", ""))),
            )
            for key, value in values.items()
            if key.startswith("outcome-") and is_digits(key.removeprefix("outcome-")) and value
        ]
        if not outcomes:
            raise InvalidInput("Choose an outcome for each participant.", field="outcomes")
        review_in = forms.build(OpportunityReview, outcomes=outcomes)
        done = market.review_opportunity(ctx, opportunity_id, review_in)
        return f"Reviewed: {done.title}. The outcomes are on each participant's skills."

    return act_and_redirect(request, act, f"/opportunities/{opportunity_id}", FormErrors)


# ---------------------------------------------------------------- applications


@router.post("/opportunities/applications/{application_id}/withdraw")
def withdraw(request: Request, ctx: CtxDep, application_id: IdPath) -> Response:
    """Withdraw your application."""

    def act() -> str:
        done = market.withdraw(ctx, application_id)
        return f"Withdrew your application to {done.opportunity_title}."

    return act_and_redirect(request, act, back_to(request, LIST), FormErrors)


@router.post("/opportunities/applications/{application_id}/approve")
def approve(request: Request, ctx: CtxDep, application_id: IdPath) -> Response:
    """Approve an application in one click."""

    def act() -> str:
        done = market.approve(ctx, application_id)
        return f"Approved {done.person_name} for {done.opportunity_title}."

    return act_and_redirect(request, act, back_to(request, APPROVALS), FormErrors)


@router.post("/opportunities/applications/{application_id}/decline")
def decline(request: Request, ctx: CtxDep, application_id: IdPath) -> Response:
    """Decline an application."""

    def act() -> str:
        done = market.decline(ctx, application_id)
        return f"Declined {done.person_name}'s application to {done.opportunity_title}."

    return act_and_redirect(request, act, back_to(request, APPROVALS), FormErrors)


# ---------------------------------------------------------------- /approvals


@router.get("/approvals")
def approvals_page(request: Request, ctx: CtxDep) -> Response:
    """Applications waiting for your decision, each one click to approve or decline."""
    queue = market.approval_queue(ctx)
    fits = matching.fits(ctx, [(a.person_id, a.opportunity_id) for a in queue])
    context = {"queue": queue, "fits": fits, "can_post": market.can_post(ctx)}
    return render(request, "approvals.html", context)


@router.get("/approvals/rules")
def rules_page(request: Request, ctx: CtxDep) -> Response:
    """Auto-approve rules of the teams you manage (every team's for HR)."""
    context = {
        "rules": market.list_rules(ctx),
        "teams": market.post_teams(ctx),
        "kinds": KIND_CHOICES,
    }
    return render(request, "approvals_rules.html", context)


@router.post("/approvals/rules")
def add_rule(request: Request, ctx: CtxDep, form: Annotated[RuleForm, Form()]) -> Response:
    """Add a rule."""

    def act() -> str:
        team_id = _required(form.team_id, field="team_id", label="team")
        rule_in = forms.build(
            RuleCreate,
            team_id=team_id,
            max_share_of_time=_required(
                form.max_share_of_time, field="max_share_of_time", label="share of time"
            ),
            max_weeks=_required(form.max_weeks, field="max_weeks", label="number of weeks"),
            kinds=form.kinds,
        )
        done = market.add_rule(ctx, rule_in)
        return f"{done.team_name}: applications for {done.description} now approve themselves."

    return act_and_redirect(request, act, RULES, FormErrors)


@router.post("/approvals/rules/{rule_id}/delete")
def delete_rule(request: Request, ctx: CtxDep, rule_id: IdPath) -> Response:
    """Remove a rule."""

    def act() -> str:
        market.delete_rule(ctx, rule_id)
        return "Rule removed: those applications wait for a decision again."

    return act_and_redirect(request, act, RULES, FormErrors)


# ---------------------------------------------------------------- helpers


def _step(
    request: Request,
    ctx: Context,
    opportunity_id: int,
    act: Callable[[Context, int], OpportunityPublic],
    done: str,
) -> Response:
    """One lifecycle step, back to the opportunity with what happened."""
    page = f"/opportunities/{opportunity_id}"
    return act_and_redirect(
        request, lambda: done.format(act(ctx, opportunity_id).title), page, FormErrors
    )


def _required(text: str, *, field: str, label: str) -> int:
    value = forms.whole(text, field=field, label=label)
    if value is None:
        raise InvalidInput(f"Give the {label}.", field=field)
    return value


def _needs(text: str, relation: rules.Relation) -> list[SkillNeedIn]:
    return [
        SkillNeedIn(name=name, level=level)
        for name, level in rules.parse_skill_lines(text, relation)
    ]


def _posting(form: PostForm, model: type[OpportunityCreate], *, today: date) -> OpportunityCreate:
    """The service's input from the form's strings."""
    return forms.build(
        model,
        kind=form.kind,
        title=form.title,
        description=forms.blank(form.description),
        role=forms.blank(form.role),
        team_id=forms.whole(form.team_id, field="team_id", label="team"),
        share_of_time=_required(form.share_of_time, field="share_of_time", label="share of time"),
        weeks=_required(form.weeks, field="weeks", label="number of weeks"),
        capacity=_required(form.capacity, field="capacity", label="capacity"),
        success_criteria=form.success_criteria,
        needs_approval=bool(form.needs_approval),
        starts_on=forms.day(form.starts_on, field="starts_on", today=today),
        required_skills=_needs(form.required_skills, "required"),
        offered_skills=_needs(form.offered_skills, "offered"),
        publish=bool(form.publish),
    )


def _filled(o: OpportunityPublic) -> PostForm:
    """The edit form of a stored opportunity."""
    needs = {
        relation: rules.skill_lines((s.name, s.level) for s in o.skills if s.relation == relation)
        for relation in ("required", "offered")
    }
    return PostForm(
        kind=o.kind,
        title=o.title,
        description=o.description or "",
        role=o.role or "",
        team_id=str(o.team_id or ""),
        share_of_time=str(o.share_of_time),
        weeks=str(o.weeks),
        capacity=str(o.capacity),
        success_criteria=o.success_criteria,
        needs_approval="on" if o.needs_approval else "",
        starts_on=o.starts_on.isoformat() if o.starts_on else "",
        required_skills=needs["required"],
        offered_skills=needs["offered"],
    )


def _form(
    request: Request,
    ctx: Context,
    form: PostForm,
    *,
    opportunity: OpportunityPublic | None = None,
    error: MicrostepError | None = None,
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "o": opportunity,
        "error": error,
        "teams": market.post_teams(ctx),
        "kinds": KIND_CHOICES,
        "today": ctx.today,
    }
    status = 200 if error is None else error.status
    return render(request, "opportunity_form.html", context, status=status)
