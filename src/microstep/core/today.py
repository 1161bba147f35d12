"""Today's agenda: what needs attention now, most overdue first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from microstep.core.goals import GoalStatus
from microstep.core.text import plural

SOON_DAYS = 3


@dataclass(frozen=True)
class GoalDue:
    """The few facts about a goal the agenda needs."""

    goal_id: int
    title: str
    due: date
    status: GoalStatus


@dataclass(frozen=True)
class AgendaItem:
    """One line of today's agenda."""

    kind: str
    id: int
    title: str
    due: date
    days_left: int
    status: str
    reason: str


def goal_agenda(goals: list[GoalDue], *, today: date) -> list[AgendaItem]:
    """Active goals, and planned ones due within SOON_DAYS, ordered by how urgent they are."""
    items = [_item(goal, today) for goal in goals if _wanted(goal, today)]
    return sorted(items, key=lambda item: (item.days_left, item.title.lower(), item.id))


@dataclass(frozen=True)
class PracticeDue:
    """The few facts about an active micro-skill the agenda needs."""

    microskill_id: int
    definition: str
    due: date
    minutes: int


def practice_agenda(items: list[PracticeDue], *, today: date) -> list[AgendaItem]:
    """Micro-skills due today or overdue, as agenda lines."""
    return [
        AgendaItem(
            kind="practice",
            id=item.microskill_id,
            title=item.definition,
            due=item.due,
            days_left=(item.due - today).days,
            status="active",
            reason=f"practise {item.minutes} min, {due_phrase((item.due - today).days)}",
        )
        for item in items
        if item.due <= today
    ]


def merge(*agendas: list[AgendaItem]) -> list[AgendaItem]:
    """One agenda, most overdue first; practice before goals on the same day."""
    items = [item for agenda in agendas for item in agenda]
    order = {"practice": 0, "goal": 1}
    return sorted(items, key=lambda i: (i.days_left, order.get(i.kind, 2), i.title.lower(), i.id))


def _wanted(goal: GoalDue, today: date) -> bool:
    if goal.status is GoalStatus.ACTIVE:
        return True
    return goal.status is GoalStatus.PLANNED and (goal.due - today).days <= SOON_DAYS


def _item(goal: GoalDue, today: date) -> AgendaItem:
    days_left = (goal.due - today).days
    return AgendaItem(
        kind="goal",
        id=goal.goal_id,
        title=goal.title,
        due=goal.due,
        days_left=days_left,
        status=goal.status.value,
        reason=_reason(goal.status, days_left),
    )


def _reason(status: GoalStatus, days_left: int) -> str:
    when = due_phrase(days_left)
    return f"{when}, not started yet" if status is GoalStatus.PLANNED and days_left >= 0 else when


def due_phrase(days_left: int) -> str:
    """'overdue by 2 days', 'due today', 'due tomorrow' or 'due in 3 days'."""
    if days_left < 0:
        return f"overdue by {plural(-days_left, 'day')}"
    return {0: "due today", 1: "due tomorrow"}.get(days_left, f"due in {plural(days_left, 'day')}")
