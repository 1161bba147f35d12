"""The evidence log's JSON API: signals, feedback requests, micro-actions and experiments."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query

from microstep.core.evidence import ActionCategory, ActionFocus, SignalKind
from microstep.services import actions, experiments, feedback, signals
from microstep.services.evidence_schemas import (
    ActionPickPublic,
    ActionTickCreate,
    ExperimentCreate,
    ExperimentPublic,
    ExperimentStop,
    FeedbackAnswer,
    FeedbackCreate,
    FeedbackPublic,
    MicroActionPublic,
    SignalCreate,
    SignalPublic,
    SignalWeekPublic,
)
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

KeyPath = Annotated[str, Path(min_length=1, max_length=60, description="A library key.")]


@router.get("/signals", tags=["signals"])
def list_signals(
    ctx: CtxDep,
    kind: Annotated[list[SignalKind] | None, Query()] = None,
    since: date | None = None,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> list[SignalPublic]:
    """The signal log, newest first; repeat ?kind= to keep some kinds, ?since= from a day."""
    return signals.list_signals(ctx, kind or (), since, limit)


@router.post("/signals", status_code=201, tags=["signals"])
def add_signal(ctx: CtxDep, signal_in: SignalCreate) -> SignalPublic:
    """Log one signal; the day defaults to today and may not be in the future."""
    return signals.add_signal(ctx, signal_in)


@router.delete("/signals/{signal_id}", tags=["signals"])
def delete_signal(ctx: CtxDep, signal_id: IdPath) -> SignalPublic:
    """Delete a signal logged by mistake; answers with what was removed."""
    return signals.delete_signal(ctx, signal_id)


@router.get("/signals/weekly", tags=["signals"])
def signal_weeks(
    ctx: CtxDep, weeks: Annotated[int, Query(ge=1, le=52)] = signals.CHART_WEEKS
) -> list[SignalWeekPublic]:
    """Signals per ISO week and kind, oldest week first (the last is this week)."""
    return signals.signal_weeks(ctx, weeks)


@router.get("/feedback", tags=["feedback"])
def list_feedback(ctx: CtxDep, open: bool = False) -> list[FeedbackPublic]:
    """Feedback requests, newest first; ?open=true for those still waiting for an answer."""
    return feedback.list_feedback(ctx, open_only=open)


@router.post("/feedback", status_code=201, tags=["feedback"])
def ask_feedback(ctx: CtxDep, request_in: FeedbackCreate) -> FeedbackPublic:
    """Record one specific question to a named person; a generic one is refused."""
    return feedback.ask_feedback(ctx, request_in)


@router.post("/feedback/{request_id}/answer", tags=["feedback"])
def answer_feedback(ctx: CtxDep, request_id: IdPath, answer_in: FeedbackAnswer) -> FeedbackPublic:
    """Record the answer and rating; it becomes a feedback signal in the same transaction."""
    return feedback.answer_feedback(ctx, request_id, answer_in)


@router.post("/feedback/{request_id}/withdraw", tags=["feedback"])
def withdraw_feedback(ctx: CtxDep, request_id: IdPath) -> FeedbackPublic:
    """Withdraw an open request that will not be answered."""
    return feedback.withdraw_feedback(ctx, request_id)


@router.get("/actions/library", tags=["actions"])
def action_library(
    ctx: CtxDep, category: ActionCategory | None = None, focus: ActionFocus | None = None
) -> list[MicroActionPublic]:
    """The micro-action catalogue, optionally one category and/or one focus."""
    return actions.action_library(ctx, category, focus)


@router.get("/actions", tags=["actions"])
def list_picks(ctx: CtxDep) -> list[ActionPickPublic]:
    """Your picked micro-actions with this week's ticks and weekly streaks."""
    return actions.list_picks(ctx)


@router.post("/actions/{key}/pick", status_code=201, tags=["actions"])
def pick_action(ctx: CtxDep, key: KeyPath) -> ActionPickPublic:
    """Pick a micro-action to repeat weekly (at most 6; the same one once)."""
    return actions.pick_action(ctx, key)


@router.post("/actions/{key}/drop", tags=["actions"])
def drop_action(ctx: CtxDep, key: KeyPath) -> ActionPickPublic:
    """Stop repeating a picked micro-action; its ticks stay."""
    return actions.drop_action(ctx, key)


@router.post("/actions/{key}/tick", tags=["actions"])
def tick_action(
    ctx: CtxDep, key: KeyPath, tick_in: Annotated[ActionTickCreate | None, Body()] = None
) -> ActionPickPublic:
    """Tick a picked micro-action off for today (or done_on); at most once a day."""
    return actions.tick_action(ctx, key, tick_in or ActionTickCreate())


@router.get("/experiments", tags=["experiments"])
def list_experiments(ctx: CtxDep) -> list[ExperimentPublic]:
    """Experiments, newest first, with per-kind results so far."""
    return experiments.list_experiments(ctx)


@router.post("/experiments", status_code=201, tags=["experiments"])
def start_experiment(ctx: CtxDep, experiment_in: ExperimentCreate) -> ExperimentPublic:
    """Time-box a tactic with a hypothesis and the signal kinds it should move."""
    return experiments.start_experiment(ctx, experiment_in)


@router.get("/experiments/{experiment_id}", tags=["experiments"])
def get_experiment(ctx: CtxDep, experiment_id: IdPath) -> ExperimentPublic:
    """One experiment: per kind the counts, the rate ratio, its 90% interval and the verdict."""
    return experiments.get_experiment(ctx, experiment_id)


@router.post("/experiments/{experiment_id}/stop", tags=["experiments"])
def stop_experiment(
    ctx: CtxDep, experiment_id: IdPath, stop: Annotated[ExperimentStop | None, Body()] = None
) -> ExperimentPublic:
    """Stop a running experiment today, or record the conclusion of a finished one."""
    return experiments.stop_experiment(ctx, experiment_id, stop)


@router.delete("/experiments/{experiment_id}", tags=["experiments"])
def delete_experiment(ctx: CtxDep, experiment_id: IdPath) -> ExperimentPublic:
    """Delete an experiment; the signals stay in the log."""
    return experiments.delete_experiment(ctx, experiment_id)
