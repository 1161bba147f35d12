"""Team mode's pages for sharing: choose who sees each kind of record; colleagues' profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from microstep.services import sharing
from microstep.services.sharing_schemas import ShareUpdate
from microstep.web.deps import CtxDep, IdPath, SettingsDep, team_feature
from microstep.web.render import flash, redirect, render

router = APIRouter(
    include_in_schema=False,
    dependencies=[
        Depends(
            team_feature("Sharing exists in team mode only; in personal mode everything is yours.")
        )
    ],
)
SCOPES = {
    "private": "Only me",
    "circle": "My circles",
    "manager": "My manager and mentors (and circles)",
    "org": "Everyone in the organization",
}


@router.get("/sharing")
def sharing_page(request: Request, ctx: CtxDep, settings: SettingsDep) -> Response:
    """Who sees each kind of your records."""
    context = {"kinds": sharing.sharing(ctx), "scopes": SCOPES}
    return render(request, "sharing.html", context)


@router.post("/sharing/{kind}")
def share_kind(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    kind: str,
    visibility: Annotated[str, Form()] = "private",
    existing: Annotated[bool, Form()] = False,
) -> Response:
    """Share a kind of record this widely (new records; existing ones when ticked)."""
    change = ShareUpdate.model_validate({"visibility": visibility, "existing": existing})
    done = sharing.share_kind(ctx, kind[:40], change)
    label = sharing.KINDS[done.kind][0]
    flash(
        request, f"{label}: new records go to “{SCOPES[done.visibility]}”; {done.changed} changed."
    )
    return redirect("/sharing")


@router.get("/people/{person_id}")
def profile_page(
    request: Request, ctx: CtxDep, settings: SettingsDep, person_id: IdPath
) -> Response:
    """A colleague's profile: only what they share with you."""
    return render(
        request, "profile.html", {"profile": sharing.profile(ctx, person_id), "scopes": SCOPES}
    )
