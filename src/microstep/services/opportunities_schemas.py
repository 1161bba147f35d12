"""Input and output shapes of the internal opportunity marketplace (team mode)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from microstep.services.schemas import RecordId, Schema

Kind = Literal["stretch", "rotation", "temp_lead", "shadowing", "gig"]
Status = Literal["draft", "open", "filled", "in_progress", "completed", "reviewed", "cancelled"]
ApplicationStatus = Literal["applied", "approved", "declined", "withdrawn"]
Outcome = Literal["met", "partly", "not_met"]


class SkillNeedIn(Schema):
    """A skill by name, with a level from 1 (aware) to 5 (expert)."""

    name: str = Field(max_length=200)
    level: int = Field(default=3, description="Required: at least this level. Offered: up to it.")


class OpportunityCreate(Schema):
    """A new opportunity; it stays a draft until published (or `publish` is true)."""

    kind: Kind
    title: str = Field(max_length=200)
    description: str | None = None
    role: str | None = Field(
        default=None,
        max_length=200,
        description="The role it gives experience in (moves go to it); defaults to the title.",
    )
    team_id: RecordId | None = Field(
        default=None, description="The team offering it; a manager's own team by default."
    )
    share_of_time: int = Field(description="Percent of a working week, 5-100.")
    weeks: int = Field(description="How long it runs, 1-104 weeks.")
    capacity: int = Field(default=1, description="How many people it takes, 1-1000.")
    success_criteria: str = Field(description="What will show it worked.")
    needs_approval: bool = Field(
        default=True, description="False: people who apply are approved at once."
    )
    starts_on: date | None = None
    required_skills: list[SkillNeedIn] = Field(default_factory=list, max_length=12)
    offered_skills: list[SkillNeedIn] = Field(default_factory=list, max_length=12)
    publish: bool = Field(default=False, description="Open it to applications right away.")


class OpportunityUpdate(OpportunityCreate):
    """The whole opportunity as edited (before it starts); `publish` opens a draft."""


class SkillNeedPublic(Schema):
    """A skill an opportunity requires or offers."""

    relation: Literal["required", "offered"]
    name: str
    level: int
    esco_uri: str | None


class ApplicationPublic(Schema):
    """An application as the applicant and the people deciding it see it."""

    id: int
    opportunity_id: int
    opportunity_title: str
    share_of_time: int | None = Field(default=None, description="The opportunity's % of the week.")
    weeks: int | None = Field(default=None, description="The opportunity's duration in weeks.")
    person_id: int
    person_name: str
    note: str | None
    status: ApplicationStatus
    decided_by_id: int | None
    decided_by_name: str | None
    decided_at: datetime | None
    decided_how: Literal["manager", "hr", "rule", "open"] | None
    move_id: int | None
    outcome: Outcome | None = Field(default=None, description="The move's outcome once reviewed.")
    created_at: datetime
    can_decide: bool = Field(default=False, description="Whether you may approve or decline it.")


class OpportunityPublic(Schema):
    """An opportunity as shown; `applications` holds those you may see."""

    id: int
    kind: Kind
    kind_label: str
    title: str
    description: str | None
    role: str | None
    team_id: int | None
    team_name: str | None
    posted_by_id: int | None
    posted_by_name: str | None
    share_of_time: int
    weeks: int
    capacity: int
    approved: int = Field(description="People approved so far.")
    success_criteria: str
    needs_approval: bool
    starts_on: date | None
    status: Status
    status_label: str
    skills: list[SkillNeedPublic]
    can_manage: bool = Field(description="Whether you may edit, publish, start and review it.")
    my_application: ApplicationPublic | None = None
    applications: list[ApplicationPublic] = Field(default_factory=list)
    notice: str | None = Field(
        default=None,
        description=(
            "After an edit, what it did to the approvals given before, in plain words (who "
            "waits for a decision again, who is approved again at once); empty otherwise."
        ),
    )
    created_at: datetime
    updated_at: datetime


class ApplicationCreate(Schema):
    """An application, with a note on why you want it."""

    note: str | None = Field(default=None, description="Why you want it, in your words.")


class ParticipantOutcome(Schema):
    """How the trial went for one participant."""

    person_id: RecordId
    outcome: Outcome
    note: str | None = None


class OpportunityReview(Schema):
    """The review of a completed opportunity: an outcome for every participant."""

    outcomes: list[ParticipantOutcome] = Field(min_length=1, max_length=1000)


class RuleCreate(Schema):
    """An auto-approve rule: your team's applications within these bounds approve themselves."""

    team_id: RecordId
    max_share_of_time: int = Field(description="Up to this percent of the week, 5-100.")
    max_weeks: int = Field(description="For up to this many weeks, 1-104.")
    kinds: list[Kind] = Field(default_factory=list, description="Empty: every kind.")


class RulePublic(Schema):
    """An auto-approve rule as shown."""

    id: int
    team_id: int
    team_name: str
    max_share_of_time: int
    max_weeks: int
    kinds: list[Kind]
    description: str
    created_by_name: str | None
    created_at: datetime


class TeamChoice(Schema):
    """A team one may post for or set rules of."""

    id: int
    name: str


class RankedOpportunity(Schema):
    """An open opportunity ranked for you, with the reasons in plain words."""

    opportunity: OpportunityPublic
    score: float = Field(description="0-1: how well it fits you and what you would learn.")
    reasons: list[str]
