"""Reminders: how a person is reached, what the worker plans into the outbox, and its status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from microstep.errors import InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.reminders_schemas import (
    STATUSES,
    DeliveryCreate,
    DeliveryPreview,
    DeliveryPublic,
    NotificationsPublic,
    NotificationsUpdate,
    OutboxStatus,
    Recipient,
)
from microstep.store import reflection, reviews
from microstep.store import reminders as store
from microstep.store.db import Database
from microstep.store.models import Person

MAX_WEBHOOK_URL = 500
RECENT_PROBLEMS = 10


def notifications(ctx: Context) -> NotificationsPublic:
    """The signed-in person's notification choices."""
    with ctx.db.transaction() as session:
        return _notifications(_person(session, ctx))


def update_notifications(ctx: Context, form: NotificationsUpdate) -> NotificationsPublic:
    """Turn reminder emails on or off and set (or remove) the person's webhook."""
    url = clean_webhook_url(form.webhook_url)
    with ctx.db.transaction() as session:
        person = _person(session, ctx)
        person.notify_email = form.notify_email
        person.webhook_url = url
        return _notifications(person)


def clean_webhook_url(text: str | None) -> str | None:
    """A webhook URL that is http(s) with a host, or None for an empty one; else InvalidInput."""
    value = (text or "").strip()
    if not value:
        return None
    if len(value) > MAX_WEBHOOK_URL:
        raise _bad_url(f"it is over {MAX_WEBHOOK_URL} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise _bad_url("it contains spaces or control characters")
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"}:
        raise _bad_url("it must start with https:// (or http://)")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        raise _bad_url("its port is not a number from 1 to 65535") from None
    if not parts.hostname:
        raise _bad_url("it names no host")
    if parts.username is not None or parts.password is not None:
        raise _bad_url("it must not carry a user name or password")
    return value


def _bad_url(reason: str) -> InvalidInput:
    return InvalidInput(f"The webhook URL is not usable: {reason}.", field="webhook_url")


def _person(session: Session, ctx: Context) -> Person:
    person = reflection.get_person(session=session, person_id=ctx.person_id)
    if person is None:
        raise NotFound("Your account no longer exists.")
    return person


def _notifications(person: Person) -> NotificationsPublic:
    return NotificationsPublic(
        email=person.email, notify_email=person.notify_email, webhook_url=person.webhook_url
    )


def recipients(db: Database) -> list[Recipient]:
    """Active people with an email address or a webhook, by id."""
    with db.transaction() as session:
        return [
            Recipient(
                person_id=p.id,
                name=p.name,
                email=p.email,
                notify_email=p.notify_email,
                webhook_url=p.webhook_url,
            )
            for p in store.recipients(session=session)
        ]


def review_done(db: Database, *, person_id: int, week_start: date) -> bool:
    """Whether the person saved a review of the week starting on `week_start`."""
    with db.transaction() as session:
        found = reviews.get_review(session=session, person_id=person_id, week_start=week_start)
        return found is not None


def store_planned(db: Database, planned: Sequence[DeliveryCreate], *, now: datetime) -> list[int]:
    """Add planned deliveries to the outbox; a dedupe key stored before is skipped. New ids."""
    rows = [{**item.model_dump(), "status": "pending", "created_at": now} for item in planned]
    with db.transaction() as session:
        return store.add_deliveries(session=session, rows=rows)


def preview(db: Database, planned: Sequence[DeliveryCreate]) -> list[DeliveryPreview]:
    """The planned deliveries, each marked when the outbox holds it already (a dry run)."""
    with db.transaction() as session:
        known = store.existing_keys(session=session, keys=[item.dedupe_key for item in planned])
    return [
        DeliveryPreview(
            **item.model_dump(exclude={"body"}), planned_before=item.dedupe_key in known
        )
        for item in planned
    ]


def outbox_status(db: Database, *, limit: int = RECENT_PROBLEMS) -> OutboxStatus:
    """Counts by status, and the latest failed and uncertain deliveries."""
    with db.transaction() as session:
        counts = store.status_counts(session=session)
        failed = store.recent(session=session, statuses=["failed"], limit=limit)
        uncertain = store.recent(session=session, statuses=["uncertain"], limit=limit)
        return OutboxStatus(
            counts={status: counts.get(status, 0) for status in STATUSES},
            failed=[DeliveryPublic.model_validate(row) for row in failed],
            uncertain=[DeliveryPublic.model_validate(row) for row in uncertain],
        )
