"""Team mode's JSON API for the internal opportunity marketplace (/api/opportunities)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from microstep.services import opportunities as market
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    ApplicationPublic,
    OpportunityCreate,
    OpportunityPublic,
    OpportunityReview,
    OpportunityUpdate,
    RankedOpportunity,
    RuleCreate,
    RulePublic,
    Status,
)
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api/opportunities",
    responses=ERROR_RESPONSES,
    tags=["opportunities"],
    dependencies=[Depends(team_feature("The opportunity marketplace exists in team mode only."))],
)


@router.get("")
def list_opportunities(
    ctx: CtxDep, status: Annotated[list[Status] | None, Query()] = None
) -> list[OpportunityPublic]:
    """Opportunities you may see (open ones first); filter with one or more `status`."""
    return market.list_opportunities(ctx, status)


@router.post("", status_code=201)
def post_opportunity(ctx: CtxDep, data: OpportunityCreate) -> OpportunityPublic:
    """Managers and HR: post an opportunity (a draft unless `publish` is true)."""
    return market.post_opportunity(ctx, data)


@router.get("/ranked")
def ranked_for_me(ctx: CtxDep) -> list[RankedOpportunity]:
    """Open opportunities ranked for you, best first, with reasons in plain words."""
    return market.ranked_for_me(ctx)


@router.get("/applications")
def my_applications(ctx: CtxDep) -> list[ApplicationPublic]:
    """Your applications, newest first."""
    return market.my_applications(ctx)


@router.get("/approvals")
def approval_queue(ctx: CtxDep) -> list[ApplicationPublic]:
    """Applications waiting for your decision (your team's people's; everyone's for HR)."""
    return market.approval_queue(ctx)


@router.post("/applications/{application_id}/approve")
def approve(ctx: CtxDep, application_id: IdPath) -> ApplicationPublic:
    """The applicant's manager or HR: approve an application."""
    return market.approve(ctx, application_id)


@router.post("/applications/{application_id}/decline")
def decline(ctx: CtxDep, application_id: IdPath) -> ApplicationPublic:
    """The applicant's manager or HR: decline an application."""
    return market.decline(ctx, application_id)


@router.post("/applications/{application_id}/withdraw")
def withdraw(ctx: CtxDep, application_id: IdPath) -> ApplicationPublic:
    """Withdraw your application before the opportunity starts."""
    return market.withdraw(ctx, application_id)


@router.get("/rules")
def list_rules(ctx: CtxDep) -> list[RulePublic]:
    """Managers and HR: the auto-approve rules of the teams you manage."""
    return market.list_rules(ctx)


@router.post("/rules", status_code=201)
def add_rule(ctx: CtxDep, data: RuleCreate) -> RulePublic:
    """Managers and HR: applications from the team within these bounds approve themselves."""
    return market.add_rule(ctx, data)


@router.delete("/rules/{rule_id}", status_code=204)
def delete_rule(ctx: CtxDep, rule_id: IdPath) -> Response:
    """Managers and HR: remove an auto-approve rule."""
    market.delete_rule(ctx, rule_id)
    return Response(status_code=204)


@router.get("/{opportunity_id}")
def get_opportunity(ctx: CtxDep, opportunity_id: IdPath) -> OpportunityPublic:
    """One opportunity, with the applications you may see."""
    return market.get_opportunity(ctx, opportunity_id)


@router.put("/{opportunity_id}")
def update_opportunity(
    ctx: CtxDep, opportunity_id: IdPath, data: OpportunityUpdate
) -> OpportunityPublic:
    """Its poster, its team's manager or HR: edit it before it starts."""
    return market.update_opportunity(ctx, opportunity_id, data)


@router.post("/{opportunity_id}/publish")
def publish(ctx: CtxDep, opportunity_id: IdPath) -> OpportunityPublic:
    """Open a draft to applications."""
    return market.publish_opportunity(ctx, opportunity_id)


@router.post("/{opportunity_id}/cancel")
def cancel(ctx: CtxDep, opportunity_id: IdPath) -> OpportunityPublic:
    """Cancel it before it starts."""
    return market.cancel_opportunity(ctx, opportunity_id)


@router.post("/{opportunity_id}/apply", status_code=201)
def apply(ctx: CtxDep, opportunity_id: IdPath, data: ApplicationCreate) -> ApplicationPublic:
    """Apply with a note on why you want it."""
    return market.apply(ctx, opportunity_id, data)


@router.post("/{opportunity_id}/start")
def start(ctx: CtxDep, opportunity_id: IdPath) -> OpportunityPublic:
    """Start it: each approved person gets a move on their timeline."""
    return market.start_opportunity(ctx, opportunity_id)


@router.post("/{opportunity_id}/complete")
def complete(ctx: CtxDep, opportunity_id: IdPath) -> OpportunityPublic:
    """Mark it done; reviewing it comes next."""
    return market.complete_opportunity(ctx, opportunity_id)


@router.post("/{opportunity_id}/review")
def review(ctx: CtxDep, opportunity_id: IdPath, data: OpportunityReview) -> OpportunityPublic:
    """An outcome for each participant; it reaches their skills as evidence."""
    return market.review_opportunity(ctx, opportunity_id, data)
