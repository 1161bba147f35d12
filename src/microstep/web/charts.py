"""Geometry of the server-rendered SVG charts; presentation only, the numbers come from services.

Both charts use a small viewBox and scale to the width of their card, so they read the same on a
375 px phone and on a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.skills import LEVEL_NAMES, MAX_LEVEL
from microstep.core.weeks import week_start
from microstep.services.schemas import SkillPublic

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
