"""Team mode's JSON API for a person's reminder channels: email on or off, a webhook URL."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from microstep.services import reminders
from microstep.services.reminders_schemas import NotificationsPublic, NotificationsUpdate
from microstep.web.deps import CtxDep, team_feature
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(
    prefix="/api",
    responses=ERROR_RESPONSES,
    tags=["reminders"],
    dependencies=[
        Depends(team_feature("Reminders are sent in team mode only; personal mode has no worker."))
    ],
)


@router.get("/me/notifications")
def get_notifications(ctx: CtxDep) -> NotificationsPublic:
    """How you get reminders: by email (on or off) and by a Slack-compatible webhook."""
    return reminders.notifications(ctx)


@router.put("/me/notifications")
def put_notifications(ctx: CtxDep, form: NotificationsUpdate) -> NotificationsPublic:
    """Turn reminder emails on or off and set or remove your webhook (http or https)."""
    return reminders.update_notifications(ctx, form)
