"""Micro-skills (seed 003): one precise behaviour, a metric with a direction, a mastery rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from microstep.core.curve import Direction
from microstep.core.text import plain_number
from microstep.errors import Conflict, InvalidInput

MAX_MINUTES = 120  # a micro-practice is minutes; two hours is a workshop, not a micro-skill
DEFAULT_MINUTES = 5
OLDEST_LOG_DAYS = 366  # the journal takes late entries, not archaeology


class MicroSkillState(StrEnum):
    """Where a micro-skill stands in its stack."""

    QUEUED = "queued"
    ACTIVE = "active"
    MASTERED = "mastered"


class SelfRating(StrEnum):
    """How the session felt; it drives the spaced schedule."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


@dataclass(frozen=True)
class MasteryRule:
    """Mastered when `needed` of the last `window` measured sessions are beyond the threshold."""

    threshold: float
    direction: Direction
    needed: int = 4
    window: int = 5

    def beyond(self, value: float) -> bool:
        """True when one value meets the threshold in the right direction."""
        if self.direction is Direction.LOWER:
            return value <= self.threshold
        return value >= self.threshold

    def describe(self, unit: str = "") -> str:
        """The rule in words, e.g. 'at most 2 per min in 4 of the last 5 sessions'."""
        bound = "at most" if self.direction is Direction.LOWER else "at least"
        amount = f"{plain_number(self.threshold)} {unit}".strip()
        return f"{bound} {amount} in {self.needed} of the last {self.window} sessions"


def check_rule(rule: MasteryRule) -> MasteryRule:
    """Refuse a rule that can never or always be met."""
    if not 1 <= rule.needed <= rule.window <= 20:
        raise InvalidInput(
            "The mastery rule needs 1 to 20 sessions, and no more hits than sessions "
            f"(got {rule.needed} of {rule.window}).",
            field="mastery_needed",
        )
    return rule


def is_mastered(values: Sequence[float], rule: MasteryRule) -> bool:
    """Apply the rule to measured values, oldest first."""
    recent = list(values)[-rule.window :]
    return len(recent) >= rule.needed and sum(rule.beyond(v) for v in recent) >= rule.needed


def check_minutes(minutes: int, *, field: str = "minutes") -> int:
    """A session lasts 1 to MAX_MINUTES whole minutes."""
    if not 1 <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            f"A practice session lasts 1 to {MAX_MINUTES} minutes (got {minutes}).", field=field
        )
    return minutes


def check_practice_day(day: date, *, today: date) -> date:
    """A session happened today or in the past year, not in the future."""
    if day > today:
        raise InvalidInput(
            f"The practice date {day.isoformat()} is in the future: log it on the day.",
            field="practised_on",
        )
    if (today - day).days > OLDEST_LOG_DAYS:
        raise InvalidInput(
            f"The practice date {day.isoformat()} is more than a year ago: log recent sessions.",
            field="practised_on",
        )
    return day


def starts_at_once(asked: bool | None, *, skill_has_active: bool, active: int, limit: int) -> bool:
    """Whether a new micro-skill starts now: as asked, else only a skill's first one, with room."""
    if asked is not None:
        return asked
    return not skill_has_active and active < limit


def check_can_log(state: MicroSkillState, definition: str) -> None:
    """Only an active (or queued, starting now) micro-skill takes new sessions."""
    if state is MicroSkillState.MASTERED:
        raise Conflict(
            f"'{definition}' is already mastered: practise the next micro-skill in its stack.",
            field="microskill_id",
        )


def check_active_limit(active: int, limit: int) -> None:
    """Refuse one more active micro-skill when the limit is reached (scope creep, seed 003)."""
    if active >= limit:
        raise Conflict(
            f"You already practise {active} micro-skills (the limit is {limit}): master or "
            "pause one first (`microstep microskill pause N`, or Pause on the Practice page); "
            "a few at a time is what makes them stick.",
            field="state",
        )


def next_in_stack(queued: Sequence[tuple[int, int]]) -> int | None:
    """The id of the queued micro-skill to activate next: lowest position, then oldest id."""
    return min(queued)[1] if queued else None
