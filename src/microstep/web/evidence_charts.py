"""Geometry of the evidence charts (presentation only: the numbers come from the services).

Signals per week are stacked bars by kind; an experiment's results are one row per tracked kind
on a log scale: a dot at the median rate ratio, a line for the 90% interval, a line at 1x.

The SVGs have no viewBox: x is a percentage of the width, y is in pixels, so the chart stretches
across the card while its text keeps the page's pixel size at 375 px as at 1280 px.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from microstep.core.dates import day_label
from microstep.core.evidence import SignalKind
from microstep.core.experiments import Verdict
from microstep.core.text import plain_number
from microstep.services.evidence_schemas import KindResultPublic, SignalWeekPublic

WEEK_WIDTH = 100  # percent
WEEK_HEIGHT = 120  # pixels
WEEK_TOP = 18
WEEK_GAP = 1.6  # percent
KIND_LABELS = {kind.value: kind.value.replace("_", " ") for kind in SignalKind}


@dataclass(frozen=True)
class Segment:
    """One kind's share of a week's bar."""

    kind: str
    y: float
    height: float
    count: int


@dataclass(frozen=True)
class WeekBar:
    """One week: its stacked segments, where it stands and what it says."""

    week: date
    x: float
    width: float
    total: int
    top: float
    segments: list[Segment]
    title: str


@dataclass(frozen=True)
class KindTotal:
    """A legend entry: a kind and its total over the chart."""

    kind: str
    label: str
    total: int


@dataclass(frozen=True)
class SignalWeekChart:
    """Signals per week stacked by kind, oldest week first."""

    bars: list[WeekBar]
    legend: list[KindTotal]
    width: int
    height: int
    total: int


def signal_week_chart(
    weeks: Sequence[SignalWeekPublic], today: date | None = None
) -> SignalWeekChart:
    """Stacked bars, scaled so the busiest week fills the plot (days named as on `today`)."""
    most = max((week.total for week in weeks), default=0) or 1
    unit = (WEEK_HEIGHT - WEEK_TOP) / most
    slot = WEEK_WIDTH / max(len(weeks), 1)
    bars = [
        _week_bar(week, index * slot, slot - WEEK_GAP, unit, today)
        for index, week in enumerate(weeks)
    ]
    legend = [
        KindTotal(
            kind.value, KIND_LABELS[kind.value], sum(w.counts.get(kind.value, 0) for w in weeks)
        )
        for kind in SignalKind
    ]
    total = sum(week.total for week in weeks)
    return SignalWeekChart(bars, legend, WEEK_WIDTH, WEEK_HEIGHT, total)


def _week_bar(
    week: SignalWeekPublic, x: float, width: float, unit: float, today: date | None
) -> WeekBar:
    y, segments = float(WEEK_HEIGHT), []
    for kind in SignalKind:
        count = week.counts.get(kind.value, 0)
        if count:
            y -= count * unit
            segments.append(Segment(kind.value, round(y, 1), round(count * unit, 1), count))
    parts = ", ".join(f"{s.count} {KIND_LABELS[s.kind]}" for s in segments) or "none"
    title = f"Week of {day_label(week.week, today=today)}: {week.total} signals ({parts})"
    return WeekBar(
        week.week, round(x, 2), round(width, 2), week.total, round(y, 1), segments, title
    )


ROW = 34  # pixels
PLOT_X = 7.0  # percent: room for the first tick's label
PLOT_WIDTH = 86.0  # percent: and for the last one's
INTERVAL_WIDTH = 100  # percent
AXIS = 24  # pixels
LIMIT = 16.0  # beyond 16x (or below 1/16x) the chart shows an arrow: the data cannot say more
SPAN = 4  # powers of two on the axis beyond which only every other tick is labelled


@dataclass(frozen=True)
class IntervalRow:
    """One tracked kind: the interval's ends and the median, in chart x, and its verdict."""

    kind: str
    label: str
    y: float
    x_low: float
    x_high: float
    x_mid: float
    clipped_low: bool
    clipped_high: bool
    verdict: str
    title: str
    estimate: bool  # False for "too little data": no point, only a muted dashed interval


@dataclass(frozen=True)
class AxisTick:
    """A gridline of the log axis; `label` is empty where a label would crowd its neighbours."""

    x: float
    label: str


@dataclass(frozen=True)
class IntervalChart:
    """Rate ratios with their 90% intervals on a log scale, one row per kind."""

    rows: list[IntervalRow]
    ticks: list[AxisTick]
    x_one: float
    width: int
    height: int
    plot_x: float
    plot_width: float
    row_height: int = ROW


def interval_chart(results: Sequence[KindResultPublic]) -> IntervalChart:
    """A forest plot of the results: log2 axis from at least 1/4x to 4x, at most 1/16x to 16x.

    Only a result with an estimate widens the axis: "too little data" spans everything and
    would squeeze the others (and the tick labels) for nothing. With more than five powers of
    two on the axis every other one is labelled, so the labels never crowd at 375 px.
    """
    low_exp, high_exp = -2, 2
    for result in results:
        if _has_estimate(result):
            low_exp = min(low_exp, math.floor(_log2(result.low)))
            high_exp = max(high_exp, math.ceil(_log2(result.high)))
    plot_x, plot_width = PLOT_X, PLOT_WIDTH

    def x_of(value: float) -> float:
        exponent = min(max(_log2(value), low_exp), high_exp)  # beyond the axis: at its end
        share = (exponent - low_exp) / (high_exp - low_exp)
        return round(plot_x + share * plot_width, 2)

    ends = (2.0**low_exp, 2.0**high_exp)
    rows = [_row(result, index, x_of, ends) for index, result in enumerate(results)]
    sparse = high_exp - low_exp > SPAN
    ticks = [
        AxisTick(x_of(2.0**e), "" if sparse and e % 2 else _ratio_label(2.0**e))
        for e in range(low_exp, high_exp + 1)
    ]
    height = len(rows) * ROW + AXIS
    return IntervalChart(rows, ticks, x_of(1.0), INTERVAL_WIDTH, height, plot_x, plot_width)


def _log2(value: float) -> float:
    return math.log2(min(max(value, 1 / LIMIT), LIMIT))


def _has_estimate(result: KindResultPublic) -> bool:
    return result.verdict is not Verdict.TOO_LITTLE_DATA


def _row(
    result: KindResultPublic,
    index: int,
    x_of: Callable[[float], float],
    ends: tuple[float, float],
) -> IntervalRow:
    label = KIND_LABELS[result.kind.value]
    title = (
        f"{label}: {result.verdict.value}; rate x{result.ratio:.2f}, "
        f"{result.level:.0%} interval {result.low:.2f} to {result.high:.2f}"
    )
    if not _has_estimate(result):
        title = f"{label}: {result.verdict.value}"
    return IntervalRow(
        kind=result.kind.value,
        label=label,
        y=index * ROW + ROW / 2,
        x_low=x_of(result.low),
        x_high=x_of(result.high),
        x_mid=x_of(result.ratio),
        clipped_low=result.low < ends[0],
        clipped_high=result.high > ends[1],
        verdict=result.verdict.name.lower().replace("_", "-"),
        title=title,
        estimate=_has_estimate(result),
    )


def _ratio_label(value: float) -> str:
    return f"{plain_number(value)}x" if value >= 1 else f"1/{plain_number(1 / value)}x"
