"""Jinja filters that turn dates and numbers into the words the pages show."""

from __future__ import annotations

from datetime import date

from microstep.core.text import plain_number
from microstep.core.today import due_phrase as phrase_for


def days_until(day: date, today: date) -> int:
    """Whole days from today to `day` (negative when it has passed)."""
    return (day - today).days


def due_phrase(due: date, today: date) -> str:
    """'due today', 'due tomorrow', 'due in 3 days' or 'overdue by 2 days'."""
    return phrase_for(days_until(due, today))


def number(value: float | None) -> str:
    """A number without a trailing '.0'; empty for None."""
    return "" if value is None else plain_number(value)
