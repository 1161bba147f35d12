"""Storage of the evidence log: signals, feedback requests, micro-action picks, experiments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from microstep.store.models import Experiment, Signal


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
