"""Micro-goal rules (seed 002): specific, time-bound, small, linked; a short active list."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_number, clean_text, plain_number
from microstep.errors import Conflict, InvalidInput


class GoalKind(StrEnum):
    """What a micro-goal mainly builds."""

    LEARNING = "learning"
    VISIBILITY = "visibility"
    RELATIONSHIP = "relationship"


class GoalStatus(StrEnum):
    """Where a micro-goal stands."""

    PLANNED = "planned"
    ACTIVE = "active"
    DONE = "done"
    DROPPED = "dropped"


MAX_EFFORT = 1000.0  # hours; a micro-goal is hours of work, never months
OPEN_STATUSES = (GoalStatus.PLANNED, GoalStatus.ACTIVE)

EXAMPLES = {
    GoalKind.LEARNING: "'Build 2 pivot-table reports from last month's sales data by Friday'",
    GoalKind.VISIBILITY: "'Share a 5-bullet summary of the churn analysis at Monday's stand-up'",
    GoalKind.RELATIONSHIP: "'Book 2 twenty-minute coffee chats with the data platform team by "
    "Thursday'",
}


@dataclass(frozen=True)
class GoalPolicy:
    """The configurable limits behind the rules."""

    horizon_days: int = 14
    max_active: int = 5
    effort_cap_hours: float = 6.0


@dataclass(frozen=True)
class GoalDraft:
    """A goal as typed, before it is stored."""

    title: str
    due: date | None
    kind: GoalKind = GoalKind.LEARNING
    metric: str | None = None
    target_value: float | None = None
    unit: str | None = None
    done_when: str | None = None
    effort_hours: float | None = None
    objective_id: int | None = None
    skill_id: int | None = None


@dataclass(frozen=True)
class GoalCheck:
    """The outcome of checking a draft: what is missing, and friendly warnings."""

    draft: GoalDraft
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when nothing is missing (warnings do not block)."""
        return not self.missing

    def sentence(self) -> str:
        """One sentence naming everything missing, with an example of a good goal."""
        example = EXAMPLES[self.draft.kind]
        return (
            f"'{self.draft.title}' is not a micro-goal yet: it needs {_join(self.missing)} "
            f"— for example {example}."
        )


