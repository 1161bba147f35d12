"""Experiments: a time-boxed tactic, its baseline, status by the day, verdicts per tracked kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from microstep.core.actions import find_action
from microstep.core.experiments import ExperimentStatus, Verdict, Window, status_of
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import experiments, signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import ExperimentCreate, ExperimentStop, SignalCreate
from tests.conftest import TODAY

TACTIC = "Share a 3-bullet insight in the team channel every Tuesday"


def start(ctx: Context, **changes: object):  # type: ignore[no-untyped-def]
    """Start the Tuesday-insight experiment (tracking invitations), unless told otherwise."""
    values = {"tactic": TACTIC, "hypothesis": "More invitations", "track": ["invitation"]}
    return experiments.start_experiment(ctx, ExperimentCreate.model_validate(values | changes))


def seed(ctx: Context, kind: str, days: list[date]) -> None:
    """Log one signal of `kind` on each day."""
    for day in days:
        signals.add_signal(ctx, SignalCreate(kind=kind, note="x", occurred_on=day))


def test_defaults_are_four_weeks_from_today_against_the_four_before(ctx: Context) -> None:
    row = start(ctx, track=["invitation", "meeting-invite", "invitation"])
    assert (row.starts_on, row.ends_on) == (TODAY, TODAY + timedelta(days=27))
    assert (row.baseline_start, row.baseline_end) == (
        TODAY - timedelta(days=28),
        TODAY - timedelta(days=1),
    )
    assert row.status is ExperimentStatus.RUNNING
    assert [kind.value for kind in row.tracked] == ["invitation", "meeting_invite"]
    assert [r.experiment_days for r in row.results] == [1, 1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"track": []}, "at least one signal kind"),
        ({"tactic": " "}, "tactic is empty"),
        ({"tactic": "be better"}, "'be better' is too vague to test"),
        ({"hypothesis": ""}, "hypothesis is empty"),
        ({"weeks": 13}, "1 to 12 weeks"),
        ({"starts_on": TODAY + timedelta(weeks=13)}, "within 12 weeks"),
        ({"action_key": "no-such-action"}, "no micro-action"),
    ],
)
def test_bad_experiments_are_refused_and_nothing_is_written(
    ctx: Context, changes: dict[str, object], message: str
) -> None:
    with pytest.raises((InvalidInput, NotFound), match=message):
        start(ctx, **changes)
    assert experiments.list_experiments(ctx) == []


def test_unknown_kinds_are_refused_by_the_schema_in_one_sentence() -> None:
    with pytest.raises(InvalidInput, match="'gossip' is not a signal kind"):
        ExperimentCreate(tactic="t", hypothesis="h", track=["gossip"])  # type: ignore[list-item]


def test_status_follows_the_day() -> None:
    window = Window(TODAY, TODAY + timedelta(days=27))
    assert status_of("running", window, TODAY - timedelta(1)) is ExperimentStatus.PLANNED
    assert status_of("running", window, TODAY) is ExperimentStatus.RUNNING
    assert status_of("running", window, window.end + timedelta(1)) is ExperimentStatus.FINISHED
    assert status_of("stopped", window, TODAY) is ExperimentStatus.STOPPED


def test_a_tactic_that_tripled_invitations_likely_helped(ctx: Context) -> None:
    start_day = TODAY - timedelta(days=27)
    before = [start_day - timedelta(days=n) for n in (3, 10, 17, 24)]
    during = [start_day + timedelta(days=n) for n in range(0, 28, 2)]
    seed(ctx, "invitation", before + during)
    seed(ctx, "mention", [start_day - timedelta(days=2), start_day + timedelta(days=2)])
    row = start(
        ctx, starts_on=start_day, track=["invitation", "mention"], action_key="tuesday-insight"
    )
    invitation, mention = row.results
    assert (invitation.baseline_count, invitation.experiment_count) == (4, 14)
    assert invitation.verdict is Verdict.HELPED
    assert invitation.low > 1
    assert mention.verdict is Verdict.TOO_LITTLE_DATA
    assert "likely helped" in invitation.sentence
    assert row.action_key == "tuesday-insight"
    later = replace(ctx, today=TODAY + timedelta(days=1))
    assert experiments.get_experiment(later, row.id).status is ExperimentStatus.FINISHED


def test_experiment_lines_still_read_each_tracked_kind(ctx: Context) -> None:
    start(ctx, starts_on=TODAY - timedelta(days=7))
    with ctx.db.transaction() as session:
        lines = experiments.experiment_lines(
            session, person_id=ctx.person_id, today=TODAY, since=TODAY - timedelta(days=7)
        )
    assert lines == [line for line in lines if line.startswith(f"Experiment '{TACTIC}'")]
    assert len(lines) == 1


def test_a_planned_experiment_has_no_results_and_is_deleted_not_stopped(ctx: Context) -> None:
    row = start(ctx, starts_on=TODAY + timedelta(days=5))
    assert row.status is ExperimentStatus.PLANNED
    assert row.results == []
    with pytest.raises(Conflict, match="has not started yet"):
        experiments.stop_experiment(ctx, row.id)
    experiments.delete_experiment(ctx, row.id)
    assert experiments.list_experiments(ctx) == []


def test_stopping_early_ends_the_window_today_and_keeps_the_conclusion(ctx: Context) -> None:
    row = start(ctx, starts_on=TODAY - timedelta(days=9))
    stopped = experiments.stop_experiment(ctx, row.id, ExperimentStop(conclusion="Too noisy."))
    assert stopped.status is ExperimentStatus.STOPPED
    assert stopped.ends_on == TODAY
    assert stopped.baseline_start == TODAY - timedelta(days=19)  # ten days before, like the run
    assert stopped.conclusion == "Too noisy."
    with pytest.raises(Conflict, match="already stopped"):
        experiments.stop_experiment(ctx, row.id)


def test_a_finished_experiment_takes_a_conclusion_and_stays_finished(ctx: Context) -> None:
    row = start(ctx, starts_on=TODAY - timedelta(weeks=6))
    closed = experiments.stop_experiment(ctx, row.id, ExperimentStop(conclusion="No change."))
    assert closed.status is ExperimentStatus.FINISHED
    assert closed.ends_on == row.ends_on
    assert closed.conclusion == "No change."


def test_experiments_belong_to_their_person(ctx: Context) -> None:
    row = start(ctx)
    stranger = replace(ctx, person_id=ctx.person_id + 1000)
    with pytest.raises(NotFound):
        experiments.get_experiment(stranger, row.id)
    assert experiments.list_experiments(stranger) == []


def test_an_experiment_names_the_title_of_the_micro_action_it_uses(ctx: Context) -> None:
    row = start(ctx, action_key="tuesday-insight")
    assert row.action_key == "tuesday-insight"
    assert row.action_title == find_action("tuesday-insight").title
    assert start(ctx).action_title is None


def test_an_experiment_not_started_yet_says_its_first_day_in_words(ctx: Context) -> None:
    row = start(ctx, starts_on=TODAY + timedelta(days=2))
    with pytest.raises(Conflict, match=r"it starts on Fri 20 Nov 2026\)"):
        experiments.stop_experiment(ctx, row.id)
