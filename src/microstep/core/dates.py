"""Parsing the dates people type: ISO dates, 'today', 'tomorrow', '+3d', '2w', weekday names."""

from __future__ import annotations

import re
from datetime import date, timedelta

from microstep.errors import InvalidInput


def day_label(
    day: date, *, weekday: bool = True, year: bool = True, today: date | None = None
) -> str:
    """How a person reads a day: 'Thu 26 Nov 2026'. Without the weekday ('26 Nov 2026') or the
    year on request; with `today`, the year shows only when it is not this year's."""
    text = f"{day:%a} {day.day} {day:%b}" if weekday else f"{day.day} {day:%b}"
    show_year = year and (today is None or day.year != today.year)
    return f"{text} {day.year}" if show_year else text


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^\+?\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks)$")
_IN_RELATIVE = re.compile(r"^in\s+(\d{1,4})\s*(d|day|days|w|wk|week|weeks)$")
_AGO = re.compile(
    r"^(?:-\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks)|(\d{1,4})\s*(d|day|days|w|wk|week|weeks)\s+ago)$"
)
HELP = "use YYYY-MM-DD, 'today', 'tomorrow', '+3d', '2w' or a weekday such as 'friday'"
PAST_HELP = "use YYYY-MM-DD, 'today', 'yesterday', '-2d', '3 days ago' or a weekday"


def parse_day(text: str, *, today: date, field: str = "date", past: bool = False) -> date:
    """Turn typed text into a date; a weekday is its next occurrence, or its last when `past`."""
    raw = " ".join(text.strip().lower().split())
    hint = PAST_HELP if past else HELP
    if not raw:
        raise InvalidInput(f"The {field} is empty: {hint}.", field=field)
    found = _named(raw, today) or _relative(raw, today) or _ago(raw, today)
    found = found or _weekday(raw, today, past=past)
    if found is not None:
        return found
    try:
        return date.fromisoformat(raw)
    except ValueError:
        message = f"'{' '.join(text.split())}' is not a date I understand: {hint}."
        raise InvalidInput(message, field=field) from None


def _named(raw: str, today: date) -> date | None:
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    return today + timedelta(days=named[raw]) if raw in named else None


def _relative(raw: str, today: date) -> date | None:
    match = _RELATIVE.match(raw) or _IN_RELATIVE.match(raw)
    if match is None:
        return None
    count = int(match.group(1))
    days = count * 7 if match.group(2).startswith("w") else count
    return today + timedelta(days=days)


def _ago(raw: str, today: date) -> date | None:
    match = _AGO.match(raw)
    if match is None:
        return None
    count, unit = (match.group(1), match.group(2)) if match.group(1) else match.groups()[2:]
    days = int(count) * 7 if unit.startswith("w") else int(count)
    return today - timedelta(days=days)


def _weekday(raw: str, today: date, *, past: bool) -> date | None:
    name = raw.removeprefix("next ").removeprefix("by ").removeprefix("last ")
    for index, weekday in enumerate(WEEKDAYS):
        if len(name) >= 3 and weekday.startswith(name):
            if past or raw.startswith("last "):
                return today - timedelta(days=(today.weekday() - index - 1) % 7 + 1)
            return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)
    return None