def _join(parts: tuple[str, ...]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def clean_draft(draft: GoalDraft) -> GoalDraft:
    """Normalise the text fields and refuse malformed values (too long, NaN, negative)."""
    return GoalDraft(
        title=clean_text(draft.title, field="title", required=True, max_len=MAX_TITLE) or "",
        due=draft.due,
        kind=GoalKind(draft.kind),
        metric=clean_text(draft.metric, field="metric", required=False, max_len=MAX_TITLE),
        target_value=clean_number(draft.target_value, field="target_value"),
        unit=clean_text(draft.unit, field="unit", required=False, max_len=40),
        done_when=clean_text(
            draft.done_when,
            field="done_when",
            required=False,
            max_len=MAX_NOTE,
            label="done-when test",
        ),
        effort_hours=clean_number(
            draft.effort_hours, field="effort_hours", maximum=MAX_EFFORT, label="effort (hours)"
        ),
        objective_id=draft.objective_id,
        skill_id=draft.skill_id,
    )


def check_goal(
    draft: GoalDraft, *, today: date, policy: GoalPolicy, check_due: bool = True
) -> GoalCheck:
    """Check the four rules; `check_due=False` keeps an old due date when editing other fields."""
    draft = clean_draft(draft)
    missing = [*_specific(draft), *_time_bound(draft, today, policy, check_due), *_linked(draft)]
    return GoalCheck(draft=draft, missing=tuple(missing), warnings=_size_warnings(draft, policy))


def validate_goal(
    draft: GoalDraft, *, today: date, policy: GoalPolicy, check_due: bool = True
) -> GoalCheck:
    """Like `check_goal`, but refuse a goal that misses anything with one clear sentence."""
    check = check_goal(draft, today=today, policy=policy, check_due=check_due)
    if not check.ok:
        raise InvalidInput(check.sentence(), field=_first_field(check.missing))
    return check


def _specific(draft: GoalDraft) -> list[str]:
    has_measure = draft.metric is not None and draft.target_value is not None
    if has_measure or draft.done_when is not None:
        return []
    if draft.metric is not None:
        return ["a target value for its metric"]
    if draft.target_value is not None:
        return ["a metric for its target value"]
    return ["a metric with a target (or the test that shows it is done)"]


def _time_bound(draft: GoalDraft, today: date, policy: GoalPolicy, check_due: bool) -> list[str]:
    if draft.due is None:
        return [f"a due date within {policy.horizon_days} days"]
    if not check_due:
        return []
    if draft.due < today:
        return [f"a due date that is not in the past (it says {draft.due.isoformat()})"]
    if draft.due > today + timedelta(days=policy.horizon_days):
        return [
            f"a due date within {policy.horizon_days} days (it says {draft.due.isoformat()}; "
            "break it into a nearer first step)"
        ]
    return []


def _linked(draft: GoalDraft) -> list[str]:
    if draft.objective_id is None and draft.skill_id is None:
        return ["a link to your objective or to a skill"]
    return []


def _size_warnings(draft: GoalDraft, policy: GoalPolicy) -> tuple[str, ...]:
    if draft.effort_hours is None or draft.effort_hours <= policy.effort_cap_hours:
        return ()
    parts = suggested_parts(draft.effort_hours, policy.effort_cap_hours)
    each = draft.effort_hours / parts
    return (
        f"This is about {plain_number(draft.effort_hours)} h of work, over the "
        f"{plain_number(policy.effort_cap_hours)} h "
        f"cap for one micro-goal: consider splitting it into {parts} goals of about {each:.1f} h.",
    )


def suggested_parts(effort_hours: float, cap_hours: float) -> int:
    """How many goals a too-big goal should become so each fits under the cap."""
    return max(2, math.ceil(effort_hours / cap_hours))


def _first_field(missing: tuple[str, ...]) -> str:
    first = missing[0]
    if "due date" in first:
        return "due"
    if "link" in first:
        return "objective_id"
    if first.startswith("a target value"):
        return "target_value"
    return "metric"


# --- the WIP limit and status changes -----------------------------------------------------

_MOVES: dict[str, tuple[frozenset[GoalStatus], GoalStatus]] = {
    "start": (frozenset({GoalStatus.PLANNED}), GoalStatus.ACTIVE),
    "done": (frozenset({GoalStatus.PLANNED, GoalStatus.ACTIVE}), GoalStatus.DONE),
    "drop": (frozenset({GoalStatus.PLANNED, GoalStatus.ACTIVE}), GoalStatus.DROPPED),
    "reopen": (frozenset({GoalStatus.DONE, GoalStatus.DROPPED}), GoalStatus.PLANNED),
}


def next_status(current: GoalStatus, action: str) -> GoalStatus:
    """The status after `action`, or a Conflict naming why the move is not possible."""
    if action not in _MOVES:
        raise InvalidInput(f"'{action}' is not a goal action: use {', '.join(_MOVES)}.")
    allowed, target = _MOVES[action]
    if current is target:
        raise Conflict(f"This goal is already {target.value}.")
    if current not in allowed:
        raise Conflict(f"This goal is {current.value}, so it cannot be marked {target.value}.")
    return target


def check_wip(active_count: int, policy: GoalPolicy) -> None:
    """Refuse one more active goal when the list is already at the limit (seed 002)."""
    if active_count >= policy.max_active:
        raise Conflict(
            f"You already have {active_count} active micro-goals (the limit is "
            f"{policy.max_active}): finish or drop one first, so each keeps your attention.",
            field="status",
        )
