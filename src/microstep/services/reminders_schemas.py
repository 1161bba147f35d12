"""Schemas of team mode's reminders: a person's notification choices and the worker's outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from microstep.services.schemas import Schema

ChannelName = Literal["email", "webhook"]
DeliveryStatus = Literal["pending", "sending", "sent", "failed", "uncertain"]
STATUSES: tuple[DeliveryStatus, ...] = ("pending", "sending", "sent", "failed", "uncertain")


class NotificationsPublic(Schema):
    """How a person gets reminders."""

    email: str | None = Field(description="Where reminder emails go (the sign-in address).")
    notify_email: bool = Field(description="Send reminders by email.")
    webhook_url: str | None = Field(
        description="A Slack-compatible incoming webhook that also gets each reminder."
    )


class NotificationsUpdate(Schema):
    """New notification choices; an empty or null webhook URL removes the webhook."""

    notify_email: bool
    webhook_url: str | None = Field(default=None, max_length=500)


class Recipient(Schema):
    """Someone reminders may go to, with the ways to reach them."""

    person_id: int
    name: str
    email: str | None
    notify_email: bool
    webhook_url: str | None


class DeliveryCreate(Schema):
    """One reminder on one channel, as planned (stored once per dedupe key)."""

    person_id: int
    kind: str = Field(max_length=40)
    channel: ChannelName
    dedupe_key: str = Field(max_length=300)
    address: str = Field(max_length=500)
    subject: str = Field(max_length=300)
    body: str


class DeliveryOut(Schema):
    """A claimed delivery, as a channel sends it."""

    id: int
    person_id: int
    kind: str
    channel: ChannelName
    dedupe_key: str
    address: str
    subject: str
    body: str
    attempts: int


class DeliveryPublic(Schema):
    """A delivery as the worker's status shows it."""

    id: int
    person_id: int
    kind: str
    channel: ChannelName
    address: str
    subject: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    created_at: datetime
    claimed_at: datetime | None
    sent_at: datetime | None


class OutboxStatus(Schema):
    """Counts by status, with the latest failed and uncertain deliveries."""

    counts: dict[DeliveryStatus, int]
    failed: list[DeliveryPublic]
    uncertain: list[DeliveryPublic]


class DeliveryPreview(Schema):
    """A delivery today's plan holds, and whether it was planned (and so sent or queued) before."""

    person_id: int
    kind: str
    channel: ChannelName
    address: str
    subject: str
    dedupe_key: str
    planned_before: bool
