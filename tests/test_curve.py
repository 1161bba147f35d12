"""Learning curves: the Theil-Sen trend line and plateau detection, checked against known truth."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.curve import (
    DEFAULT_WINDOW,
    Direction,
    Trend,
    detect_plateau,
    improvement_per_session,
    theil_sen,
)
from microstep.errors import InvalidInput

VALUE = st.floats(min_value=-1e3, max_value=1e3, allow_subnormal=False)
SERIES = st.lists(VALUE, min_size=DEFAULT_WINDOW, max_size=DEFAULT_WINDOW + 8)
ONE_WINDOW = st.lists(VALUE, min_size=DEFAULT_WINDOW, max_size=DEFAULT_WINDOW)
# Filler words per minute falling by 0.5 a session, with a small fixed wobble so it is not a line.
WOBBLE = (0.3, -0.2, 0.1, -0.3, 0.2, 0.0, -0.1, 0.3, -0.2, 0.1, -0.3, 0.2)
IMPROVING_FILLER = [10 - 0.5 * index + wobble for index, wobble in enumerate(WOBBLE)]


# --- the trend line -----------------------------------------------------------------------


def test_theil_sen_is_the_median_of_pairwise_slopes() -> None:
    # Slopes: 2 (0→1), 0.5 (0→2), -1 (1→2): the median is 0.5; offsets 0, 1.5, 0: median 0.
    assert theil_sen([0.0, 2.0, 1.0]) == Trend(slope=0.5, intercept=0.0, n=3)


def test_theil_sen_averages_the_two_middle_slopes_of_an_even_count() -> None:
    # Ten slopes sorted: -1, .5, .5, .67, 1, 1, 1, 1.5, 2, 2; offsets 1, 1, 2, 0, 1.
    assert theil_sen([1.0, 2.0, 4.0, 3.0, 5.0]) == Trend(slope=1.0, intercept=1.0, n=5)


def test_one_terrible_day_does_not_tilt_the_line() -> None:
    values = [10.0 - index for index in range(10)]
    values[5] = 100.0  # a bad day: only 9 of the 45 pairwise slopes involve it
    assert theil_sen(values) == Trend(slope=-1.0, intercept=10.0, n=10)


def test_the_line_gives_its_value_at_any_session_index() -> None:
    trend = Trend(slope=-0.5, intercept=10.0, n=8)
    assert trend.at(0) == 10.0
    assert trend.at(3.5) == 8.25


def test_short_series_have_a_flat_line_through_what_there_is() -> None:
    assert theil_sen([]) == Trend(slope=0.0, intercept=0.0, n=0)
    assert theil_sen([7.5]) == Trend(slope=0.0, intercept=7.5, n=1)
    assert theil_sen([4.0, 3.0]) == Trend(slope=-1.0, intercept=4.0, n=2)


def test_improvement_is_positive_when_the_metric_moves_the_good_way() -> None:
    falling = Trend(slope=-0.4, intercept=10.0, n=12)
    assert improvement_per_session(falling, Direction.LOWER) == pytest.approx(0.4)
    assert improvement_per_session(falling, Direction.HIGHER) == pytest.approx(-0.4)


def test_values_that_are_not_finite_numbers_are_refused() -> None:
    with pytest.raises(InvalidInput, match="finite"):
        theil_sen([1.0, float("nan"), 3.0])
    with pytest.raises(InvalidInput, match="finite"):
        detect_plateau([1.0, float("inf")] * 6, Direction.LOWER)


@given(SERIES, st.floats(min_value=-1e3, max_value=1e3))
def test_adding_a_constant_leaves_the_slope_unchanged(values: list[float], shift: float) -> None:
    shifted = theil_sen([value + shift for value in values])
    assert shifted.slope == pytest.approx(theil_sen(values).slope, abs=1e-6)


@given(
    st.floats(min_value=-100, max_value=100),
    st.floats(min_value=-1e3, max_value=1e3),
    st.integers(min_value=2, max_value=30),
)
def test_an_exact_line_is_recovered(slope: float, intercept: float, n: int) -> None:
    trend = theil_sen([intercept + slope * index for index in range(n)])
    assert trend.slope == pytest.approx(slope, abs=1e-9)
    assert trend.intercept == pytest.approx(intercept, abs=1e-9)
    assert trend.n == n


# --- plateaus -----------------------------------------------------------------------------


def test_a_steady_improvement_is_not_a_plateau_and_says_keep_going() -> None:
    check = detect_plateau(IMPROVING_FILLER, Direction.LOWER)
    assert not check.plateau
    assert check.window == DEFAULT_WINDOW
    assert check.gain == pytest.approx(0.5, abs=0.05)
    assert check.evidence.startswith("Over your last 12 sessions the metric improved by 0.")
    assert check.evidence.endswith("keep going.")


def test_one_terrible_last_day_does_not_turn_an_improvement_into_a_plateau() -> None:
    values = [*IMPROVING_FILLER[:-1], 30.0]  # the worst day of all, on the very last session
    check = detect_plateau(values, Direction.LOWER)
    assert not check.plateau
    assert check.gain == pytest.approx(0.5, abs=0.05)


def test_the_same_series_read_the_other_way_round_is_getting_worse() -> None:
    check = detect_plateau(IMPROVING_FILLER, Direction.HIGHER)
    assert check.plateau
    assert check.gain == pytest.approx(-0.5, abs=0.05)
    assert " got worse by 0.5 per session, against session-to-session noise of about 0." in (
        check.evidence
    )
    assert check.evidence.endswith("try tweaking your approach.")


def test_a_flat_noisy_series_is_a_plateau_with_its_numbers_in_one_sentence() -> None:
    values = [12.0, 10.0, 11.0, 9.0, 11.5, 10.5, 9.5, 12.0, 10.0, 11.0, 9.0, 11.0]
    check = detect_plateau(values, Direction.HIGHER)
    assert check.plateau
    assert abs(check.gain) < 0.2
    assert 0.5 < check.noise < 2.0
    assert check.evidence == (
        "Over your last 12 sessions the metric moved only 0.081 per session, too little to tell "
        "from session-to-session noise of about 1.3: try tweaking your approach."
    )


def test_a_metric_that_never_moves_is_a_plateau() -> None:
    check = detect_plateau([5.0] * 12, Direction.LOWER)
    assert (check.plateau, check.gain, check.noise) == (True, 0.0, 0.0)
    assert "the metric did not move" in check.evidence


def test_only_the_last_window_of_sessions_counts() -> None:
    early_progress = [20.0 - 2 * index for index in range(10)]
    check = detect_plateau([*early_progress, *[2.0, 3.0, 2.5, 2.0] * 3], Direction.LOWER)
    assert check.plateau
    assert check.window == DEFAULT_WINDOW


def test_too_few_sessions_is_no_plateau_and_says_how_many_more_are_needed() -> None:
    check = detect_plateau([9.0, 9.0, 9.0, 9.0, 9.0], Direction.LOWER)
    assert not check.plateau
    assert check.window == 5
    assert check.evidence == (
        "You have 5 sessions so far: after 7 more, 12 sessions will show whether you are "
        "improving or on a plateau."
    )


def test_no_sessions_at_all_is_no_plateau() -> None:
    check = detect_plateau([], Direction.HIGHER)
    assert (check.plateau, check.window, check.gain, check.noise) == (False, 0, 0.0, 0.0)
    assert check.evidence.startswith("You have 0 sessions so far: after 12 more")


def test_a_mastered_skill_is_never_on_a_plateau() -> None:
    check = detect_plateau([5.0] * 20, Direction.LOWER, mastered=True)
    assert not check.plateau
    assert "mastery" in check.evidence


def test_a_custom_window_is_used_and_a_tiny_one_is_refused() -> None:
    assert detect_plateau(IMPROVING_FILLER, Direction.LOWER, window=6).window == 6
    with pytest.raises(InvalidInput, match="at least 5 sessions") as caught:
        detect_plateau(IMPROVING_FILLER, Direction.LOWER, window=4)
    assert caught.value.field == "window"


@given(SERIES)
def test_reversing_the_direction_flips_the_gain(values: list[float]) -> None:
    lower = detect_plateau(values, Direction.LOWER)
    higher = detect_plateau(values, Direction.HIGHER)
    assert lower.gain == -higher.gain
    assert lower.plateau or higher.plateau  # a series cannot get better both ways at once


@given(ONE_WINDOW)
def test_time_reversed_with_the_direction_flipped_gives_the_same_verdict(
    values: list[float],
) -> None:
    forward = detect_plateau(values, Direction.HIGHER)
    backward = detect_plateau(values[::-1], Direction.LOWER)
    assert (backward.plateau, backward.gain) == (forward.plateau, forward.gain)


@given(SERIES, st.sampled_from([2.0, 4.0, 1024.0]))
def test_changing_the_unit_does_not_change_the_verdict(values: list[float], scale: float) -> None:
    check = detect_plateau(values, Direction.LOWER)
    scaled = detect_plateau([value * scale for value in values], Direction.LOWER)
    assert scaled.plateau == check.plateau
    assert scaled.gain == pytest.approx(check.gain * scale, rel=1e-12)


# --- simulation with known truth ----------------------------------------------------------

SIMULATED = 1000
# Effect size: a true improvement of 0.4 noise-sd per session, i.e. about 4.4 sd over the twelve
# sessions of the window. For filler words (noise sd 1 a minute) that is 10 a minute falling to
# about 5.6 in two weeks of daily practice, a realistic early-practice pace for a habit people
# can hear themselves break. A slower learner (0.2 sd a session) really is hard to tell from
# noise in twelve sessions, which is what "no improvement distinguishable from noise" means.
IMPROVEMENT_SD = 0.4


@dataclass(frozen=True)
class Practice:
    """A simulated micro-skill: its metric, where it starts, and its session-to-session noise."""

    direction: Direction
    start: float
    noise_sd: float
    whole_numbers: bool  # counts are recorded as integers, which makes ties

    def series(self, rng: random.Random, improvement_sd: float) -> list[float]:
        """One learner's last window of sessions, improving by `improvement_sd` per session."""
        better = 1 if self.direction is Direction.HIGHER else -1
        step = better * improvement_sd * self.noise_sd
        values = [
            self.start + step * i + rng.gauss(0, self.noise_sd) for i in range(DEFAULT_WINDOW)
        ]
        return [float(round(value)) for value in values] if self.whole_numbers else values


