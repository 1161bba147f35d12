"""Team mode's pages for study circles and buddy pairs: my circles, one circle, nudges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from microstep.services import accounts, circles
from microstep.services.circles_schemas import (
    CircleCreate,
    MemberAdd,
    NudgeCreate,
    NudgesSeen,
    SharesUpdate,
)
from microstep.web.deps import CtxDep, IdPath, SettingsDep, team_feature
from microstep.web.render import flash, redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[Depends(team_feature("Circles exist in team mode only."))],
)

KINDS = {"study": "Study circle", "buddy": "Buddy pair"}
ENDED = "That ended the circle: a buddy pair needs both buddies, a circle at least one member."


@router.get("/circles")
def circles_page(request: Request, ctx: CtxDep, settings: SettingsDep) -> Response:
    """My circles, a form to start one, and the nudges I received."""
    context = {
        "circles": circles.list_circles(ctx),
        "nudges": circles.list_nudges(ctx),
        "people": [p for p in accounts.directory(ctx) if p.id != ctx.person_id],
        "kinds": KINDS,
    }
    return render(request, "circles.html", context)


@router.post("/circles")
def create_circle(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=1000)] = "",
    kind: Annotated[str, Form(max_length=20)] = "study",
    member_ids: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    """Start a circle and open it."""
    form = CircleCreate(
        name=name, kind="buddy" if kind == "buddy" else "study", member_ids=member_ids
    )
    created = circles.create_circle(ctx, form)
    flash(request, f"{KINDS[created.kind]} “{created.name}” started.")
    return redirect(f"/circles/{created.id}")


@router.post("/circles/nudges/seen")
def mark_nudges_seen(request: Request, ctx: CtxDep, settings: SettingsDep) -> Response:
    """Mark every received nudge seen."""
    circles.mark_nudges_seen(ctx, NudgesSeen())
    return redirect("/circles")


@router.get("/circles/{circle_id}")
def circle_page(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    circle_id: IdPath,
    week: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """One circle: each other member's shared week, my share toggles, nudges, membership."""
    view = circles.view_circle(ctx, circle_id, week)
    in_circle = {member.person_id for member in view.members}
    context = {
        "circle": view,
        "kinds": KINDS,
        "me": ctx.person_id,
        "candidates": [p for p in accounts.directory(ctx) if p.id not in in_circle]
        if view.can_manage
        else [],
    }
    return render(request, "circle.html", context)


@router.post("/circles/{circle_id}/shares")
def set_shares(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    circle_id: IdPath,
    shares_progress: Annotated[bool, Form()] = False,
    shares_wins: Annotated[bool, Form()] = False,
    shares_ticks: Annotated[bool, Form()] = False,
) -> Response:
    """Save what I share with the circle (an unticked box shares nothing of that kind)."""
    circles.set_shares(
        ctx,
        circle_id,
        SharesUpdate(
            shares_progress=shares_progress, shares_wins=shares_wins, shares_ticks=shares_ticks
        ),
    )
    flash(request, "Saved what you share with this circle.")
    return redirect(f"/circles/{circle_id}")


@router.post("/circles/{circle_id}/members")
def add_member(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    circle_id: IdPath,
    person_id: Annotated[int, Form(ge=1)],
) -> Response:
    """Add a colleague (the creator or an HR admin)."""
    circles.add_member(ctx, circle_id, MemberAdd(person_id=person_id))
    flash(request, "Added to the circle.")
    return redirect(f"/circles/{circle_id}")


@router.post("/circles/{circle_id}/members/{person_id}/remove")
def remove_member(
    request: Request, ctx: CtxDep, settings: SettingsDep, circle_id: IdPath, person_id: IdPath
) -> Response:
    """Take a member out (the creator or an HR admin)."""
    ended = circles.remove_member(ctx, circle_id, person_id)
    flash(request, ENDED if ended else "Taken out of the circle.")
    if ended or person_id == ctx.person_id:
        return redirect("/circles")
    return redirect(f"/circles/{circle_id}")


@router.post("/circles/{circle_id}/leave")
def leave_circle(
    request: Request, ctx: CtxDep, settings: SettingsDep, circle_id: IdPath
) -> Response:
    """Leave the circle: what I shared stops showing at once."""
    ended = circles.leave_circle(ctx, circle_id)
    flash(request, ENDED if ended else "You left the circle.")
    return redirect("/circles")


@router.post("/circles/{circle_id}/nudges")
def nudge(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    circle_id: IdPath,
    to_id: Annotated[int, Form(ge=1)],
    message: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Send a member a short nudge."""
    sent = circles.nudge(ctx, circle_id, NudgeCreate(to_id=to_id, message=message))
    flash(request, f"Nudge sent: “{sent.message}”")
    return redirect(f"/circles/{circle_id}")
