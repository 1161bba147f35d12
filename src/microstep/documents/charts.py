"""Chart geometry shared by the HTML (SVG) and PDF documents, in abstract units.

Each renderer scales the same boxes: the SVG uses them as its viewBox, the PDF maps them to mm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from microstep.core.skills import MAX_LEVEL
from microstep.services.portfolio_schemas import GrowthWeek, SkillRow

WIDTH = 480
ROW = 26
LABEL = 170
BAR_HEIGHT = 12
CHART_HEIGHT = 90
TOP = 14
AXIS = 16


@dataclass(frozen=True)
class SkillBar:
    """One skill: its label and the widths of the current bar and target outline."""

    name: str
    y: float
    current: float
    target: float
    levels: str


@dataclass(frozen=True)
class SkillChart:
    """The skill map as horizontal bars on a 0-5 scale."""

    bars: list[SkillBar]
    x: float
    plot_width: float
    width: float
    height: float
    ticks: list[tuple[int, float]]


def skill_chart(skills: Sequence[SkillRow]) -> SkillChart:
    """Bars for the current level, outlines for the target, biggest gaps first."""
    plot = WIDTH - LABEL - 40
    unit = plot / MAX_LEVEL
    bars = [
        SkillBar(
            s.name,
            index * ROW,
            s.current_level * unit,
            s.target_level * unit,
            f"{s.current_level} → {s.target_level}",
        )
        for index, s in enumerate(skills)
    ]
    ticks = [(level, LABEL + level * unit) for level in range(MAX_LEVEL + 1)]
    return SkillChart(bars, LABEL, plot, WIDTH, len(bars) * ROW + AXIS, ticks)


@dataclass(frozen=True)
class Column:
    """One week's column."""

    x: float
    y: float
    width: float
    height: float
    value: int
    week: date


@dataclass(frozen=True)
class WeekChart:
    """A weekly series as columns scaled to its best week."""

    title: str
    unit: str
    columns: list[Column]
    width: float
    height: float
    baseline: float
    total: int
    best: int


def week_chart(title: str, unit: str, values: Sequence[tuple[date, int]]) -> WeekChart:
    """Columns for a weekly series; an empty week keeps a thin stub so the axis reads."""
    best = max((value for _week, value in values), default=0)
    count = max(len(values), 1)
    step = WIDTH / count
    room = CHART_HEIGHT - TOP
    columns = []
    for index, (week, value) in enumerate(values):
        height = max(1.5, room * value / best) if best else 1.5
        x = index * step + step * 0.15
        columns.append(Column(x, CHART_HEIGHT - height, step * 0.7, height, value, week))
    total = sum(value for _week, value in values)
    return WeekChart(title, unit, columns, WIDTH, CHART_HEIGHT + AXIS, CHART_HEIGHT, total, best)


def growth_charts(growth: Sequence[GrowthWeek]) -> list[WeekChart]:
    """The three growth series: goals done, practice minutes, skill levels gained."""
    return [
        week_chart("Micro-goals done per week", "goals", [(g.week, g.goals_done) for g in growth]),
        week_chart(
            "Practice minutes per week", "min", [(g.week, g.practice_minutes) for g in growth]
        ),
        week_chart(
            "Skill levels gained per week", "levels", [(g.week, g.levels_gained) for g in growth]
        ),
    ]
