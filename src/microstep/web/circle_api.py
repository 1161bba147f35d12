"""Team mode's JSON API for study circles and buddy pairs: membership, shares, nudges."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from microstep.services import circles
from microstep.services.circles_schemas import (
    CircleCreate,
    CircleSummary,
    CircleView,
    MemberAdd,
    NudgeCreate,
    NudgePublic,
    NudgesSeen,
    SharesPublic,
    SharesUpdate,
)
from microstep.web.deps import CtxDep, IdPath, SettingsDep, team_feature
from microstep.web.errors import ERROR_RESPONSES, ErrorResponse

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["circles"],
    dependencies=[Depends(team_feature("Circles exist in team mode only."))],
)

WeekQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="An ISO week such as 2026-W47, or a date inside it; default this week.",
    ),
]


@router.get("/circles")
def list_circles(ctx: CtxDep, settings: SettingsDep) -> list[CircleSummary]:
    """The circles you are in, with their members."""
    return circles.list_circles(ctx)


@router.post("/circles", status_code=201)
def create_circle(ctx: CtxDep, settings: SettingsDep, form: CircleCreate) -> CircleSummary:
    """A study circle, or a buddy pair of you and exactly one colleague."""
    return circles.create_circle(ctx, form)


@router.get("/circles/{circle_id}")
def view_circle(
    ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, week: WeekQuery = None
) -> CircleView:
    """A circle you are in: what each other member shares with it, for one week."""
    return circles.view_circle(ctx, circle_id, week)


@router.post("/circles/{circle_id}/members", status_code=201)
def add_member(
    ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, form: MemberAdd
) -> CircleSummary:
    """Add a colleague (the circle's creator or an HR admin)."""
    return circles.add_member(ctx, circle_id, form)


@router.delete("/circles/{circle_id}/members/{person_id}", status_code=204)
def remove_member(ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, person_id: IdPath) -> None:
    """Take a member out (creator or HR admin); your own id leaves the circle."""
    circles.remove_member(ctx, circle_id, person_id)


@router.put("/circles/{circle_id}/shares")
def set_shares(
    ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, form: SharesUpdate
) -> SharesPublic:
    """Choose what you share with a circle (from records at 'circle' visibility or wider)."""
    return circles.set_shares(ctx, circle_id, form)


TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorResponse, "description": "3 nudges to this person today already."}
}


@router.post("/circles/{circle_id}/nudges", status_code=201, responses=TOO_MANY)
def nudge(ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, form: NudgeCreate) -> NudgePublic:
    """Nudge another member (280 characters; 3 a day from you to one person)."""
    return circles.nudge(ctx, circle_id, form)


@router.get("/nudges")
def list_nudges(ctx: CtxDep, settings: SettingsDep) -> list[NudgePublic]:
    """Nudges you received: unseen first, newest first."""
    return circles.list_nudges(ctx)


@router.post("/nudges/seen")
def mark_nudges_seen(ctx: CtxDep, settings: SettingsDep, form: NudgesSeen) -> dict[str, int]:
    """Mark received nudges seen (these ids, or all); answers how many were unseen."""
    return {"marked": circles.mark_nudges_seen(ctx, form)}