FILLER_WORDS = Practice(Direction.LOWER, start=10.0, noise_sd=1.0, whole_numbers=False)
DRILL_SCORE = Practice(Direction.HIGHER, start=10.0, noise_sd=2.0, whole_numbers=True)
PRACTICES = pytest.mark.parametrize(
    "practice", [FILLER_WORDS, DRILL_SCORE], ids=["filler-words-lower", "drill-score-higher"]
)


def plateau_rate(practice: Practice, improvement_sd: float, seed: int) -> float:
    """Share of SIMULATED learners with this true improvement that are told they plateaued."""
    rng = random.Random(seed)
    verdicts = [
        detect_plateau(practice.series(rng, improvement_sd), practice.direction).plateau
        for _ in range(SIMULATED)
    ]
    return sum(verdicts) / SIMULATED


def test_the_simulated_series_fill_exactly_the_default_window() -> None:
    assert len(FILLER_WORDS.series(random.Random(0), 0.0)) == DEFAULT_WINDOW


@PRACTICES
def test_improving_learners_are_rarely_told_they_are_on_a_plateau(practice: Practice) -> None:
    assert plateau_rate(practice, IMPROVEMENT_SD, seed=3001) <= 0.05


@PRACTICES
def test_flat_learners_are_told_they_are_on_a_plateau(practice: Practice) -> None:
    assert plateau_rate(practice, 0.0, seed=3002) >= 0.90


@PRACTICES
def test_worsening_learners_are_always_told_they_are_on_a_plateau(practice: Practice) -> None:
    assert plateau_rate(practice, -IMPROVEMENT_SD, seed=3003) == 1.0
