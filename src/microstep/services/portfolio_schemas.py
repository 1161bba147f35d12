"""Input and output shapes of the portfolio, the stakeholder update and the data export."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from microstep.core.portfolio import BulletKind, SourceKind
from microstep.services.schemas import RecordId, Schema


class AchievementCreate(Schema):
    """A new achievement typed by hand."""

    title: str
    metric: str | None = Field(default=None, description="e.g. 'report time 45 → 12 min'.")
    narrative: str | None = None
    achieved_on: date | None = Field(default=None, description="Defaults to today.")


class AchievementUpdate(Schema):
    """Changed fields of an achievement; fields left out stay as they are."""

    title: str | None = None
    metric: str | None = None
    narrative: str | None = None
    achieved_on: date | None = None


class SuggestionPick(Schema):
    """Which suggestion to add: its source and that record's number."""

    source: SourceKind
    source_id: RecordId


class AchievementPublic(Schema):
    """An achievement as shown."""

    id: int
    title: str
    metric: str | None
    narrative: str | None
    achieved_on: date
    goal_id: int | None
    micro_skill_id: int | None
    skill_id: int | None
    signal_id: int | None
    created_at: datetime


class SuggestionPublic(Schema):
    """An achievement the portfolio suggests, from a finished goal, a mastery or a signal."""

    source: SourceKind
    source_id: int
    title: str
    metric: str | None
    narrative: str
    achieved_on: date
    similar: int = Field(
        default=0, description="How many more suggestions with nearly the same title it stands for."
    )


class SuggestionShortlist(Schema):
    """The strongest suggestions, newest first, and how many more were left out."""

    items: list[SuggestionPublic]
    more: int


class BulletPublic(Schema):
    """One line of a stakeholder update."""

    kind: BulletKind
    text: str


class UpdatePublic(Schema):
    """A 3-bullet stakeholder update for a period (both days included)."""

    since: date
    until: date
    bullets: list[BulletPublic]
    text: str = Field(description="The bullets as plain text, ready to paste.")
    markdown: str


class SkillRow(Schema):
    """One skill of the document's map."""

    name: str
    current_level: int
    target_level: int


class GrowthWeek(Schema):
    """One week of growth: goals done, practice minutes, skill levels gained."""

    week: date
    goals_done: int
    practice_minutes: int
    levels_gained: int


class MasteredItem(Schema):
    """A mastered micro-skill in the document."""

    definition: str
    skill_name: str
    metric: str | None
    mastered_on: date


class FeedbackItem(Schema):
    """A positive signal in the document."""

    kind: str
    occurred_on: date
    source: str | None
    note: str | None
    rating: int | None


class PortfolioDocument(Schema):
    """Everything the exported portfolio shows, in the order it shows it."""

    name: str
    objective: str | None
    horizon: date | None
    generated_on: date
    since: date
    skills: list[SkillRow]
    growth: list[GrowthWeek]
    achievements: list[AchievementPublic]
    mastered: list[MasteredItem]
    feedback: list[FeedbackItem]


class ExportPublic(Schema):
    """All of a person's data, versioned (the `microstep export` file)."""

    format: str = "microstep"
    version: int = 1
    schema_: str | None = Field(alias="schema", serialization_alias="schema")
    exported_at: datetime
    person: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]


class ImportPublic(Schema):
    """What an import brought in."""

    person: str
    rows: int
    tables: dict[str, int]
