"""Geometry of the manager view's growth line; presentation only, the numbers come from services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from microstep.services.team_schemas import GrowthWeekPublic

WIDTH = 360
HEIGHT = 170
LEFT = 34
RIGHT = 12
TOP = 12
BOTTOM = 28
LABEL_EVERY = 4  # a date under every fourth week, and under the last


@dataclass(frozen=True)
class Point:
    """One week on the line."""

    x: float
    y: float
    levels: int
    title: str


@dataclass(frozen=True)
class Tick:
    """A label on an axis, with where its gridline goes."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class GrowthChart:
    """Net levels gained per week as a line, with a zero line and axis labels."""

    points: list[Point]
    path: str
    zero_y: float
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int
    height: int
    left: int
    right: int
    total: int
    summary: str


def signed(levels: int) -> str:
    """+2, 0 or -1: a change reads with its sign."""
    return f"+{levels}" if levels > 0 else str(levels)


def growth_chart(weeks: Sequence[GrowthWeekPublic]) -> GrowthChart:
    """The line scaled to the weeks' range (zero always shown), oldest week on the left."""
    values = [week.levels for week in weeks]
    low, high = min([0, *values]), max([1, *values])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(weeks) - 1)

    def y_of(value: int) -> float:
        return round(TOP + (high - value) / (high - low) * plot_h, 1)

    points = [
        Point(round(LEFT + i * step, 1), y_of(w.levels), w.levels, _title(w))
        for i, w in enumerate(weeks)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    y_ticks = [Tick(LEFT - 6, y_of(v), signed(v)) for v in sorted({low, 0, high}, reverse=True)]
    last = len(points) - 1
    x_ticks = [
        Tick(p.x, HEIGHT - 8, f"{weeks[i].week.day} {weeks[i].week:%b}")
        for i, p in enumerate(points)
        if i == last or (i % LABEL_EVERY == 0 and last - i >= 2)
    ]
    total = sum(values)
    return GrowthChart(
        points,
        path,
        y_of(0),
        y_ticks,
        x_ticks,
        WIDTH,
        HEIGHT,
        LEFT,
        WIDTH - RIGHT,
        total,
        _summary(weeks, total),
    )


def _title(week: GrowthWeekPublic) -> str:
    noun = "level" if abs(week.levels) == 1 else "levels"
    return f"{week.label} (week of {week.week.day} {week.week:%b}): {signed(week.levels)} {noun}"


def _summary(weeks: Sequence[GrowthWeekPublic], total: int) -> str:
    if not weeks:
        return "No weeks to show."
    best = max(weeks, key=lambda w: (w.levels, w.week))
    noun = "level" if abs(total) == 1 else "levels"
    text = f"Net {signed(total)} {noun} over the last {len(weeks)} weeks"
    if best.levels > 0:
        text += f"; the best week was {best.label} with {signed(best.levels)}"
    return text + "."
