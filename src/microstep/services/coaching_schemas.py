"""Input and output shapes of coaching: ask for a career conversation, advisors schedule it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from microstep.services.schemas import RecordId, Schema


class CoachingStatus(StrEnum):
    """Where a request for a career conversation stands."""

    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


class CoachingCreate(Schema):
    """A request for a career conversation with an internal advisor."""

    topic: str = Field(description="What you want to talk about, in one line (200 characters).")
    note: str | None = Field(default=None, description="Context for the advisor (optional).")
    advisor_id: RecordId | None = Field(
        default=None, description="A preferred advisor's person id (optional)."
    )


class CoachingSchedule(Schema):
    """When the conversation takes place: a time still to come."""

    scheduled_for: datetime = Field(
        description="ISO 8601; a time without an offset is read in `timezone`."
    )
    timezone: str | None = Field(
        default=None, description="IANA name such as Europe/Berlin; defaults to the server's."
    )


class CoachingDone(Schema):
    """The advisor's short note on a conversation held; the requester reads it."""

    advisor_note: str = Field(description="What was agreed, in a few lines.")


class AdvisorPublic(Schema):
    """An advisor one may ask for."""

    id: int
    name: str


class CoachingPublic(Schema):
    """A request as its requester and its advisors see it."""

    id: int
    topic: str
    note: str | None
    status: CoachingStatus
    requester_id: int
    requester_name: str
    advisor_id: int | None
    advisor_name: str | None
    scheduled_for: datetime | None
    advisor_note: str | None
    created_at: datetime
    updated_at: datetime


class CoachingDue(Schema):
    """A reminder of a conversation in the next 24 hours, for the reminders worker."""

    person_id: int = Field(description="Who is reminded: the requester or the advisor.")
    request_id: int
    subject: str
    text: str
