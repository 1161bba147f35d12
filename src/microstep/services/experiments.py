"""Use cases for tactic experiments: start, stop, list, and read the verdicts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy.orm import Session

from microstep.core.actions import check_tactic, find_action
from microstep.core.dates import day_label
from microstep.core.evidence import SignalKind
from microstep.core.experiments import (
    ExperimentStatus,
    KindResult,
    Window,
    baseline_window,
    check_start,
    check_tracked,
    compare_kind,
    experiment_window,
    status_of,
    stopped_window,
)
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text, one_line
from microstep.errors import Conflict, NotFound
from microstep.services.context import Context
from microstep.services.evidence_schemas import (
    ExperimentCreate,
    ExperimentPublic,
    ExperimentStop,
    KindResultPublic,
)
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


def start_experiment(ctx: Context, experiment_in: ExperimentCreate) -> ExperimentPublic:
    """Time-box a tactic: a hypothesis, the kinds it should move, a window (4 weeks by default)."""
    tactic = one_line(
        experiment_in.tactic, field="tactic", label="tactic", max_len=MAX_TITLE, required=True
    )
    assert tactic is not None
    check_tactic(tactic)
    hypothesis = clean_text(
        experiment_in.hypothesis, field="hypothesis", required=True, max_len=MAX_NOTE
    )
    kinds = check_tracked([kind.value for kind in experiment_in.track], list(SignalKind))
    start = check_start(experiment_in.starts_on or ctx.today, ctx.today)
    window = experiment_window(start, experiment_in.weeks)
    key = None if experiment_in.action_key is None else find_action(experiment_in.action_key).key
    with ctx.db.transaction() as session:
        row = evidence.add_experiment(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            kinds=kinds,
            tactic=tactic,
            hypothesis=hypothesis,
            action_key=key,
            starts_on=window.start,
            ends_on=window.end,
            status="running",
        )
        return experiment_public(session, row, ctx.today)


def list_experiments(ctx: Context) -> list[ExperimentPublic]:
    """The person's experiments, newest start first, each with its results so far."""
    with ctx.db.transaction() as session:
        rows = evidence.list_experiments(session=session, person_id=ctx.person_id)
        return [experiment_public(session, row, ctx.today) for row in rows]


def get_experiment(ctx: Context, experiment_id: int) -> ExperimentPublic:
    """One experiment with its per-kind results."""
    with ctx.db.transaction() as session:
        return experiment_public(session, _get(session, ctx, experiment_id), ctx.today)


def stop_experiment(
    ctx: Context, experiment_id: int, stop: ExperimentStop | None = None
) -> ExperimentPublic:
    """Stop a running experiment today (its window ends here), or close a finished one."""
    conclusion = clean_text(
        stop.conclusion if stop else None, field="conclusion", required=False, max_len=MAX_NOTE
    )
    with ctx.db.transaction() as session:
        row = _get(session, ctx, experiment_id)
        window = Window(row.starts_on, row.ends_on)
        status = status_of(row.status, window, ctx.today)
        if status is ExperimentStatus.PLANNED:
            raise Conflict(
                f"Experiment #{row.id} has not started yet (it starts on "
                f"{day_label(row.starts_on)}): "
                f"delete it instead with `microstep experiment delete {row.id}`."
            )
        if status is ExperimentStatus.STOPPED and conclusion is None:
            raise Conflict(f"Experiment #{row.id} is already stopped.")
        if status is ExperimentStatus.RUNNING:
            row.ends_on = stopped_window(window, ctx.today).end
            row.status = ExperimentStatus.STOPPED.value
        elif status is ExperimentStatus.FINISHED:
            row.status = ExperimentStatus.FINISHED.value
        if conclusion is not None:
            row.conclusion = conclusion
        return experiment_public(session, row, ctx.today)


def delete_experiment(ctx: Context, experiment_id: int) -> ExperimentPublic:
    """Remove an experiment (its signals stay in the log); returns what was removed."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, experiment_id)
        removed = experiment_public(session, row, ctx.today)
        evidence.delete_row(session=session, row=row)
        return removed


def experiment_public(session: Session, row: Experiment, today: date) -> ExperimentPublic:
    """Shape a stored experiment with its status on `today` and its results so far."""
    window = Window(row.starts_on, row.ends_on)
    baseline = baseline_window(window)
    return ExperimentPublic(
        id=row.id,
        tactic=row.tactic,
        hypothesis=row.hypothesis,
        action_key=row.action_key,
        action_title=None if row.action_key is None else find_action(row.action_key).title,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        baseline_start=baseline.start,
        baseline_end=baseline.end,
        status=status_of(row.status, window, today),
        conclusion=row.conclusion,
        tracked=[SignalKind(tracked.kind) for tracked in row.tracked],
        results=[_result(result) for result in results_of(session, row, today)],
        created_at=row.created_at,
    )


def _result(result: KindResult) -> KindResultPublic:
    ratio = result.ratio
    return KindResultPublic(
        kind=SignalKind(result.kind),
        baseline_count=result.baseline_count,
        baseline_days=result.baseline_days,
        experiment_count=result.experiment_count,
        experiment_days=result.experiment_days,
        ratio=ratio.median,
        low=ratio.low,
        high=ratio.high,
        level=ratio.level,
        verdict=result.verdict,
        sentence=result.sentence(),
    )


def _get(session: Session, ctx: Context, experiment_id: int) -> Experiment:
    row = evidence.get_experiment(
        session=session, person_id=ctx.person_id, experiment_id=experiment_id
    )
    if row is None:
        raise NotFound(f"There is no experiment #{experiment_id}.", field="experiment_id")
    return row
