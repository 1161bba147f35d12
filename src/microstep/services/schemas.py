"""Input and output shapes of the use cases: <Entity>Create, <Entity>Update, <Entity>Public."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from microstep.core.curve import Direction
from microstep.core.goals import GoalKind, GoalStatus
from microstep.core.objectives import ObjectiveKind
from microstep.core.practice import MicroSkillState, SelfRating

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="A record's number.")]


class Schema(BaseModel):
    """Base: unknown fields are refused rather than silently dropped."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class PersonSetup(Schema):
    """What `init` asks for: a name, and optionally the first objective."""

    name: str
    objective: ObjectiveCreate | None = None


class PersonPublic(Schema):
    """A person as shown."""

    id: int
    name: str
    created_at: datetime


class ObjectiveCreate(Schema):
    """A new long-term objective."""

    title: str
    horizon: date
    kind: ObjectiveKind = ObjectiveKind.ROLE
    note: str | None = None


class ObjectivePublic(Schema):
    """An objective as shown."""

    id: int
    title: str
    kind: ObjectiveKind
    horizon: date
    note: str | None
    status: str
    created_at: datetime


class SkillCreate(Schema):
    """A new skill on the map."""

    name: str
    current_level: int = 0
    target_level: int = 3
    evidence: str | None = None
    objective_id: RecordId | None = None
    esco_uri: str | None = Field(
        default=None,
        max_length=100,
        description="The ESCO skill the name links to; the name stays in your own words.",
    )


class SkillLevelUpdate(Schema):
    """New levels (either or both) and why."""

    current_level: int | None = None
    target_level: int | None = None
    evidence: str | None = None
    note: str | None = None


class SkillPublic(Schema):
    """A skill target as shown."""

    id: int
    name: str
    current_level: int
    target_level: int
    gap: int
    evidence: str | None
    objective_id: int | None
    esco_uri: str | None = Field(description="The linked ESCO skill, if any.")
    esco_label: str | None = Field(description="The linked ESCO skill's preferred label.")
    link_score: float | None = Field(
        description="How sure the link is, 0-1: 1 when the person picked it; 0 without a link "
        "means none fits or the link was removed; null means not tried yet."
    )
    updated_at: datetime


class SkillSuggestion(Schema):
    """An ESCO skill offered while typing: URI, preferred label, score and kind."""

    id: str
    label: str
    score: float
    kind: str | None = Field(description="skill or knowledge, as ESCO files it.")


class GoalFields(Schema):
    """Fields shared by creating and editing a micro-goal."""

    title: str | None = None
    due: date | None = None
    kind: GoalKind | None = None
    metric: str | None = None
    target_value: float | None = None
    unit: str | None = None
    done_when: str | None = Field(default=None, description="The test that shows it is done.")
    effort_hours: float | None = None
    objective_id: RecordId | None = None
    skill_id: RecordId | None = None


class GoalCreate(GoalFields):
    """A new micro-goal; `start` makes it active at once (within the WIP limit)."""

    title: str
    kind: GoalKind = GoalKind.LEARNING
    start: bool = False


class GoalUpdate(GoalFields):
    """Changed fields of a micro-goal; fields left out stay as they are."""


class GoalOutcome(Schema):
    """How a finished goal turned out."""

    outcome_value: float | None = None
    outcome_note: str | None = None


class GoalPublic(Schema):
    """A micro-goal as shown, with any warnings from the size check."""

    id: int
    title: str
    kind: GoalKind
    status: GoalStatus
    due: date
    metric: str | None
    target_value: float | None
    unit: str | None
    done_when: str | None
    effort_hours: float | None
    objective_id: int | None
    skill_id: int | None
    outcome_value: float | None
    outcome_note: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    warnings: list[str] = Field(default_factory=list)


class GoalCheckPublic(Schema):
    """The result of checking a goal without saving it."""

    ok: bool
    message: str | None
    missing: list[str]
    warnings: list[str]


class AgendaItemPublic(Schema):
    """One line of today's agenda."""

    kind: str
    id: int
    title: str
    due: date
    days_left: int
    status: str
    reason: str


class TodayPublic(Schema):
    """Today's agenda."""

    date: date
    items: list[AgendaItemPublic]


class DashboardPublic(Schema):
    """Everything the dashboard shows."""

    person: PersonPublic
    objective: ObjectivePublic | None
    skills: list[SkillPublic]
    skill_progress: float
    active_goals: list[GoalPublic]
    planned_goals: list[GoalPublic]
    recent_done: list[GoalPublic]
    max_active: int
    done_last_12_weeks: int
    weekly_done: list[int]


PersonSetup.model_rebuild()


class MicroSkillCreate(Schema):
    """A new micro-skill under a skill on the map."""

    skill_id: RecordId
    definition: str = Field(description="One precise behaviour, e.g. 'pause before answering'.")
    metric: str
    unit: str | None = None
    direction: Direction = Direction.LOWER
    minutes: int = 5
    mastery_threshold: float
    mastery_needed: int = 4
    mastery_window: int = 5
    start: bool | None = Field(
        default=None, description="Start at once; by default only a skill's first one starts."
    )


class MicroSkillPublic(Schema):
    """A micro-skill as shown."""

    id: int
    skill_id: int
    skill_name: str
    definition: str
    metric: str
    unit: str | None
    direction: Direction
    minutes: int
    mastery_threshold: float
    mastery_needed: int
    mastery_window: int
    rule: str
    state: MicroSkillState
    position: int
    due: date | None
    created_at: datetime
    activated_at: datetime | None
    mastered_at: datetime | None


class PracticeCreate(Schema):
    """One practice session, as logged."""

    minutes: int
    rating: SelfRating
    metric_value: float | None = None
    practised_on: date | None = Field(default=None, description="Defaults to today.")
    note: str | None = None


class PracticePublic(Schema):
    """A journal entry as shown."""

    id: int
    micro_skill_id: int
    practised_on: date
    minutes: int
    metric_value: float | None
    rating: SelfRating
    note: str | None


class PracticeResult(Schema):
    """What logging a session changed: the entry, the schedule, mastery and stacking."""

    session: PracticePublic
    microskill: MicroSkillPublic
    mastered: bool
    stacked: MicroSkillPublic | None
    next_due: date | None


class CurvePoint(Schema):
    """One measured session on the learning curve."""

    index: int
    practised_on: date
    value: float


class CurvePublic(Schema):
    """The learning curve of a micro-skill: points, trend line and the plateau check."""

    microskill: MicroSkillPublic
    points: list[CurvePoint]
    trend_start: float | None
    trend_end: float | None
    improvement_per_session: float | None
    plateau: bool
    evidence: str
    sessions: list[PracticePublic]
    total_sessions: int = Field(description="Journal entries in all; `sessions` holds the latest.")


class WeekPublic(Schema):
    """One week of practice."""

    week: date
    days: int
    minutes: int
    sessions: int


class HeatCellPublic(Schema):
    """One day of the practice heatmap."""

    day: date
    minutes: int
    level: int


class ConsistencyPublic(Schema):
    """Days practised per week, minutes, the forgiving streak and the calendar heatmap."""

    weeks: list[WeekPublic]
    streak_days: int
    streak_practised: int
    forgive_per_week: int
    total_minutes: int
    heatmap: list[HeatCellPublic]


class PlanWeekPublic(Schema):
    """One week of a four-week plan."""

    number: int
    starts: date
    focus: str
    minutes: int
    rule: str
    note: str


class PlanPublic(Schema):
    """A skill's four-week plan, with its Markdown."""

    skill_id: int
    skill_name: str
    weeks: list[PlanWeekPublic]
    markdown: str
