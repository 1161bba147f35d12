"""A four-week plan: one focus a week, taken from a skill's micro-skill stack (seed 003)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.weeks import week_start

WEEKS = 4


@dataclass(frozen=True)
class PlanItem:
    """A micro-skill that may become a week's focus."""

    definition: str
    minutes: int
    rule: str
    active: bool = False
    position: int = 0


@dataclass(frozen=True)
class PlanWeek:
    """One week of the plan."""

    number: int
    starts: date
    focus: str
    minutes: int
    rule: str
    note: str


def four_week_plan(stack: Sequence[PlanItem], *, today: date, weeks: int = WEEKS) -> list[PlanWeek]:
    """One focus a week, active first, then in stack order; spare weeks consolidate the last.

    Week 1 is this week when planned by Wednesday, otherwise next week.
    """
    monday = week_start(today) + timedelta(weeks=1 if today.weekday() > 2 else 0)
    stack = sorted(stack, key=lambda item: (not item.active, item.position))  # active first
    plan = []
    for number in range(1, weeks + 1):
        starts = monday + timedelta(weeks=number - 1)
        if number <= len(stack):
            item, note = stack[number - 1], "new focus: practise it daily"
        elif stack:
            item, note = stack[-1], "consolidate: keep it daily until the rule is met"
        else:
            break
        plan.append(PlanWeek(number, starts, item.definition, item.minutes, item.rule, note))
    return plan


def plan_markdown(skill: str, plan: Sequence[PlanWeek]) -> str:
    """The plan as Markdown, ready to paste into notes or share with a mentor."""
    lines = [f"# Four-week plan: {skill}", ""]
    if not plan:
        return "\n".join([*lines, "No micro-skills queued yet: add one to plan the weeks.", ""])
    for week in plan:
        lines += [
            f"## Week {week.number} (from {week.starts:%a %d %b %Y})",
            "",
            f"- **Focus:** {week.focus}",
            f"- **Daily practice:** {week.minutes} minutes",
            f"- **Done when:** {week.rule}",
            f"- {week.note.capitalize()}",
            "",
        ]
    return "\n".join(lines)
