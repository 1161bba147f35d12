"""The iCalendar document (RFC 5545) of check-ins, due practice and goal due dates.

Built from plain dataclasses; the same inputs give the same bytes, so a feed reader sees no
change until something changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from microstep.core.text import amount, plain_number

PRODID = "-//microstep//check-ins and practice//EN"
DOMAIN = "microstep"
OWNER_CHARS = 16  # 64 bits of the hash: two people (or databases) never share a UID


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


def owner_tag(person_id: int, created_at: datetime) -> str:
    """A per-person part of every UID, derived from what is stored so it never changes.

    The person's row id alone repeats in every database (everyone starts as person 1); the
    moment the person was created, to the microsecond, tells databases apart."""
    moment = created_at.astimezone(UTC).isoformat() if created_at.tzinfo else created_at.isoformat()
    digest = hashlib.sha256(f"microstep-person:{person_id}:{moment}".encode()).hexdigest()
    return digest[:OWNER_CHARS]


def uid(local: str, owner: str) -> str:
    """A stable UID, the same in every export and unique across people and databases:
    'checkin-3' becomes checkin-3-5f0c9a1e2b7d4c68@microstep."""
    return f"{local}-{owner}@{DOMAIN}" if owner else f"{local}@{DOMAIN}"


def goal_description(
    *,
    metric: str | None,
    target: float | None,
    unit: str | None,
    lower: bool = False,
    done_when: str | None = None,
    skill: str | None = None,
    objective: str | None = None,
) -> str:
    """What a goal's due-date event says: its target or done-when test, and what it serves.

    'Target: 3 reports.', 'Target: at most 30 s (runtime).', 'Done when: ...', then
    'For the skill SQL.' and 'For the objective "Lead the churn analysis".'"""
    lines: list[str] = []
    if target is not None and metric:
        wanted = ("at most " if lower else "") + (
            amount(target, unit) if unit else amount(target, metric)
        )
        named = f" ({metric})" if unit and unit != metric else ""
        lines.append(f"Target: {wanted}{named}.")
    elif target is not None:
        lines.append(f"Target: {plain_number(target)}{' ' + unit if unit else ''}.")
    elif metric:
        lines.append(f"Measured by: {metric}.")
    if done_when:
        lines.append(f"Done when: {done_when.rstrip('.')}.")
    if skill:
        lines.append(f"For the skill {skill}.")
    if objective:
        lines.append(f'For the objective "{objective}".')
    return "\n".join(lines)


def build_calendar(
    *,
    checkins: Sequence[CalendarCheckIn],
    days: Sequence[CalendarDay],
    stamp: datetime,
    owner: str,
    name: str = "microstep",
) -> bytes:
    """The .ics document: one VEVENT per check-in (DTSTART with TZID, RRULE) and per day.

    `owner` (see owner_tag) goes into every UID, so no two people's events share one."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    moment = stamp.astimezone(UTC).replace(microsecond=0)
    for item in sorted(checkins, key=lambda c: c.id):
        calendar.add_component(_checkin_event(item, moment, owner))
    for day in sorted(days, key=lambda d: (d.day, d.uid)):
        calendar.add_component(_day_event(day, moment, owner))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _checkin_event(item: CalendarCheckIn, stamp: datetime, owner: str) -> Event:
    event = Event()
    event.add("uid", uid(f"checkin-{item.id}", owner))
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


def _day_event(item: CalendarDay, stamp: datetime, owner: str) -> Event:
    event = Event()
    event.add("uid", uid(item.uid, owner))
    event.add("dtstamp", stamp)
    event.add("summary", item.summary)
    event.add("dtstart", item.day)
    event.add("dtend", item.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot
    if item.description:
        event.add("description", item.description)
    return event
