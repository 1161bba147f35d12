"""Shapes of succession: critical roles, their candidates by readiness and bench strength."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from microstep.services.analytics_schemas import TeamOption
from microstep.services.schemas import MAX_ID, Schema

BucketName = Literal["ready_now", "within_year", "within_two_years", "not_yet", "unjudged"]
SCORE = (
    "0-1: 0.6 x the share of the role's skills held + 0.3 x the best trial in the role (how it "
    "went, recent counts more) + 0.1 x how many others moved from the same role into it."
)


class CriticalRoleCreate(Schema):
    """Mark a role critical: its title as the organization writes it, or its id."""

    role: str | None = Field(default=None, max_length=200, description="The role's title.")
    role_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Or the role's id.")
    note: str | None = Field(default=None, max_length=2000, description="Why it is critical.")


class CriticalRolePublic(Schema):
    """A role marked critical."""

    id: int
    role_id: int
    title: str
    note: str | None
    created_by: str | None = Field(description="Who marked it.")
    created_at: datetime


class NeedPublic(Schema):
    """A skill the role needs, at a level, and where the need comes from."""

    name: str
    level: int
    sources: list[str] = Field(
        description="opportunities, incumbents; esco (essential, only when the organization "
        "names no skill for the role)."
    )


class CandidatePublic(Schema):
    """Someone who could step into a critical role, with the reasons in plain words."""

    person_id: int
    name: str
    has_profile: bool = Field(description="Whether /people/{person_id} opens for you.")
    team: str | None
    role: str | None = Field(description="The role they hold today.")
    bucket: BucketName
    bucket_label: str
    score: float = Field(description=SCORE)
    skills_held: int = Field(description="Skills the role needs held at the level needed.")
    skills_below: int = Field(description="Held below the level needed (count half).")
    skills_needed: int
    reasons: list[str]


class BucketCount(Schema):
    """How many candidates in one bucket."""

    bucket: BucketName
    label: str
    count: int


class RoleBenchPublic(Schema):
    """One critical role's bench: incumbents, candidates by bucket, bench strength."""

    critical_id: int
    role_id: int
    title: str
    note: str | None
    incumbents: list[str] = Field(description="Who holds the role today (in your slice).")
    needs: list[NeedPublic]
    needs_basis: str = Field(
        description="Where the needs came from (the organization's opportunities and holders; "
        "ESCO's essentials recorded here only when it names none), or why there are none."
    )
    counts: list[BucketCount]
    bench_strength: float = Field(
        description="(ready now + 0.5 x within a year) per incumbent (at least one seat)."
    )
    no_successor: bool = Field(description="Nobody ready now or within a year.")
    candidates: list[CandidatePublic] = Field(
        description="Ready now, within a year and within two years, best first (up to limit)."
    )
    unjudged: list[CandidatePublic] = Field(
        description="People who share no skill map with you: not enough to judge."
    )


class BarSegmentPublic(Schema):
    """One bucket's part of a role's bar (x and width in percent of the plot)."""

    bucket: str
    x: float
    width: float
    count: int


class BarPublic(Schema):
    """One role's bar in the bench-strength chart (y in pixels)."""

    label: str
    y: int
    segments: list[BarSegmentPublic]
    strength: float
    no_successor: bool
    title: str


class ChartPublic(Schema):
    """The bench-strength chart's geometry."""

    bars: list[BarPublic]
    height: int
    row_height: int
    bar_y: int
    bar_height: int


class SuccessionPublic(Schema):
    """Succession for the viewer's slice: roles with no successor first."""

    scope: str = Field(description="Whose candidates: the whole organization, or your teams.")
    team_id: int | None
    teams: list[TeamOption] = Field(description="The teams you may narrow the view to.")
    is_hr: bool
    people: int = Field(description="Active people in the slice considered as candidates.")
    roles: list[RoleBenchPublic]
    no_successor: list[str] = Field(description="Titles of critical roles with no successor.")
    chart: ChartPublic
