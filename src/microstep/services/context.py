"""Who is acting, on which storage, under which rules, on which day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from microstep.core.goals import GoalPolicy
from microstep.settings import Settings
from microstep.store.db import Database


def policy_from(settings: Settings) -> GoalPolicy:
    """The micro-goal limits the settings ask for."""
    return GoalPolicy(
        horizon_days=settings.goal_horizon_days,
        max_active=settings.max_active_goals,
        effort_cap_hours=settings.effort_cap_hours,
    )


@dataclass(frozen=True)
class PracticePolicy:
    """The configurable limits of micro-skill practice."""

    max_active: int = 3
    forgive_per_week: int = 1


def practice_policy_from(settings: Settings) -> PracticePolicy:
    """The practice limits the settings ask for."""
    return PracticePolicy(
        max_active=settings.max_active_microskills,
        forgive_per_week=settings.streak_forgive_days,
    )


@dataclass(frozen=True)
class Context:
    """Everything a use case needs besides its own input."""

    db: Database
    person_id: int
    policy: GoalPolicy = field(default_factory=GoalPolicy)
    practice: PracticePolicy = field(default_factory=PracticePolicy)
    today: date = field(default_factory=date.today)

    def now(self) -> datetime:
        """The current instant in UTC, on the context's day (so a replayed day stays coherent)."""
        current = datetime.now().astimezone()
        if current.date() != self.today:
            current = datetime.combine(self.today, current.timetz())
        return current.astimezone(UTC)
