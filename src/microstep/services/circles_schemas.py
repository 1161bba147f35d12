"""Schemas of study circles and buddy pairs: membership, shares, sections, nudges, digests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from microstep.services.schemas import RecordId, Schema

CircleKind = Literal["study", "buddy"]


class CircleCreate(Schema):
    """A new circle: you and the colleagues you name (a buddy pair names exactly one)."""

    name: str = Field(max_length=1000)
    kind: CircleKind = "study"
    member_ids: list[RecordId] = Field(
        default_factory=list, max_length=100, description="Colleagues to add besides you."
    )


class MemberAdd(Schema):
    """A colleague to add to a circle."""

    person_id: RecordId


class SharesUpdate(Schema):
    """What you share with a circle: each kind only from records at 'circle' visibility or wider."""

    shares_progress: bool = Field(description="Practice, micro-goals, skills that rose.")
    shares_wins: bool = Field(description="Achievements, review wins, positive signals.")
    shares_ticks: bool = Field(description="Micro-action ticks.")


class SharesPublic(Schema):
    """What a member shares with a circle."""

    shares_progress: bool
    shares_wins: bool
    shares_ticks: bool


class MemberPublic(Schema):
    """A member of a circle."""

    person_id: int
    name: str
    is_creator: bool
    joined_at: datetime
    shares: SharesPublic


class CircleSummary(Schema):
    """A circle as listed: who is in it, and whether you may manage its membership."""

    id: int
    name: str
    kind: CircleKind
    created_by: int | None
    can_manage: bool
    members: list[MemberPublic]


class SkillRisePublic(Schema):
    """A skill that rose over the week."""

    skill: str
    from_level: int
    to_level: int


class ProgressPublic(Schema):
    """A member's week: practice, micro-goals, skills that rose."""

    minutes: int
    sessions: int
    goals_done: int
    goals_active: int
    skills_rose: list[SkillRisePublic]


class WinPublic(Schema):
    """A win: an achievement, a review's wins, or a positive signal."""

    kind: Literal["achievement", "review", "signal"]
    title: str
    detail: str | None
    day: date


class TickCountPublic(Schema):
    """A micro-action and how often it was ticked in the week."""

    title: str
    count: int


class MemberSection(Schema):
    """What one member shows the circle; null for a kind they do not share."""

    person_id: int
    name: str
    progress: ProgressPublic | None
    wins: list[WinPublic] | None
    ticks: list[TickCountPublic] | None


class CircleView(Schema):
    """A circle as a member sees it: the other members' shared sections for one week."""

    id: int
    name: str
    kind: CircleKind
    week: str = Field(description="The ISO week shown, e.g. 2026-W47.")
    week_start: date
    previous_week: str
    next_week: str | None = Field(description="Null when the week shown is this week.")
    can_manage: bool
    my_shares: SharesPublic
    members: list[MemberPublic]
    sections: list[MemberSection]


class NudgeCreate(Schema):
    """A short encouragement to another member of the circle (280 characters at most)."""

    to_id: RecordId
    message: str = Field(max_length=2000)


class NudgePublic(Schema):
    """A nudge as sent or received."""

    id: int
    circle_id: int
    circle_name: str
    from_id: int
    from_name: str
    to_id: int
    message: str
    created_at: datetime
    seen_at: datetime | None


class NudgesSeen(Schema):
    """Which received nudges to mark seen: these ids, or all when left out."""

    ids: list[RecordId] | None = Field(default=None, max_length=500)


class CircleDigest(Schema):
    """One member's weekly digest of one circle: what the other members shared."""

    person_id: int = Field(description="The recipient.")
    circle_id: int
    week_start: date
    subject: str
    text: str
