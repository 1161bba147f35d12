"""Jinja filters that turn dates and numbers into the words the pages show."""

from __future__ import annotations

from datetime import date


def days_until(day: date, today: date) -> int:
    """Whole days from today to `day` (negative when it has passed)."""
    return (day - today).days


def due_phrase(due: date, today: date) -> str:
    """'due today', 'due tomorrow', 'in 3 days' or 'overdue by 2 days'."""
    days = days_until(due, today)
    if days < 0:
        return f"overdue by {_days(-days)}"
    return {0: "due today", 1: "due tomorrow"}.get(days, f"in {_days(days)}")


def number(value: float | None) -> str:
    """A number without a trailing '.0'; empty for None."""
    return "" if value is None else f"{value:g}"


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
