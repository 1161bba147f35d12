"""Queries of the reminders outbox (`delivery`) and the people reminders go to. PostgreSQL only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from microstep.store.models import Delivery, Person

# The first key of the advisory locks a sender holds while a delivery is in flight ("ms").
LOCK_SPACE = 0x6D73


def recipients(*, session: Session) -> Sequence[Person]:
    """Active people with a way to be reached: an email address or a webhook."""
    query = (
        select(Person)
        .where(Person.is_active.is_(True))
        .where(or_(Person.email.is_not(None), Person.webhook_url.is_not(None)))
        .order_by(Person.id)
    )
    return session.scalars(query).all()


def add_deliveries(*, session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert deliveries, skipping any whose dedupe key is stored already; the new ids."""
    if not rows:
        return []
    query = (
        insert(Delivery)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=[Delivery.dedupe_key])
        .returning(Delivery.id)
    )
    return sorted(session.scalars(query).all())


def existing_keys(*, session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these dedupe keys are stored already."""
    wanted = list(keys)
    if not wanted:
        return set()
    query = select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_(wanted))
    return set(session.scalars(query).all())


def ids_with_status(*, session: Session, status: str) -> list[int]:
    """Ids of the deliveries in one status, oldest first."""
    query = select(Delivery.id).where(Delivery.status == status).order_by(Delivery.id)
    return list(session.scalars(query).all())


def claim(*, session: Session, delivery_id: int, now: datetime) -> Delivery | None:
    """Move a pending delivery to `sending` (one more attempt); None unless it was pending."""
    query = (
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == "pending")
        .values(status="sending", claimed_at=now, attempts=Delivery.attempts + 1)
        .returning(Delivery)
    )
    return session.scalars(query).one_or_none()


def finish(
    *,
    session: Session,
    delivery_id: int,
    status: str,
    error: str | None = None,
    sent_at: datetime | None = None,
    from_statuses: Sequence[str] = ("sending",),
) -> bool:
    """Set the outcome of a claimed delivery; False when it was not in `from_statuses`."""
    values: dict[str, Any] = {"status": status, "last_error": error}
    if sent_at is not None:
        values["sent_at"] = sent_at
    query = (
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status.in_(from_statuses))
        .values(**values)
        .returning(Delivery.id)
    )
    return session.scalars(query).one_or_none() is not None


def status_counts(*, session: Session) -> dict[str, int]:
    """How many deliveries are in each status."""
    query = select(Delivery.status, func.count()).group_by(Delivery.status)
    return {str(row[0]): int(row[1]) for row in session.execute(query)}


def recent(*, session: Session, statuses: Sequence[str], limit: int) -> Sequence[Delivery]:
    """The latest deliveries in these statuses, newest first."""
    query = (
        select(Delivery)
        .where(Delivery.status.in_(statuses))
        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def try_lock(*, connection: Connection, delivery_id: int) -> bool:
    """Take the delivery's session lock on this connection unless another connection holds it.

    PostgreSQL frees the lock when the holding connection ends, so a sender that died mid-send
    is told apart from one still sending without waiting for a lease to run out.
    """
    query = select(func.pg_try_advisory_lock(LOCK_SPACE, delivery_id))
    return bool(connection.execute(query).scalar_one())


def unlock(*, connection: Connection, delivery_id: int) -> None:
    """Release the delivery's session lock taken on this connection."""
    connection.execute(select(func.pg_advisory_unlock(LOCK_SPACE, delivery_id)))
