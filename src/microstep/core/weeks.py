"""Counting events per ISO week (Monday to Sunday), the rhythm of weekly reviews."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of an instant in `tz`, or where the person is (the machine's zone)."""
    return moment.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def weekly_counts(days: Iterable[date], *, today: date, weeks: int) -> list[int]:
    """Events per week for the last `weeks` weeks, oldest first; the last is this week."""
    this_week = week_start(today)
    counts = [0] * weeks
    for day in days:
        offset = (this_week - week_start(day)).days // 7
        if 0 <= offset < weeks:
            counts[weeks - 1 - offset] += 1
    return counts
