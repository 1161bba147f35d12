"""Parsing the dates people type: ISO dates, 'today', 'tomorrow', '+3d', '2w', weekday names."""

from __future__ import annotations

import re
from datetime import date, timedelta

from microstep.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^\+?\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks)$")
_IN_RELATIVE = re.compile(r"^in\s+(\d{1,4})\s*(d|day|days|w|wk|week|weeks)$")
HELP = "use YYYY-MM-DD, 'today', 'tomorrow', '+3d', '2w' or a weekday such as 'friday'"


def parse_day(text: str, *, today: date, field: str = "date") -> date:
    """Turn typed text into a date; a weekday means its next occurrence after today."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise InvalidInput(f"The {field} is empty: {HELP}.", field=field)
    found = _named(raw, today) or _relative(raw, today) or _weekday(raw, today)
    if found is not None:
        return found
    try:
        return date.fromisoformat(raw)
    except ValueError:
        message = f"'{' '.join(text.split())}' is not a date I understand: {HELP}."
        raise InvalidInput(message, field=field) from None


def _named(raw: str, today: date) -> date | None:
    return {"today": today, "tomorrow": today + timedelta(days=1)}.get(raw)


def _relative(raw: str, today: date) -> date | None:
    match = _RELATIVE.match(raw) or _IN_RELATIVE.match(raw)
    if match is None:
        return None
    count = int(match.group(1))
    days = count * 7 if match.group(2).startswith("w") else count
    return today + timedelta(days=days)


def _weekday(raw: str, today: date) -> date | None:
    name = raw.removeprefix("next ").removeprefix("by ")
    for index, weekday in enumerate(WEEKDAYS):
        if len(name) >= 3 and weekday.startswith(name):
            ahead = (index - today.weekday() - 1) % 7 + 1
            return today + timedelta(days=ahead)
    return None
