"""Use cases of the signal log: capture one line of evidence, list it, delete it, count per week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from microstep.core.evidence import SignalKind
from microstep.core.signals import (
    MAX_SIGNAL_NOTE,
    MAX_SOURCE,
    check_signal_day,
    check_since,
    weekly_by_kind,
)
from microstep.core.text import one_line
from microstep.core.weeks import week_start
from microstep.errors import NotFound
from microstep.services.context import Context
from microstep.services.evidence_schemas import SignalCreate, SignalPublic, SignalWeekPublic
from microstep.store import evidence

CHART_WEEKS = 12


def add_signal(ctx: Context, signal_in: SignalCreate) -> SignalPublic:
    """Log one signal; the day defaults to today and may not be in the future."""
    day = check_signal_day(signal_in.occurred_on or ctx.today, today=ctx.today)
    note = one_line(
        signal_in.note, field="note", label="note", max_len=MAX_SIGNAL_NOTE, required=True
    )
    source = one_line(
        signal_in.source, field="source", label="source", max_len=MAX_SOURCE, required=False
    )
    with ctx.db.transaction() as session:
        row = evidence.add_signal(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            kind=signal_in.kind.value,
            occurred_on=day,
            note=note,
            source=source,
        )
        return SignalPublic.model_validate(row)


def list_signals(
    ctx: Context,
    kinds: Sequence[SignalKind] = (),
    since: date | None = None,
    limit: int | None = None,
) -> list[SignalPublic]:
    """The person's signals, newest first; optionally some kinds, from a day, the latest few."""
    if since is not None:
        check_since(since, today=ctx.today)
    with ctx.db.transaction() as session:
        rows = evidence.list_signals(
            session=session,
            person_id=ctx.person_id,
            kinds=[kind.value for kind in kinds],
            since=since,
            limit=limit,
        )
        return [SignalPublic.model_validate(row) for row in rows]


def delete_signal(ctx: Context, signal_id: int) -> SignalPublic:
    """Remove a signal logged by mistake; returns what was removed."""
    with ctx.db.transaction() as session:
        row = evidence.get_signal(session=session, person_id=ctx.person_id, signal_id=signal_id)
        if row is None:
            raise NotFound(f"There is no signal #{signal_id}.", field="signal_id")
        removed = SignalPublic.model_validate(row)
        evidence.delete_row(session=session, row=row)
        return removed


def signal_weeks(ctx: Context, weeks: int = CHART_WEEKS) -> list[SignalWeekPublic]:
    """Signals per ISO week and kind for the last `weeks` weeks, oldest first."""
    first = week_start(ctx.today) - timedelta(weeks=weeks - 1)
    with ctx.db.transaction() as session:
        rows = evidence.signals_between(
            session=session, person_id=ctx.person_id, start=first, end=ctx.today
        )
        pairs = [(row.occurred_on, row.kind) for row in rows]
    return [
        SignalWeekPublic(week=week.week, counts=week.counts, total=week.total)
        for week in weekly_by_kind(pairs, today=ctx.today, weeks=weeks)
    ]
