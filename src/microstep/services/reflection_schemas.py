"""Input and output shapes of check-ins, the calendar feed and lessons."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from microstep.core.checkins import DEFAULT_MINUTES, MAX_MINUTES, MIN_MINUTES
from microstep.core.evidence import CheckInWith
from microstep.services.schemas import Schema


class CheckInCreate(Schema):
    """A new check-in: with whom, the first meeting, and how it repeats."""

    with_whom: str = Field(description="Who you meet, e.g. 'Priya (mentor)'.")
    with_role: CheckInWith = CheckInWith.MENTOR
    first: str = Field(
        description="The first meeting in your time zone: '2026-11-26 15:00' or 'thursday 15:00'."
    )
    every: str | None = Field(
        default=None,
        description="weekly, fortnightly (biweekly), monthly or once; fortnightly when both "
        "this and rrule are left out.",
    )
    rrule: str | None = Field(
        default=None, description="A raw RFC 5545 RRULE instead, e.g. FREQ=WEEKLY;INTERVAL=2."
    )
    duration_minutes: int = Field(default=DEFAULT_MINUTES, ge=MIN_MINUTES, le=MAX_MINUTES)
    title: str | None = Field(default=None, description="Defaults to 'Check-in with …'.")
    timezone: str | None = Field(
        default=None, description="IANA time zone; defaults to this machine's."
    )


class CheckInPublic(Schema):
    """A check-in as shown, with its next meeting."""

    id: int
    with_whom: str
    with_role: CheckInWith
    title: str
    first_at: datetime
    timezone: str
    zone_label: str = Field(description="The zone as people say it: 'UTC', 'Berlin', 'New York'.")
    first_day: date = Field(description="The day of the first meeting, in the check-in's zone.")
    duration_minutes: int
    rrule: str | None
    recurrence: str = Field(description="The rule in words when it is a common one.")
    active: bool
    next_at: datetime | None = Field(description="The next meeting (UTC), None when ended.")
    next_local: str | None = Field(description="The next meeting on the person's wall clock.")
    meetings: int
    last_held: date | None


class AgendaSectionPublic(Schema):
    """One heading of an agenda and its lines."""

    title: str
    items: list[str]


class AgendaPublic(Schema):
    """The generated agenda of a check-in's next meeting."""

    checkin_id: int
    since: date
    sections: list[AgendaSectionPublic]
    text: str = Field(description="The agenda as kept with a held meeting, one item per line.")


class MeetingCreate(Schema):
    """A meeting that took place; the agenda is generated unless given."""

    held_on: date | None = Field(default=None, description="Defaults to today.")
    notes: str | None = None
    agenda: str | None = Field(default=None, description="Edited agenda; generated when absent.")


class MeetingPublic(Schema):
    """A held meeting, with the agenda it had and the notes taken."""

    id: int
    checkin_id: int
    held_on: date
    agenda: str
    notes: str | None


class FeedPublic(Schema):
    """The calendar feed's secret URL."""

    url: str
    created: bool = Field(description="True when this call made a new token.")


class LessonFields(Schema):
    """Fields shared by adding and editing a lesson."""

    title: str | None = None
    context: str | None = None
    worked: str | None = Field(default=None, description="What worked.")
    did_not: str | None = Field(default=None, description="What did not work.")
    next_time: str | None = Field(default=None, description="What to do next time.")
    tags: str | None = Field(
        default=None,
        description="Tags separated by commas; 'Sales Team' is kept as one tag, sales-team.",
    )
    learned_on: date | None = None


class LessonCreate(LessonFields):
    """A new lesson; the date defaults to today."""

    title: str


class LessonUpdate(LessonFields):
    """Changed fields of a lesson; fields left out stay as they are."""


class LessonPublic(Schema):
    """A lesson as shown."""

    id: int
    title: str
    context: str | None
    worked: str | None
    did_not: str | None
    next_time: str | None
    tags: list[str]
    learned_on: date
    review_id: int | None
    created_at: datetime
    updated_at: datetime


class SnippetPartPublic(Schema):
    """A run of a search snippet; `hit` when it matched."""

    text: str
    hit: bool


class LessonHitPublic(Schema):
    """A search result: the lesson, its rank (1 is best) and a highlighted snippet."""

    lesson: LessonPublic
    rank: int
    score: float = Field(description="The engine's relevance, higher is better.")
    snippet: list[SnippetPartPublic]


class TagCountPublic(Schema):
    """A tag and how many lessons carry it."""

    tag: str
    count: int
