"""Maya's demo evidence: a believable rhythm, and the verdicts the tour promises."""

from __future__ import annotations

from datetime import timedelta

from microstep.core.experiments import ExperimentStatus, Verdict
from microstep.demo.evidence import build_evidence_demo
from microstep.services import actions, experiments, feedback, signals
from microstep.services.context import Context
from tests.conftest import TODAY


def test_demo_evidence_tells_the_story_of_the_tuesday_insight(ctx: Context) -> None:
    summary = build_evidence_demo(ctx, start=TODAY - timedelta(weeks=12), seed=7)
    assert summary.startswith("63 signals, 8 feedback requests, 2 experiments")
    rows = signals.list_signals(ctx)
    assert len(rows) == 63
    assert all(TODAY - timedelta(weeks=12) <= row.occurred_on <= TODAY for row in rows)
    requests = feedback.list_feedback(ctx)
    assert [r.status for r in requests].count("open") == 2
    assert all(r.rating for r in requests if r.status == "answered")
    current, earlier = experiments.list_experiments(ctx)
    assert current.status is ExperimentStatus.RUNNING
    assert current.starts_on == TODAY - timedelta(days=35)
    verdicts = {r.kind.value: r.verdict for r in current.results}
    assert verdicts == {"invitation": Verdict.HELPED, "mention": Verdict.NO_CLEAR_EFFECT}
    assert earlier.status is ExperimentStatus.FINISHED
    assert earlier.conclusion
    assert {r.verdict for r in earlier.results} == {Verdict.NO_CLEAR_EFFECT}
    picks = actions.list_picks(ctx)
    assert len(picks) == 4
    assert all(p.total_ticks >= 4 for p in picks)
    assert {p.focus.value for p in picks} == {"capability", "visibility"}


def test_demo_verdicts_hold_for_other_seeds(ctx: Context) -> None:
    build_evidence_demo(ctx, start=TODAY - timedelta(weeks=12), seed=12345)
    current, earlier = experiments.list_experiments(ctx)
    assert current.results[0].verdict is Verdict.HELPED
    assert all(r.verdict is not Verdict.HELPED for r in earlier.results)
