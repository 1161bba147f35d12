"""Tactic experiments (seed 001): did the signal rate move against the window before?

Each signal kind is counted as a Poisson process with an unknown daily rate in the baseline
window and another in the experiment window. With the Jeffreys prior Gamma(1/2, 0) on each rate,
the posteriors are Gamma(k + 1/2, days) and their ratio is a scaled beta-prime variable, so the
credible interval of the rate ratio has a closed form through the inverse incomplete beta.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from scipy.special import betaincinv

from microstep.core.text import plural
from microstep.errors import InvalidInput

PRIOR_SHAPE = 0.5  # Jeffreys: no pseudo-events, and intervals that cover close to nominal
LEVEL = 0.90
MIN_EVENTS = 4  # fewer signals than this in both windows together: too little to say
MIN_DAYS = 7  # a tactic seen for less than a week has not had the chance to move anything
DEFAULT_WEEKS = 4
MAX_WEEKS = 12


class Verdict(StrEnum):
    """A plain reading of the interval."""

    HELPED = "likely helped"
    NO_CLEAR_EFFECT = "no clear effect"
    HURT = "likely hurt"
    TOO_LITTLE_DATA = "too little data to say"


@dataclass(frozen=True)
class Window:
    """A run of whole days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """How many days the window holds."""
        return (self.end - self.start).days + 1

    def holds(self, day: date) -> bool:
        """Whether `day` falls inside."""
        return self.start <= day <= self.end


def experiment_window(start: date, weeks: int = DEFAULT_WEEKS) -> Window:
    """The experiment's window: `weeks` whole weeks from `start`."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(
            f"An experiment lasts 1 to {MAX_WEEKS} weeks (4 is the usual time box), not {weeks}.",
            field="weeks",
        )
    return Window(start, start + timedelta(days=7 * weeks - 1))


def baseline_window(experiment: Window) -> Window:
    """The window of equal length just before the experiment."""
    return Window(
        experiment.start - timedelta(days=experiment.days), experiment.start - timedelta(1)
    )


def observed_window(experiment: Window, today: date) -> Window | None:
    """The part of the experiment that has happened by `today` (None before it starts)."""
    if today < experiment.start:
        return None
    return Window(experiment.start, min(experiment.end, today))


@dataclass(frozen=True)
class RateRatio:
    """Posterior of experiment rate / baseline rate: median and central credible interval."""

    median: float
    low: float
    high: float
    level: float


def rate_ratio(
    experiment_count: int,
    experiment_days: int,
    baseline_count: int,
    baseline_days: int,
    level: float = LEVEL,
) -> RateRatio:
    """The rate ratio's posterior summary under independent Jeffreys priors."""
    if min(experiment_count, baseline_count) < 0 or min(experiment_days, baseline_days) < 1:
        raise ValueError("counts must be non-negative and windows at least one day long")
    a, b = experiment_count + PRIOR_SHAPE, baseline_count + PRIOR_SHAPE
    scale = baseline_days / experiment_days

    def quantile(p: float) -> float:
        q = float(betaincinv(a, b, p))  # G1/(G1+G0) ~ Beta(a, b)
        return scale * q / (1.0 - q) if q < 1.0 else float("inf")

    tail = (1.0 - level) / 2.0
    return RateRatio(quantile(0.5), quantile(tail), quantile(1.0 - tail), level)


def verdict_of(ratio: RateRatio, total_events: int, days_seen: int = MIN_DAYS) -> Verdict:
    """Plain words for an interval: only a ratio clear of 1 counts as an effect."""
    if total_events < MIN_EVENTS or days_seen < MIN_DAYS:
        return Verdict.TOO_LITTLE_DATA
    if ratio.low > 1.0:
        return Verdict.HELPED
    if ratio.high < 1.0:
        return Verdict.HURT
    return Verdict.NO_CLEAR_EFFECT


@dataclass(frozen=True)
class KindResult:
    """One tracked signal kind: counts in each window, the ratio and the verdict."""

    kind: str
    baseline_count: int
    baseline_days: int
    experiment_count: int
    experiment_days: int
    ratio: RateRatio
    verdict: Verdict

    def sentence(self) -> str:
        """One line a person can read: the verdict with the numbers behind it."""
        counts = (
            f"{plural(self.experiment_count, 'signal')} in {plural(self.experiment_days, 'day')} "
            f"against {self.baseline_count} in {plural(self.baseline_days, 'day')} before"
        )
        if self.verdict is Verdict.TOO_LITTLE_DATA:  # the interval is too wide to be worth reading
            return f"{self.kind.replace('_', ' ')}: {self.verdict} ({counts})"
        r = self.ratio
        return (
            f"{self.kind.replace('_', ' ')}: {self.verdict} ({counts}; rate x{r.median:.2f}, "
            f"{r.level:.0%} interval {r.low:.2f} to {r.high:.2f})"
        )


def compare_kind(
    kind: str, days: Iterable[date], experiment: Window, today: date
) -> KindResult | None:
    """Count one kind's signal days in both windows and compare; None before the start."""
    observed = observed_window(experiment, today)
    if observed is None:
        return None
    baseline = baseline_window(experiment)
    seen = list(days)
    before = sum(1 for day in seen if baseline.holds(day))
    during = sum(1 for day in seen if observed.holds(day))
    ratio = rate_ratio(during, observed.days, before, baseline.days)
    return KindResult(
        kind=kind,
        baseline_count=before,
        baseline_days=baseline.days,
        experiment_count=during,
        experiment_days=observed.days,
        ratio=ratio,
        verdict=verdict_of(ratio, before + during, observed.days),
    )


class ExperimentStatus(StrEnum):
    """Where an experiment stands on a given day."""

    PLANNED = "planned"
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"


MAX_LEAD_DAYS = 12 * 7  # a planned start further ahead than this is a wish, not an experiment
MAX_BACKDATE_DAYS = 365


def status_of(stored: str, window: Window, today: date) -> ExperimentStatus:
    """Stopped stays stopped; otherwise the day decides: before, inside or past the window."""
    if stored == ExperimentStatus.STOPPED:
        return ExperimentStatus.STOPPED
    if today < window.start:
        return ExperimentStatus.PLANNED
    if today > window.end:
        return ExperimentStatus.FINISHED
    return ExperimentStatus.RUNNING


def check_start(start: date, today: date) -> date:
    """A start within a year back (to record one already under way) and 12 weeks ahead."""
    if start > today + timedelta(days=MAX_LEAD_DAYS):
        raise InvalidInput(
            f"Start within {MAX_LEAD_DAYS // 7} weeks from today, not on {start.isoformat()}: "
            "plan it closer to when you will run it.",
            field="starts_on",
        )
    if start < today - timedelta(days=MAX_BACKDATE_DAYS):
        raise InvalidInput(
            f"{start.isoformat()} is more than a year ago: start the experiment within the year.",
            field="starts_on",
        )
    return start


def check_tracked(kinds: Iterable[str], allowed: Iterable[str]) -> list[str]:
    """At least one signal kind to watch, each known; repeats are dropped, order kept."""
    known = list(allowed)
    chosen: list[str] = []
    for kind in kinds:
        if kind not in known:
            raise InvalidInput(
                f"'{kind}' is not a signal kind: use one of {', '.join(known)}.", field="track"
            )
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise InvalidInput(
            "Name at least one signal kind the tactic should move, e.g. invitation or mention.",
            field="track",
        )
    return chosen


def stopped_window(window: Window, today: date) -> Window:
    """The window cut short on `today` (a running experiment stopped early)."""
    return Window(window.start, max(window.start, min(window.end, today)))
