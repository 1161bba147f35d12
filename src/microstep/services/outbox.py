"""The delivery lifecycle: claim before sending, record the outcome, never send one twice.

pending -> sending (claimed and committed before the send) -> sent. A failure with a known cause
puts it back to pending until MAX_ATTEMPTS; then it is failed. A sender holds a PostgreSQL
session lock on the delivery while it is in flight; a `sending` row whose lock is free belongs
to a sender that died mid-send, so it becomes `uncertain` and is not resent: a lost reminder
is better than a duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection

from microstep.services.reminders_schemas import DeliveryOut
from microstep.store import reminders as store
from microstep.store.db import Database

MAX_ATTEMPTS = 5
MAX_ERROR = 500
DIED_MID_SEND = (
    "The worker stopped while sending this reminder; it may have arrived, so it is not resent."
)

log = logging.getLogger(__name__)


def pending_ids(db: Database) -> list[int]:
    """Deliveries waiting to be sent, oldest first."""
    with db.transaction() as session:
        return store.ids_with_status(session=session, status="pending")


@contextmanager
def claimed(db: Database, delivery_id: int, *, now: datetime) -> Iterator[DeliveryOut | None]:
    """The delivery, claimed (committed as `sending`) and locked while the block sends it.

    Yields None when it is not pending or another sender holds it: then there is nothing to do.
    """
    with _locked(db, delivery_id) as held:
        if not held:
            yield None
            return
        with db.transaction() as session:
            row = store.claim(session=session, delivery_id=delivery_id, now=now)
            out = DeliveryOut.model_validate(row) if row is not None else None
        yield out


@contextmanager
def _locked(db: Database, delivery_id: int) -> Iterator[bool]:
    with db.engine.connect() as connection:
        held = store.try_lock(connection=connection, delivery_id=delivery_id)
        connection.commit()  # the lock outlives the transaction; do not idle inside one
        try:
            yield held
        finally:
            if held:
                _unlock(connection, delivery_id)


def _unlock(connection: Connection, delivery_id: int) -> None:
    try:
        store.unlock(connection=connection, delivery_id=delivery_id)
        connection.commit()
    except Exception:  # a broken connection: PostgreSQL dropped the lock with it
        connection.invalidate()
        log.warning("Could not release the lock of delivery %s cleanly", delivery_id)


def mark_sent(db: Database, delivery_id: int, *, now: datetime) -> None:
    """Record that the channel accepted the delivery (even if it was meanwhile marked uncertain)."""
    with db.transaction() as session:
        store.finish(
            session=session,
            delivery_id=delivery_id,
            status="sent",
            sent_at=now,
            from_statuses=("sending", "uncertain"),
        )


def mark_retry(db: Database, delivery: DeliveryOut, error: str) -> bool:
    """Back to pending after a failure with a known cause; failed after MAX_ATTEMPTS.

    True when it will be tried again.
    """
    again = delivery.attempts < MAX_ATTEMPTS
    status = "pending" if again else "failed"
    with db.transaction() as session:
        store.finish(session=session, delivery_id=delivery.id, status=status, error=_cut(error))
    if not again:
        log.warning("Delivery %s failed after %s attempts: %s", delivery.id, MAX_ATTEMPTS, error)
    return again


def mark_failed(db: Database, delivery_id: int, error: str) -> None:
    """The channel refused the delivery for good (a bad address, a rejected request)."""
    with db.transaction() as session:
        store.finish(session=session, delivery_id=delivery_id, status="failed", error=_cut(error))
    log.warning("Delivery %s failed: %s", delivery_id, error)


def mark_uncertain(db: Database, delivery_id: int, error: str) -> None:
    """The send broke off after the message may have arrived: never resend it."""
    with db.transaction() as session:
        store.finish(
            session=session, delivery_id=delivery_id, status="uncertain", error=_cut(error)
        )
    log.warning("Delivery %s is uncertain and will not be resent: %s", delivery_id, error)


def recover(db: Database) -> list[int]:
    """Mark `sending` deliveries whose sender died as uncertain (not resent); their ids."""
    found = []
    with db.transaction() as session:
        sending = store.ids_with_status(session=session, status="sending")
    for delivery_id in sending:
        with _locked(db, delivery_id) as held:
            if held and _abandon(db, delivery_id):
                found.append(delivery_id)
    for delivery_id in found:
        log.warning("Delivery %s is uncertain: %s", delivery_id, DIED_MID_SEND)
    return found


def _abandon(db: Database, delivery_id: int) -> bool:
    with db.transaction() as session:
        return store.finish(
            session=session, delivery_id=delivery_id, status="uncertain", error=DIED_MID_SEND
        )


def _cut(error: str) -> str:
    return error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"
