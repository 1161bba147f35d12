"""Team mode's JSON API for sharing: whom each kind of record is shared with; profiles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path

from microstep.services import sharing
from microstep.services.sharing_schemas import (
    KindSharing,
    Profile,
    RecordShare,
    ShareResult,
    ShareUpdate,
)
from microstep.web.deps import CtxDep, IdPath, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["sharing"],
    dependencies=[
        Depends(
            team_feature("Sharing exists in team mode only; in personal mode everything is yours.")
        )
    ],
)
KindPath = Annotated[str, Path(max_length=40, description="objectives, skills, goals, ...")]


@router.get("/sharing")
def get_sharing(ctx: CtxDep) -> list[KindSharing]:
    """Each kind of your records: how many sit at each visibility, and what new ones get."""
    return sharing.sharing(ctx)


@router.put("/sharing/{kind}")
def share_kind(ctx: CtxDep, kind: KindPath, change: ShareUpdate) -> ShareResult:
    """Share a kind of record this widely: new records, and by default the existing ones."""
    return sharing.share_kind(ctx, kind, change)


@router.put("/sharing/{kind}/{record_id}")
def share_record(
    ctx: CtxDep, kind: KindPath, record_id: IdPath, share: Annotated[RecordShare, Body()]
) -> ShareResult:
    """Share one of your records this widely."""
    return sharing.share_record(ctx, kind, record_id, share.visibility)


@router.get("/people/{person_id}")
def get_profile(ctx: CtxDep, person_id: IdPath) -> Profile:
    """What you may see of a colleague: only what they share with you."""
    return sharing.profile(ctx, person_id)
