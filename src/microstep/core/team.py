"""The manager view (seeds 004, 001): a team's skill inventory, growth and follow-through.

Built only from what members share with the viewer: the service hands in shared records, and
everything here is arithmetic on them. A member's skill that is not shared is "not shared",
never a zero, so a gap in what people share never reads as a gap in their skills.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from microstep.core.checkins import occurrences
from microstep.core.gap import name_key
from microstep.core.weeks import week_start

GROWTH_WEEKS = 12  # growth over time: the last twelve ISO weeks, this week last
WINDOW_WEEKS = 8  # check-in adherence and goal completion: the last eight weeks
OPEN_STATUSES = frozenset({"planned", "active"})


# --- inputs: shared records as plain values ---------------------------------------------------


@dataclass(frozen=True)
class SharedSkill:
    """A skill target a member shares with the viewer."""

    person_id: int
    name: str
    current: int
    target: int
    esco_uri: str | None = None


@dataclass(frozen=True)
class LevelChange:
    """One change of a shared skill's current level; `before` is None when the skill was added."""

    person_id: int
    day: date
    before: int | None
    after: int


@dataclass(frozen=True)
class SharedGoal:
    """A micro-goal a member shares: its status, due day and the day it was closed."""

    person_id: int
    status: str
    due: date
    finished_on: date | None = None


@dataclass(frozen=True)
class SharedCheckIn:
    """A check-in a member shares: its recurrence and the days meetings were held."""

    person_id: int
    rrule: str | None
    first_at: datetime  # aware: the first meeting
    timezone: str
    held: Sequence[date] = ()
    active: bool = True


Record = TypeVar("Record", "SharedSkill", "LevelChange", "SharedGoal", "SharedCheckIn")


# --- the skill heatmap -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One member's levels for one skill of the team, or `shared=False` when not shared."""

    person_id: int
    shared: bool
    current: int | None = None
    target: int | None = None

    @property
    def gap(self) -> int | None:
        """Levels still to climb (None when not shared)."""
        if self.current is None or self.target is None:
            return None
        return max(0, self.target - self.current)

    @property
    def met(self) -> bool | None:
        """At or above target (None when not shared)."""
        return None if self.gap is None else self.gap == 0


@dataclass(frozen=True)
class SkillRow:
    """One skill across the team: a cell per member, in the members' order."""

    key: str
    name: str
    esco_uri: str | None
    cells: tuple[Cell, ...]

    @property
    def sharing(self) -> int:
        """Members who share this skill."""
        return sum(1 for cell in self.cells if cell.shared)

    @property
    def at_target(self) -> int:
        """Members who share it at or above their target: the team's coverage."""
        return sum(1 for cell in self.cells if cell.met)

    @property
    def total_gap(self) -> int:
        """Levels the team still has to climb on this skill."""
        return sum(cell.gap or 0 for cell in self.cells)


def skill_key(skill: SharedSkill) -> str:
    """The grouping key of a skill alone: its ESCO URI, else its name as people read it."""
    return f"esco:{skill.esco_uri}" if skill.esco_uri else f"name:{name_key(skill.name)}"


def group_keys(skills: Sequence[SharedSkill]) -> list[str]:
    """Each skill's group: same ESCO URI, else the same name (joining a linked skill so named)."""
    linked_names: dict[str, str] = {}
    for skill in sorted((s for s in skills if s.esco_uri), key=lambda s: s.esco_uri or ""):
        linked_names.setdefault(name_key(skill.name), skill_key(skill))
    return [
        skill_key(skill)
        if skill.esco_uri
        else linked_names.get(name_key(skill.name), skill_key(skill))
        for skill in skills
    ]


def heatmap(
    skills: Sequence[SharedSkill],
    members: Sequence[int],
    *,
    labels: Mapping[str, str] | None = None,
) -> list[SkillRow]:
    """Skill x member rows, most widely shared first, then the biggest total gap, then by name.

    `labels` names a linked skill by its ESCO URI; otherwise a row takes the name most members
    use. A member holding two skills of one group shows the stronger (higher current level)."""
    groups: dict[str, list[SharedSkill]] = {}
    for key, skill in zip(group_keys(skills), skills, strict=True):
        groups.setdefault(key, []).append(skill)
    rows = [_row(key, found, members, labels or {}) for key, found in groups.items()]
    return sorted(rows, key=lambda r: (-r.sharing, -r.total_gap, r.name.casefold(), r.key))


def _row(
    key: str, skills: list[SharedSkill], members: Sequence[int], labels: Mapping[str, str]
) -> SkillRow:
    uri = next((s.esco_uri for s in skills if s.esco_uri), None)
    best: dict[int, SharedSkill] = {}
    for skill in skills:
        held = best.get(skill.person_id)
        if held is None or (skill.current, skill.target) > (held.current, held.target):
            best[skill.person_id] = skill
    cells = tuple(
        Cell(pid, True, best[pid].current, best[pid].target) if pid in best else Cell(pid, False)
        for pid in members
    )
    return SkillRow(key, labels.get(uri or "") or _common_name(skills), uri, cells)


