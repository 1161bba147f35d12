"""Experiment statistics: the Gamma-Poisson rate ratio, its calibration and its verdicts."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.experiments import (
    LEVEL,
    Verdict,
    Window,
    baseline_window,
    compare_kind,
    experiment_window,
    rate_ratio,
    verdict_of,
)
from microstep.errors import InvalidInput

SIMULATIONS = 2000


def test_intervals_cover_the_true_ratio_close_to_nominal() -> None:
    """Over 2,000 seeded worlds with known rates, 90% intervals hold the truth 87-93% of runs."""
    rng = np.random.default_rng(20261122)
    days = 28
    covered = 0
    for _ in range(SIMULATIONS):
        baseline_rate = rng.uniform(0.03, 0.6)  # about 1 to 17 signals in four weeks
        true_ratio = float(np.exp(rng.normal(0.0, 0.6)))
        before = int(rng.poisson(baseline_rate * days))
        during = int(rng.poisson(baseline_rate * true_ratio * days))
        interval = rate_ratio(during, days, before, days)
        covered += interval.low <= true_ratio <= interval.high
    coverage = covered / SIMULATIONS
    assert abs(coverage - LEVEL) <= 0.03, coverage


def test_unequal_windows_scale_the_ratio_by_exposure() -> None:
    # Same daily rate, the experiment seen for half as long: no effect, ratio near 1.
    ratio = rate_ratio(10, 14, 20, 28)
    assert ratio.low < 1.0 < ratio.high
    assert ratio.median == pytest.approx(1.0, abs=0.06)


@given(st.integers(0, 500), st.integers(1, 400), st.integers(0, 500), st.integers(1, 400))
def test_interval_is_ordered_and_positive(k1: int, t1: int, k0: int, t0: int) -> None:
    r = rate_ratio(k1, t1, k0, t0)
    assert 0.0 < r.low <= r.median <= r.high


def test_verdicts_read_the_interval_plainly() -> None:
    assert verdict_of(rate_ratio(30, 28, 8, 28), 38) is Verdict.HELPED
    assert verdict_of(rate_ratio(3, 28, 25, 28), 28) is Verdict.HURT
    assert verdict_of(rate_ratio(11, 28, 10, 28), 21) is Verdict.NO_CLEAR_EFFECT
    assert verdict_of(rate_ratio(2, 28, 1, 28), 3) is Verdict.TOO_LITTLE_DATA


def test_the_first_week_is_too_early_to_say_whatever_the_counts() -> None:
    window = experiment_window(date(2026, 11, 2))
    before = [date(2026, 10, 5) + timedelta(days=i) for i in range(6)]
    during = [date(2026, 11, 2) + timedelta(days=i // 4) for i in range(24)]  # a burst
    early = compare_kind("praise", before + during, window, today=date(2026, 11, 7))
    later = compare_kind("praise", before + during, window, today=date(2026, 11, 8))
    assert early is not None
    assert early.verdict is Verdict.TOO_LITTLE_DATA
    assert "interval" not in early.sentence()
    assert later is not None
    assert later.verdict is Verdict.HELPED


def test_baseline_is_the_equal_window_just_before() -> None:
    window = experiment_window(date(2026, 11, 2), weeks=4)
    assert window == Window(date(2026, 11, 2), date(2026, 11, 29))
    assert baseline_window(window) == Window(date(2026, 10, 5), date(2026, 11, 1))


def test_a_running_experiment_counts_only_the_days_seen() -> None:
    window = experiment_window(date(2026, 11, 2))
    before = [date(2026, 10, 5) + timedelta(days=3 * i) for i in range(9)]
    during = [date(2026, 11, 3), date(2026, 11, 5), date(2026, 11, 8), date(2026, 11, 20)]
    result = compare_kind("invitation", before + during, window, today=date(2026, 11, 9))
    assert result is not None
    assert (result.experiment_count, result.experiment_days) == (3, 8)
    assert (result.baseline_count, result.baseline_days) == (9, 28)
    assert "invitation" in result.sentence()
    assert compare_kind("invitation", during, window, today=date(2026, 11, 1)) is None


@pytest.mark.parametrize("weeks", [0, 13, -1])
def test_time_box_out_of_range_is_refused(weeks: int) -> None:
    with pytest.raises(InvalidInput, match="1 to 12 weeks"):
        experiment_window(date(2026, 11, 2), weeks=weeks)
