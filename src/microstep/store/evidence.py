"""Storage of the evidence log: signals, feedback requests, micro-action picks, experiments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microstep.store.models import (
    ActionPick,
    ActionTick,
    Experiment,
    ExperimentSignal,
    FeedbackRequest,
    Signal,
)


def signals_between(
    *, session: Session, person_id: int, start: date, end: date, kinds: Sequence[str] = ()
) -> Sequence[Signal]:
    """A person's signals from `start` to `end` (both included), oldest first."""
    query = select(Signal).where(
        Signal.person_id == person_id, Signal.occurred_on.between(start, end)
    )
    if kinds:
        query = query.where(Signal.kind.in_(kinds))
    return session.scalars(query.order_by(Signal.occurred_on, Signal.id)).all()


def list_experiments(
    *, session: Session, person_id: int, ending_after: date | None = None
) -> Sequence[Experiment]:
    """A person's experiments, newest first; only those ending on or after a day if given."""
    query = select(Experiment).where(Experiment.person_id == person_id)
    if ending_after is not None:
        query = query.where(Experiment.ends_on >= ending_after)
    return session.scalars(query.order_by(Experiment.starts_on.desc(), Experiment.id.desc())).all()


def add_signal(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Signal:
    """Store a new signal."""
    row = Signal(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def list_signals(
    *,
    session: Session,
    person_id: int,
    kinds: Sequence[str] = (),
    since: date | None = None,
    limit: int | None = None,
) -> Sequence[Signal]:
    """A person's signals, newest first; optionally some kinds, from a day, at most `limit`."""
    query = select(Signal).where(Signal.person_id == person_id)
    if kinds:
        query = query.where(Signal.kind.in_(kinds))
    if since is not None:
        query = query.where(Signal.occurred_on >= since)
    query = query.order_by(Signal.occurred_on.desc(), Signal.id.desc())
    return session.scalars(query if limit is None else query.limit(limit)).all()


def get_signal(*, session: Session, person_id: int, signal_id: int) -> Signal | None:
    """One signal of this person."""
    return session.scalars(
        select(Signal).where(Signal.id == signal_id, Signal.person_id == person_id)
    ).first()


def add_feedback_request(
    *, session: Session, person_id: int, now: datetime, **fields: Any
) -> FeedbackRequest:
    """Store a new feedback request."""
    row = FeedbackRequest(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def list_feedback_requests(
    *, session: Session, person_id: int, statuses: Sequence[str] = ()
) -> Sequence[FeedbackRequest]:
    """A person's feedback requests, newest first; optionally only some statuses."""
    query = select(FeedbackRequest).where(FeedbackRequest.person_id == person_id)
    if statuses:
        query = query.where(FeedbackRequest.status.in_(statuses))
    order = (FeedbackRequest.asked_on.desc(), FeedbackRequest.id.desc())
    return session.scalars(query.order_by(*order)).all()


def get_feedback_request(
    *, session: Session, person_id: int, request_id: int
) -> FeedbackRequest | None:
    """One feedback request of this person."""
    return session.scalars(
        select(FeedbackRequest).where(
            FeedbackRequest.id == request_id, FeedbackRequest.person_id == person_id
        )
    ).first()


def active_picks(*, session: Session, person_id: int) -> Sequence[ActionPick]:
    """The micro-actions a person repeats now (not dropped), oldest pick first."""
    return session.scalars(
        select(ActionPick)
        .where(ActionPick.person_id == person_id, ActionPick.dropped_on.is_(None))
        .order_by(ActionPick.picked_on, ActionPick.id)
    ).all()


def add_pick(*, session: Session, person_id: int, now: datetime, **fields: Any) -> ActionPick:
    """Store a new pick."""
    row = ActionPick(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def pick_ticks(*, session: Session, pick_ids: Sequence[int]) -> Sequence[ActionTick]:
    """The ticks of these picks, oldest first."""
    if not pick_ids:
        return []
    return session.scalars(
        select(ActionTick)
        .where(ActionTick.pick_id.in_(pick_ids))
        .order_by(ActionTick.done_on, ActionTick.id)
    ).all()


def has_tick(*, session: Session, pick_id: int, day: date) -> bool:
    """Whether this pick was ticked on this day."""
    found = session.scalar(
        select(func.count())
        .select_from(ActionTick)
        .where(ActionTick.pick_id == pick_id, ActionTick.done_on == day)
    )
    return bool(found)


def add_tick(
    *, session: Session, pick_id: int, day: date, now: datetime, note: str | None = None
) -> ActionTick:
    """Store a tick."""
    row = ActionTick(pick_id=pick_id, done_on=day, note=note, created_at=now)
    session.add(row)
    session.flush()
    return row


def tick_counts_by_focus(
    *, session: Session, person_id: int, start: date, end: date
) -> dict[str, int]:
    """Ticks from `start` to `end` (both included) per focus of the picked action."""
    rows = session.execute(
        select(ActionPick.focus, func.count(ActionTick.id))
        .join(ActionTick, ActionTick.pick_id == ActionPick.id)
        .where(ActionPick.person_id == person_id, ActionTick.done_on.between(start, end))
        .group_by(ActionPick.focus)
    ).all()
    return {str(focus): int(count) for focus, count in rows}


def add_experiment(
    *, session: Session, person_id: int, now: datetime, kinds: Sequence[str], **fields: Any
) -> Experiment:
    """Store a new experiment with the signal kinds it tracks."""
    row = Experiment(person_id=person_id, created_at=now, **fields)
    row.tracked = [ExperimentSignal(kind=kind) for kind in kinds]
    session.add(row)
    session.flush()
    return row


def get_experiment(*, session: Session, person_id: int, experiment_id: int) -> Experiment | None:
    """One experiment of this person."""
    return session.scalars(
        select(Experiment).where(Experiment.id == experiment_id, Experiment.person_id == person_id)
    ).first()


def delete_row(*, session: Session, row: object) -> None:
    """Remove a stored row (its dependants go by the foreign keys' cascades)."""
    session.delete(row)
    session.flush()


def signal_ids_of_requests(*, session: Session, request_ids: Sequence[int]) -> dict[int, int]:
    """The signal each answered feedback request became, by request id."""
    if not request_ids:
        return {}
    rows = session.execute(
        select(Signal.feedback_request_id, Signal.id).where(
            Signal.feedback_request_id.in_(request_ids)
        )
    ).all()
    return {int(request): int(signal) for request, signal in rows if request is not None}
