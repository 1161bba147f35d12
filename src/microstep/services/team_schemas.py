"""Schemas of the manager view: the skill heatmap, growth, check-in adherence, goal completion."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from microstep.services.schemas import Schema

NOTHING_SHARED = "shares nothing with you yet"


class TeamChoicePublic(Schema):
    """A team the viewer manages, to pick between several."""

    id: int
    name: str


class TeamCellPublic(Schema):
    """One member's levels for one skill; `shared` is false when the member does not share it."""

    person_id: int
    shared: bool
    current: int | None = Field(description="Current level 0-5; null when not shared.")
    target: int | None = Field(description="Target level 0-5; null when not shared.")
    gap: int | None = Field(description="Levels still to climb; null when not shared.")


class TeamSkillPublic(Schema):
    """One row of the heatmap: a skill across the members, in the members' order."""

    key: str = Field(description="'esco:<URI>' for a linked skill, else 'name:<normalised name>'.")
    name: str
    esco_uri: str | None
    cells: list[TeamCellPublic]
    sharing: int = Field(description="Members who share this skill.")
    at_target: int = Field(description="Members who share it at or above their target.")


class AdherencePublic(Schema):
    """Check-in meetings held against those the recurrence rules expected in the window."""

    held: int
    expected: int
    checkins: int = Field(description="Active shared check-ins counted.")
    rate: float | None = Field(description="held / expected, at most 1; null when none was due.")


class CompletionPublic(Schema):
    """Micro-goals done, dropped, or open past their due day in the window."""

    done: int
    dropped: int
    overdue: int
    rate: float | None = Field(description="done / (done + dropped + overdue); null when 0 / 0.")


class MemberPublic(Schema):
    """A member and the figures built from what they share with the viewer."""

    person_id: int
    name: str
    shares_anything: bool
    note: str | None = Field(description=f"'{NOTHING_SHARED}' when nothing is shared.")
    skills_shared: int
    growth: int | None = Field(description="Net levels gained in the growth weeks.")
    adherence: AdherencePublic | None = Field(description="Null when no active check-in is shared.")
    completion: CompletionPublic | None = Field(
        description="Null when no shared goal was closed or fell due in the window."
    )


class GrowthWeekPublic(Schema):
    """Levels gained (net) by the members in one ISO week."""

    week: date = Field(description="The Monday of the ISO week.")
    label: str = Field(description="The ISO week, such as 2026-W47.")
    levels: int


class TeamViewPublic(Schema):
    """The manager (or mentor) view: built only from what each member shares with the viewer."""

    scope: Literal["team", "mentees"]
    team: TeamChoicePublic | None = Field(description="The team shown (null for mentees).")
    teams: list[TeamChoicePublic] = Field(description="Every team the viewer manages.")
    today: date
    window_start: date = Field(description="First day of adherence and completion (8 weeks).")
    growth_start: date = Field(description="Monday of the first growth week (12 weeks).")
    members: list[MemberPublic]
    skills: list[TeamSkillPublic]
    growth: list[GrowthWeekPublic]
