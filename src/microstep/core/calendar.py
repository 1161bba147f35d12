"""The iCalendar document (RFC 5545) of check-ins, due practice and goal due dates.

Built from plain dataclasses; the same inputs give the same bytes, so a feed reader sees no
change until something changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

PRODID = "-//microstep//check-ins and practice//EN"
DOMAIN = "microstep"


@dataclass(frozen=True)
class CalendarCheckIn:
    """A recurring (or one-off) check-in as a timed event in its own time zone."""

    id: int
    title: str
    with_whom: str
    first_at: datetime  # aware, the first meeting
    timezone: str  # IANA name
    duration_minutes: int
    rrule: str | None
    description: str = ""


@dataclass(frozen=True)
class CalendarDay:
    """An all-day event: practice due, a goal due."""

    uid: str  # unique within microstep, e.g. "practice-4"
    summary: str
    day: date
    description: str = ""


def uid(kind: str, record_id: int) -> str:
    """A stable UID, the same in every export, e.g. checkin-3@microstep."""
    return f"{kind}-{record_id}@{DOMAIN}"


def build_calendar(
    *,
    checkins: Sequence[CalendarCheckIn],
    days: Sequence[CalendarDay],
    stamp: datetime,
    name: str = "microstep",
) -> bytes:
    """The .ics document: one VEVENT per check-in (DTSTART with TZID, RRULE) and per day."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    moment = stamp.astimezone(UTC).replace(microsecond=0)
    for item in sorted(checkins, key=lambda c: c.id):
        calendar.add_component(_checkin_event(item, moment))
    for day in sorted(days, key=lambda d: (d.day, d.uid)):
        calendar.add_component(_day_event(day, moment))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _checkin_event(item: CalendarCheckIn, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid("checkin", item.id))
    event.add("dtstamp", stamp)
    event.add("summary", item.title)
    start = item.first_at.astimezone(ZoneInfo(item.timezone)).replace(microsecond=0)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=item.duration_minutes))
    if item.rrule:
        event.add("rrule", vRecur.from_ical(item.rrule))
    text = f"With {item.with_whom}." + (f"\n\n{item.description}" if item.description else "")
    event.add("description", text)
    event.add("categories", ["check-in"])
    return event


def _day_event(item: CalendarDay, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{item.uid}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", item.summary)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    if item.description:
        event.add("description", item.description)
    return event
