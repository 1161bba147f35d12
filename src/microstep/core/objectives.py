"""The long-term objective: a target role or capability with a horizon date."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from microstep.errors import InvalidInput


class ObjectiveKind(StrEnum):
    """Whether the objective names a role to reach or a capability to build."""

    ROLE = "role"
    CAPABILITY = "capability"


def check_horizon(horizon: date, *, today: date) -> date:
    """A horizon must lie ahead, and within ten years to stay a plan rather than a wish."""
    if horizon <= today:
        raise InvalidInput(
            f"The horizon {horizon.isoformat()} is not in the future: pick a date ahead, "
            "such as six to eighteen months from now.",
            field="horizon",
        )
    if (horizon - today).days > 3660:
        raise InvalidInput(
            f"The horizon {horizon.isoformat()} is more than ten years away: pick a nearer date.",
            field="horizon",
        )
    return horizon
