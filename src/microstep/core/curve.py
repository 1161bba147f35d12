"""Learning curves of micro-skills (seed 003): a robust trend line and plateau detection."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from statistics import NormalDist, median

from microstep.core.text import plural
from microstep.errors import InvalidInput

# Twelve sessions (about two weeks of daily practice) is the shortest window in which a learner
# improving by 0.4 noise-sd per session is told "plateau" at most 5% of the time while a truly flat
# learner is told so at least 90% of the time; eight or ten sessions cannot do both.
DEFAULT_WINDOW = 12
MIN_WINDOW = 5  # with four sessions or fewer only a perfect run could ever show improvement
ALPHA = 0.05  # one-sided: the chance a flat series is wrongly credited with improving
_Z_CRITICAL = NormalDist().inv_cdf(1 - ALPHA)
_MAD_TO_SD = 1.4826  # scales the median absolute deviation to a standard deviation under noise
_TINY = 5e-7  # shown as 0: a person reads no meaning into the seventh decimal


class Direction(StrEnum):
    """Which way a metric gets better."""

    LOWER = "lower"  # lower values are better, e.g. filler words per minute
    HIGHER = "higher"  # higher values are better, e.g. drill items right in five minutes


@dataclass(frozen=True)
class Trend:
    """A straight line through a curve: value ≈ intercept + slope * session index."""

    slope: float  # metric units per session (Theil-Sen median of pairwise slopes)
    intercept: float  # the line's value at index 0, the first value given
    n: int

    def at(self, index: float) -> float:
        """The line's value at a session index (0 is the first value given)."""
        return self.intercept + self.slope * index


@dataclass(frozen=True)
class PlateauCheck:
    """Whether the last sessions show improvement, with the numbers behind the verdict."""

    plateau: bool
    window: int  # sessions examined: the last `window` asked for, or all there are if fewer
    gain: float  # Theil-Sen improvement per session over those sessions; positive is better
    noise: float  # robust session-to-session noise: scaled MAD of the residuals from the trend
    evidence: str  # one plain sentence with the numbers


def theil_sen(values: Sequence[float]) -> Trend:
    """The Theil-Sen line through values at sessions 0..n-1; one bad day cannot tilt it."""
    points = _finite(values)
    if len(points) < 2:
        return Trend(slope=0.0, intercept=points[0] if points else 0.0, n=len(points))
    slope = median(
        (points[j] - points[i]) / (j - i) for i, j in combinations(range(len(points)), 2)
    )
    intercept = median(value - slope * index for index, value in enumerate(points))
    return Trend(slope=slope, intercept=intercept, n=len(points))


def improvement_per_session(trend: Trend, direction: Direction) -> float:
    """The trend's slope signed so that positive always means getting better."""
    return trend.slope if direction is Direction.HIGHER else -trend.slope


def detect_plateau(
    values: Sequence[float],
    direction: Direction,
    *,
    window: int = DEFAULT_WINDOW,
    mastered: bool = False,
) -> PlateauCheck:
    """Plateau: no improvement distinguishable from noise over the last `window` sessions."""
    if window < MIN_WINDOW:
        message = (
            f"A plateau check needs a window of at least {MIN_WINDOW} sessions (got {window})."
        )
        raise InvalidInput(message, field="window")
    recent = _finite(values)[-window:]
    trend = theil_sen(recent)
    gain, noise = improvement_per_session(trend, direction), _noise(recent, trend)
    if mastered or len(recent) < window:
        evidence = _MASTERED if mastered else _too_few(len(recent), window)
        return PlateauCheck(
            plateau=False, window=len(recent), gain=gain, noise=noise, evidence=evidence
        )
    # The Theil-Sen gain must agree with the rank test, so the sentence never contradicts it.
    improving = gain > 0 and _kendall_z(recent, direction) > _Z_CRITICAL
    evidence = _improving(window, gain, noise) if improving else _stalled(window, gain, noise)
    return PlateauCheck(
        plateau=not improving, window=window, gain=gain, noise=noise, evidence=evidence
    )


def _finite(values: Sequence[float]) -> list[float]:
    points = [float(value) for value in values]
    if not all(math.isfinite(value) for value in points):
        raise InvalidInput("Every session value must be a finite number.", field="values")
    return points


def _noise(values: list[float], trend: Trend) -> float:
    if not values:
        return 0.0
    residuals = [value - trend.at(index) for index, value in enumerate(values)]
    return _MAD_TO_SD * median(abs(residual - median(residuals)) for residual in residuals)


def _kendall_z(values: list[float], direction: Direction) -> float:
    """Mann-Kendall S towards 'better' as a z-score, with tie and continuity corrections."""
    towards_better = 1 if direction is Direction.HIGHER else -1
    pairs = combinations(range(len(values)), 2)
    score = towards_better * sum(_sign(values[j] - values[i]) for i, j in pairs)
    variance = _kendall_variance(values)
    if score == 0 or variance <= 0:
        return 0.0
    # S moves in steps of two, so shrinking it by one towards zero fits the normal curve better.
    return (score - math.copysign(1, score)) / math.sqrt(variance)


def _kendall_variance(values: list[float]) -> float:
    """Variance of S under no trend; tied values carry no order, so each tie group lowers it."""
    n = len(values)
    ties = sum(t * (t - 1) * (2 * t + 5) for t in Counter(values).values())
    return (n * (n - 1) * (2 * n + 5) - ties) / 18


def _sign(difference: float) -> int:
    return (difference > 0) - (difference < 0)


_MASTERED = "You have reached mastery on this skill, so there is no plateau to look for."


def _too_few(have: int, window: int) -> str:
    more = window - have
    return (
        f"You have {plural(have, 'session')} so far: after {more} more, {window} sessions "
        "will show whether you are improving or on a plateau."
    )


def _improving(window: int, gain: float, noise: float) -> str:
    return (
        f"Over your last {window} sessions the metric improved by {_short(gain)} per session, "
        f"a steady trend that session-to-session noise of about {_short(noise)} cannot explain: "
        "keep going."
    )


def _stalled(window: int, gain: float, noise: float) -> str:
    start = f"Over your last {window} sessions the metric"
    tail = f"session-to-session noise of about {_short(noise)}: try tweaking your approach."
    if gain == 0:
        return f"{start} did not move, against {tail}"
    # A drift smaller than one day's noise over the whole window is no news either way.
    if abs(gain) * (window - 1) < noise:
        return f"{start} moved only {_short(gain)} per session, too little to tell from {tail}"
    if gain < 0:
        return f"{start} got worse by {_short(-gain)} per session, against {tail}"
    return f"{start} improved by only {_short(gain)} per session, too little to tell from {tail}"


def _short(value: float) -> str:
    """Two significant figures (more before the point), never in scientific notation."""
    size = abs(value)
    if size < _TINY:
        return "0"
    decimals = max(0, 1 - math.floor(math.log10(size)))
    text = f"{size:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
