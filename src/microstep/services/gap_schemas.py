"""Shapes of the skill-gap use cases: a role's skills against the map, the gaps, adopting one."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from microstep.core.curve import Direction
from microstep.core.gap import Relation, SkillKind, Status
from microstep.core.goals import GoalKind
from microstep.services.schemas import (
    GoalPublic,
    MicroSkillPublic,
    RecordId,
    Schema,
    SkillPublic,
)

MAX_URI = 100  # the URI columns' length
MAX_TOP = 50


class AdoptAs(StrEnum):
    """What adopting a gap creates."""

    SKILL = "skill"
    MICROSKILL = "microskill"
    GOAL = "goal"


class OccupationRef(Schema):
    """The ESCO occupation an objective aims at, with its O*NET counterpart."""

    id: str = Field(description="ESCO occupation URI.")
    label: str
    description: str | None = None
    onet_code: str | None = None


class RoleSkillPublic(Schema):
    """One of the role's skills and where the person stands on it."""

    id: str = Field(description="ESCO skill URI.")
    label: str = Field(description="ESCO preferred label.")
    kind: SkillKind
    relation: Relation
    reuse: str | None
    status: Status
    skill_id: int | None = Field(description="The skill on your map that covers it, if any.")
    your_words: str | None = Field(description="That skill's name as you typed it.")
    current_level: int | None
    target_level: int | None
    practice_minutes: int
    evidence: bool = Field(description="Evidence written, or a micro-skill mastered.")


class CoveragePublic(Schema):
    """How many of the role's essential (or optional) skills are strong, growing, missing."""

    strong: int
    growing: int
    missing: int
    total: int
    share: float = Field(description="Share held strongly, 0-1.")


class MicroSkillSuggestion(Schema):
    """A suggested micro-skill: one precise behaviour, 5-10 minutes a day."""

    definition: str
    metric: str
    unit: str
    direction: Direction
    minutes: int
    mastery_threshold: float
    mastery_needed: int
    mastery_window: int
    rule: str = Field(description="The mastery rule in words.")


class GoalSuggestion(Schema):
    """A suggested micro-goal: specific, measured, due within the goal horizon."""

    title: str
    kind: GoalKind
    metric: str | None
    target_value: float | None
    unit: str | None
    due: date
    effort_hours: float | None


class GapItemPublic(Schema):
    """A gap to close: the skill, its score and reason, and the first small steps."""

    rank: int
    skill: RoleSkillPublic
    score: float = Field(description="0-100; essential before optional, missing before growing.")
    reason: str
    microskill: MicroSkillSuggestion
    goal: GoalSuggestion


class GapPublic(Schema):
    """The skill gap of one objective to its target occupation."""

    objective_id: int
    objective_title: str = Field(description="The objective in your own words.")
    occupation: OccupationRef
    essential: CoveragePublic
    optional: CoveragePublic
    skills: list[RoleSkillPublic] = Field(description="Every skill of the role, essential first.")
    gaps: list[GapItemPublic] = Field(description="The top gaps, biggest first.")
    total_gaps: int
    linked: list[str] = Field(
        default_factory=list, description="Skills on your map linked to ESCO by this call."
    )


class RoleChoice(Schema):
    """An objective a target occupation can be set on."""

    id: int
    title: str
    occupation: OccupationRef | None


class AdoptRequest(Schema):
    """Adopt one gap: put it on the map, practise it as a micro-skill, or make it a goal."""

    model_config = ConfigDict(populate_by_name=True)

    uri: str = Field(max_length=MAX_URI, description="ESCO skill URI of the gap.")
    as_: AdoptAs = Field(default=AdoptAs.SKILL, alias="as")
    objective_id: RecordId | None = Field(
        default=None, description="Whose gap; default: the active role objective with a role."
    )


class AdoptPublic(Schema):
    """What adopting a gap did (nothing new when it had been adopted already)."""

    adopted_as: AdoptAs
    created: bool
    message: str
    skill: SkillPublic
    microskill: MicroSkillPublic | None = None
    goal: GoalPublic | None = None


class RoleRequest(Schema):
    """The target role of an objective: an ESCO occupation URI, or a job title to link."""

    uri: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, max_length=500, examples=["data analyst"])


class RolePublic(Schema):
    """An objective's target occupation after setting it."""

    objective_id: int
    objective_title: str
    occupation: OccupationRef
    matched_text: str | None = Field(description="The job title that was linked, if any.")
    score: float | None = Field(description="The linker's score for that title, 0-1.")
    message: str


class SkillLinkPublic(Schema):
    """A skill on the map linked to ESCO, the person's words kept."""

    skill_id: int
    name: str
    esco_uri: str
    esco_label: str
    score: float


class SkillLinksPublic(Schema):
    """What linking the skill map did."""

    linked: list[SkillLinkPublic]
    unlinked: list[str] = Field(description="Names nothing in ESCO fits; left as they are.")