def _common_name(skills: Sequence[SharedSkill]) -> str:
    """The name most members use (ties: alphabetically first)."""
    counts = Counter(" ".join(s.name.split()) for s in skills)
    return min(counts, key=lambda name: (-counts[name], name.casefold(), name))


# --- growth over time ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthWeek:
    """Levels gained (net of levels lost) in one ISO week."""

    week: date  # the Monday
    levels: int

    @property
    def label(self) -> str:
        """The ISO week, such as 2026-W47."""
        year, number, _ = self.week.isocalendar()
        return f"{year}-W{number:02d}"


def level_delta(change: LevelChange) -> int:
    """What a change adds: adding a skill records where it starts, which is not growth."""
    return 0 if change.before is None else change.after - change.before


def growth(
    changes: Iterable[LevelChange], *, today: date, weeks: int = GROWTH_WEEKS
) -> list[GrowthWeek]:
    """The sum of level changes per ISO week for the last `weeks` weeks, oldest first."""
    this_week = week_start(today)
    totals = [0] * weeks
    for change in changes:
        offset = (this_week - week_start(change.day)).days // 7
        if 0 <= offset < weeks and change.day <= today:
            totals[weeks - 1 - offset] += level_delta(change)
    first = this_week - timedelta(weeks=weeks - 1)
    return [GrowthWeek(first + timedelta(weeks=i), total) for i, total in enumerate(totals)]


def growth_by_person(
    changes: Iterable[LevelChange], *, today: date, weeks: int = GROWTH_WEEKS
) -> dict[int, int]:
    """Each member's net levels gained over the same weeks as `growth`."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    totals: dict[int, int] = {}
    for change in changes:
        if first <= change.day <= today:
            totals[change.person_id] = totals.get(change.person_id, 0) + level_delta(change)
    return totals


# --- check-in adherence and goal completion ----------------------------------------------------


def window_start(today: date, weeks: int = WINDOW_WEEKS) -> date:
    """The first day of the last `weeks` weeks, today included (8 weeks: 56 days)."""
    return today - timedelta(days=7 * weeks - 1)


@dataclass(frozen=True)
class Adherence:
    """Check-in meetings held against those the recurrence rules expected."""

    held: int
    expected: int
    checkins: int

    @property
    def rate(self) -> float | None:
        """Held over expected, at most 1; None when no meeting was due."""
        return None if self.expected == 0 else min(1.0, self.held / self.expected)


def adherence(
    checkins: Iterable[SharedCheckIn], *, today: date, now: datetime, weeks: int = WINDOW_WEEKS
) -> Adherence:
    """Meetings held vs expected since `window_start`, up to `now`, over active check-ins.

    A stopped check-in is left out: the day it stopped is not recorded, so its expected meetings
    cannot be told."""
    first_day = window_start(today, weeks)
    held = expected = count = 0
    for checkin in checkins:
        if not checkin.active:
            continue
        tz = ZoneInfo(checkin.timezone)
        start = datetime.combine(first_day, time.min, tzinfo=tz)
        expected += len(
            occurrences(checkin.rrule, first=checkin.first_at, tz=tz, start=start, end=now)
        )
        held += sum(1 for day in checkin.held if first_day <= day <= today)
        count += 1
    return Adherence(held, expected, count)


@dataclass(frozen=True)
class Completion:
    """Micro-goals closed or overdue in the window, and the share done."""

    done: int
    dropped: int
    overdue: int

    @property
    def rate(self) -> float | None:
        """done / (done + dropped + overdue); None when there is nothing to count."""
        total = self.done + self.dropped + self.overdue
        return None if total == 0 else self.done / total


def completion(
    goals: Iterable[SharedGoal], *, today: date, weeks: int = WINDOW_WEEKS
) -> Completion:
    """Goals done or dropped in the window, and open goals that fell due in it before today."""
    first_day = window_start(today, weeks)
    done = dropped = overdue = 0
    for goal in goals:
        closed = goal.finished_on is not None and first_day <= goal.finished_on <= today
        if goal.status == "done" and closed:
            done += 1
        elif goal.status == "dropped" and closed:
            dropped += 1
        elif goal.status in OPEN_STATUSES and first_day <= goal.due < today:
            overdue += 1
    return Completion(done, dropped, overdue)


def by_person(items: Iterable[Record]) -> dict[int, list[Record]]:
    """Records grouped by their member."""
    grouped: dict[int, list[Record]] = {}
    for item in items:
        grouped.setdefault(item.person_id, []).append(item)
    return grouped
