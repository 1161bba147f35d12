"""Geometry of the server-rendered SVG charts; presentation only, the numbers come from services.

Both charts use a small viewBox and scale to the width of their card, so they read the same on a
375 px phone and on a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.practice import MasteryRule
from microstep.core.skills import LEVEL_NAMES, MAX_LEVEL
from microstep.core.text import plain_number
from microstep.core.weeks import week_start
from microstep.services.schemas import CurvePublic, HeatCellPublic, SkillPublic

SKILL_WIDTH = 320
SKILL_PAD = 8
SKILL_ROW = 44
SKILL_AXIS = 22
WEEK_BAR = 14
WEEK_GAP = 6
WEEK_HEIGHT = 64
WEEK_TOP = 14


@dataclass(frozen=True)
class SkillBar:
    """One skill: where its label, current bar and target outline go."""

    skill: SkillPublic
    y: float
    current_width: float
    target_width: float
    title: str


@dataclass(frozen=True)
class Tick:
    """One gridline of the 0-5 level axis."""

    level: int
    x: float


@dataclass(frozen=True)
class SkillChart:
    """The skill map as horizontal bars, in the order given (biggest gaps first)."""

    bars: list[SkillBar]
    ticks: list[Tick]
    width: int
    height: int
    plot_x: int
    plot_width: int


def skill_chart(skills: Sequence[SkillPublic]) -> SkillChart:
    """Bars for current levels and outlines for targets, on a 0-5 scale."""
    plot_width = SKILL_WIDTH - 2 * SKILL_PAD
    unit = plot_width / MAX_LEVEL
    bars = [_skill_bar(skill, index, unit) for index, skill in enumerate(skills)]
    ticks = [Tick(level, SKILL_PAD + level * unit) for level in range(MAX_LEVEL + 1)]
    height = len(bars) * SKILL_ROW + SKILL_AXIS
    return SkillChart(bars, ticks, SKILL_WIDTH, height, SKILL_PAD, plot_width)


def _skill_bar(skill: SkillPublic, index: int, unit: float) -> SkillBar:
    title = (
        f"{skill.name}: level {skill.current_level} ({LEVEL_NAMES[skill.current_level]}), "
        f"target {skill.target_level} ({LEVEL_NAMES[skill.target_level]}), gap {skill.gap}"
    )
    return SkillBar(
        skill, index * SKILL_ROW, skill.current_level * unit, skill.target_level * unit, title
    )


@dataclass(frozen=True)
class WeekBar:
    """One week's column of the goals-done chart."""

    x: int
    y: float
    height: float
    count: int
    week: date
    title: str


@dataclass(frozen=True)
class WeekChart:
    """Goals done per week, oldest week first."""

    bars: list[WeekBar]
    width: int
    height: int
    total: int
    best: int


def week_chart(counts: Sequence[int], *, today: date) -> WeekChart:
    """Columns scaled to the best week; an empty week keeps a thin stub so the axis reads."""
    best = max(counts, default=0)
    first = week_start(today) - timedelta(weeks=len(counts) - 1)
    bars = [_week_bar(i, n, first + timedelta(weeks=i), best) for i, n in enumerate(counts)]
    width = len(counts) * (WEEK_BAR + WEEK_GAP) - WEEK_GAP
    return WeekChart(bars, max(width, 1), WEEK_HEIGHT, sum(counts), best)


def _week_bar(index: int, count: int, week: date, best: int) -> WeekBar:
    room = WEEK_HEIGHT - WEEK_TOP
    height = max(2.0, room * count / best) if best else 2.0
    title = f"Week of {week:%d %b}: {count} goal{'' if count == 1 else 's'} done"
    return WeekBar(index * (WEEK_BAR + WEEK_GAP), WEEK_HEIGHT - height, height, count, week, title)


HEAT_CELL = 14
HEAT_STEP = 17  # a cell and the gap after it
HEAT_LEFT = 28  # room for the Mon / Wed / Fri labels
HEAT_TOP = 16  # room for the month labels
HEAT_WEEKDAYS = {0: "Mon", 2: "Wed", 4: "Fri", 6: "Sun"}


@dataclass(frozen=True)
class HeatDay:
    """One day's square of the practice calendar."""

    x: int
    y: int
    day: date
    minutes: int
    level: int
    title: str


