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
class Context:
    """Everything a use case needs besides its own input."""

    db: Database
    person_id: int
    policy: GoalPolicy = field(default_factory=GoalPolicy)
    today: date = field(default_factory=date.today)

    def now(self) -> datetime:
        """The current instant, in UTC."""
        return datetime.now(UTC)
