"""Consistency: days practised per week, minutes, a forgiving streak and the calendar heatmap."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.weeks import week_start


@dataclass(frozen=True)
class Practised:
    """One session, reduced to what consistency needs."""

    day: date
    minutes: int


@dataclass(frozen=True)
class WeekConsistency:
    """One ISO week of practice."""

    week: date
    days: int
    minutes: int
    sessions: int


@dataclass(frozen=True)
class Streak:
    """The current run of practice, allowing `forgiven` skipped days per week."""

    days: int
    practised: int
    forgiven_this_week: int


@dataclass(frozen=True)
class HeatCell:
    """One day of the calendar heatmap."""

    day: date
    minutes: int
    level: int


def weekly(sessions: Iterable[Practised], *, today: date, weeks: int) -> list[WeekConsistency]:
    """Days practised, minutes and sessions for the last `weeks` weeks, oldest first."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    days: dict[date, set[date]] = {first + timedelta(weeks=i): set() for i in range(weeks)}
    minutes: Counter[date] = Counter()
    count: Counter[date] = Counter()
    for session in sessions:
        week = week_start(session.day)
        if week in days and session.day <= today:
            days[week].add(session.day)
            minutes[week] += session.minutes
            count[week] += 1
    return [WeekConsistency(w, len(days[w]), minutes[w], count[w]) for w in sorted(days)]


def streak(practised_days: Iterable[date], *, today: date, forgive_per_week: int = 1) -> Streak:
    """Walk back from today; each ISO week may skip `forgive_per_week` days (0-6) unbroken.

    Today counts once practised: not having practised *yet* never breaks a streak.
    """
    done = set(practised_days)
    end = today if today in done else today - timedelta(days=1)
    day, earliest, practised = end, None, 0
    skipped: Counter[date] = Counter()
    while True:
        if day in done:
            earliest, practised = day, practised + 1
        else:
            skipped[week_start(day)] += 1
            if skipped[week_start(day)] > forgive_per_week:
                break
        day -= timedelta(days=1)
    length = 0 if earliest is None else (end - earliest).days + 1
    return Streak(length, practised, min(skipped[week_start(today)], forgive_per_week))


def heatmap(sessions: Iterable[Practised], *, today: date, weeks: int) -> list[HeatCell]:
    """Every day of the last `weeks` ISO weeks (Monday first) with minutes and a 0-4 level."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    minutes: Counter[date] = Counter()
    for session in sessions:
        minutes[session.day] += session.minutes
    days = [first + timedelta(days=i) for i in range(7 * weeks)]
    return [HeatCell(d, minutes[d], _level(minutes[d])) for d in days if d <= today]


def _level(minutes: int) -> int:
    """0 none, 1 a few minutes, 2 a session, 3 a solid session, 4 a long one."""
    return sum(minutes >= bound for bound in (1, 5, 10, 20))