@dataclass(frozen=True)
class Label:
    """A text label placed on a chart."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Heatmap:
    """The practice calendar: a column per ISO week, Monday at the top, five shades."""

    days: list[HeatDay]
    months: list[Label]
    weekdays: list[Label]
    width: int
    height: int
    practised: int


def heatmap_chart(cells: Sequence[HeatCellPublic], *, today: date, weeks: int = 12) -> Heatmap:
    """Squares for the days given (the service stops at today), weeks as columns."""
    first = week_start(cells[0].day) if cells else week_start(today) - timedelta(weeks=weeks - 1)
    columns = max(weeks, (week_start(today) - first).days // 7 + 1)
    days = [_heat_day(cell, first) for cell in cells]
    weekdays = [
        Label(HEAT_LEFT - 6, HEAT_TOP + row * HEAT_STEP + 11, text)
        for row, text in HEAT_WEEKDAYS.items()
    ]
    width = HEAT_LEFT + columns * HEAT_STEP + 10  # the last month's name may start late
    height = HEAT_TOP + 7 * HEAT_STEP - (HEAT_STEP - HEAT_CELL)
    practised = sum(1 for cell in cells if cell.minutes)
    return Heatmap(days, _month_labels(first, columns), weekdays, width, height, practised)


def _heat_day(cell: HeatCellPublic, first: date) -> HeatDay:
    column, row = (cell.day - first).days // 7, cell.day.weekday()
    spent = f"{cell.minutes} min" if cell.minutes else "no practice"
    title = f"{cell.day:%a} {cell.day.day} {cell.day:%b}: {spent}"
    x, y = HEAT_LEFT + column * HEAT_STEP, HEAT_TOP + row * HEAT_STEP
    return HeatDay(x, y, cell.day, cell.minutes, max(0, min(4, cell.level)), title)


def _month_labels(first: date, columns: int) -> list[Label]:
    """The month's name over the week that holds its first day (and over the first week)."""
    labels = [Label(HEAT_LEFT, 11, f"{first + timedelta(days=6):%b}")]
    for column in range(1, columns):
        sunday = first + timedelta(weeks=column, days=6)
        if sunday.day <= 7:
            labels.append(Label(HEAT_LEFT + column * HEAT_STEP, 11, f"{sunday:%b}"))
    if len(labels) > 1 and labels[1].x - labels[0].x < 2 * HEAT_STEP:
        labels.pop(0)  # the first month's name would overlap the next one's
    return labels


CURVE_WIDTH = 320
CURVE_HEIGHT = 190
CURVE_LEFT = 44
CURVE_RIGHT = 10
CURVE_TOP = 14
CURVE_BOTTOM = 26


@dataclass(frozen=True)
class CurveDot:
    """One measured session on the learning curve."""

    x: float
    y: float
    value: float
    day: date
    hit: bool
    title: str


@dataclass(frozen=True)
class Segment:
    """A straight line between two points."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class CurveChart:
    """Sessions as dots, the Theil-Sen trend line, the mastery threshold and the value axis."""

    dots: list[CurveDot]
    path: str
    trend: Segment | None
    threshold: Segment
    threshold_label: Label
    ticks: list[Label]
    dates: list[Label]
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    radius: float


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    count: int

    def x(self, index: float) -> float:
        span = CURVE_WIDTH - CURVE_LEFT - CURVE_RIGHT
        if self.count < 2:
            return CURVE_LEFT + span / 2
        return round(CURVE_LEFT + span * index / (self.count - 1), 2)

    def y(self, value: float) -> float:
        bottom = CURVE_HEIGHT - CURVE_BOTTOM
        share = (value - self.low) / (self.high - self.low)
        return round(bottom - share * (bottom - CURVE_TOP), 2)


def curve_chart(curve: CurvePublic) -> CurveChart:
    """Scale the measured values, trend and threshold into one small SVG."""
    item = curve.microskill
    scale = _curve_scale(curve)
    rule = MasteryRule(item.mastery_threshold, item.direction)
    unit = f" {item.unit}" if item.unit else ""
    dots = [
        CurveDot(
            scale.x(p.index),
            scale.y(p.value),
            p.value,
            p.practised_on,
            rule.beyond(p.value),
            f"Session {p.index + 1}, {p.practised_on:%d %b}: {plain_number(p.value)}{unit}",
        )
        for p in curve.points
    ]
    right = CURVE_WIDTH - CURVE_RIGHT
    goal_y = scale.y(item.mastery_threshold)
    return CurveChart(
        dots=dots,
        path=" ".join(f"{d.x},{d.y}" for d in dots),
        trend=_trend(curve, scale),
        threshold=Segment(CURVE_LEFT, goal_y, right, goal_y),
        threshold_label=Label(right, goal_y - 4, f"goal {plain_number(item.mastery_threshold)}"),
        ticks=_value_ticks(curve, scale),
        dates=_date_labels(dots),
        width=CURVE_WIDTH,
        height=CURVE_HEIGHT,
        left=CURVE_LEFT,
        right=right,
        top=CURVE_TOP,
        bottom=CURVE_HEIGHT - CURVE_BOTTOM,
        radius=3.5 if len(dots) <= 60 else 2.0,
    )


def _curve_scale(curve: CurvePublic) -> _Scale:
    values = [p.value for p in curve.points] + [curve.microskill.mastery_threshold]
    values += [v for v in (curve.trend_start, curve.trend_end) if v is not None]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 if high > low else max(abs(high) * 0.1, 1.0)
    return _Scale(low - pad, high + pad, len(curve.points))


def _trend(curve: CurvePublic, scale: _Scale) -> Segment | None:
    if curve.trend_start is None or curve.trend_end is None or len(curve.points) < 2:
        return None
    last = len(curve.points) - 1
    return Segment(scale.x(0), scale.y(curve.trend_start), scale.x(last), scale.y(curve.trend_end))


def _value_ticks(curve: CurvePublic, scale: _Scale) -> list[Label]:
    """The lowest and highest measured values on the axis."""
    values = [p.value for p in curve.points]
    if not values:
        return []
    ends = sorted({min(values), max(values)})
    return [Label(CURVE_LEFT - 6, scale.y(v) + 4, plain_number(round(v, 2))) for v in ends]


def _date_labels(dots: Sequence[CurveDot]) -> list[Label]:
    if not dots:
        return []
    y = CURVE_HEIGHT - 8
    first = Label(dots[0].x, y, f"{dots[0].day:%d %b}")
    if len(dots) == 1:
        return [first]
    return [first, Label(dots[-1].x, y, f"{dots[-1].day:%d %b}")]
