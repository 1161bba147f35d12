"""Use cases for tactic experiments: start, stop, list, and read the verdicts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy.orm import Session

from microstep.core.experiments import KindResult, Window, baseline_window, compare_kind
from microstep.store import evidence
from microstep.store.models import Experiment


def results_of(session: Session, row: Experiment, today: date) -> list[KindResult]:
    """Per tracked signal kind, the comparison against the baseline window (none before start)."""
    window = Window(row.starts_on, row.ends_on)
    baseline = baseline_window(window)
    kinds = [tracked.kind for tracked in row.tracked]
    days: dict[str, list[date]] = defaultdict(list)
    for signal in evidence.signals_between(
        session=session, person_id=row.person_id, start=baseline.start, end=window.end, kinds=kinds
    ):
        days[signal.kind].append(signal.occurred_on)
    results = (compare_kind(kind, days[kind], window, today) for kind in kinds)
    return [result for result in results if result is not None]


def experiment_lines(
    session: Session, *, person_id: int, today: date, since: date | None = None
) -> list[str]:
    """One readable line per tracked kind of the experiments running since `since` (or today)."""
    rows = evidence.list_experiments(
        session=session, person_id=person_id, ending_after=since or today
    )
    return [
        f"Experiment '{row.tactic}': {result.sentence()}"
        for row in rows
        if row.starts_on <= today
        for result in results_of(session, row, today)
    ]
