"""Shapes of mobility metrics (the /analytics overview) and pilot cohorts."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from pydantic import Field, field_validator

from microstep.core.text import clean_text
from microstep.errors import InvalidInput
from microstep.services.analytics_schemas import TeamOption
from microstep.services.schemas import MAX_ID, RecordId, Schema

MAX_MEMBERS = 5000


class RatePublic(Schema):
    """Events per person-year with its exact Poisson 95% interval."""

    events: int
    person_years: float
    value: float | None
    low: float | None
    high: float | None


class SharePublic(Schema):
    """A share (hits of n) with its Wilson 95% interval."""

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None


class MedianPublic(Schema):
    """A median with its 95% interval (None ends: not estimable from so few)."""

    n: int = Field(description="People or spells counted.")
    events: int = Field(description="Of which ended (the others are censored).")
    value: float | None
    low: float | None
    high: float | None


class GroupPublic(Schema):
    """The mobility figures of a group: everyone in scope, a team, or a calendar year. Each
    figure is null when fewer than `min_group` people are behind it (for time to target: fewer
    than that reached the target)."""

    key: str
    label: str
    people: int | None = Field(description="People in the group; null when it is hidden.")
    too_few: bool = Field(
        description="Fewer people than the minimum (or a group whose figures could be worked "
        "out from the total and the groups shown): no figures shown."
    )
    moves_per_person_year: RatePublic | None
    short_share: SharePublic | None = Field(description="Short moves of all moves.")
    success: SharePublic | None = Field(description="Outcome met, of moves with an outcome.")
    partly: SharePublic | None = Field(description="Outcome partly met, of moves with one.")
    short_move_days: MedianPublic | None = Field(description="Median length of ended short moves.")
    years_in_role: MedianPublic | None = Field(description="Kaplan-Meier median time in a role.")
    years_to_target: MedianPublic | None = Field(
        description="Kaplan-Meier median years from joining to the target role."
    )
    reached_target: SharePublic | None


class RoleOption(Schema):
    """A role one may pick as the target, and how many people moved into it."""

    id: int
    title: str
    people: int | None = Field(description="People who moved into it; null: fewer than three.")


class MobilityPublic(Schema):
    """The mobility overview of the viewer's slice."""

    scope: str
    team_id: int | None
    window_start: date
    window_end: date
    target_id: int | None
    target_label: str = Field(description="The target role's title, or 'first promotion'.")
    min_group: int
    overall: GroupPublic
    by_team: list[GroupPublic]
    by_year: list[GroupPublic]
    targets: list[RoleOption]
    teams: list[TeamOption]
    notes: list[str] = Field(description="How each figure is defined, in plain words.")


# ----------------------------------------------------------------------------- cohorts


class CohortCreate(Schema):
    """A new pilot cohort: its members by person id, email or external id, or an
    opportunity's approved participants."""

    name: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    start_date: date
    members: list[str] = Field(
        default_factory=list,
        max_length=MAX_MEMBERS,
        description="Person ids, sign-in emails or external (HRIS) ids.",
    )
    opportunity_id: int | None = Field(default=None, ge=1, le=MAX_ID)

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        _no_format_characters(value, field="name", label="cohort's name")
        return (
            clean_text(value, field="name", label="cohort's name", required=True, max_len=200) or ""
        )

    @field_validator("description")
    @classmethod
    def _described(cls, value: str | None) -> str | None:
        _no_format_characters(value, field="description", label="description")
        return clean_text(value, field="description", required=False, max_len=4000)

    @field_validator("members")
    @classmethod
    def _keys(cls, value: list[str]) -> list[str]:
        for v in value:
            _no_format_characters(v, field="members", label="member")
        keys = [
            clean_text(v, field="members", label="member", required=False, max_len=320)
            for v in value
        ]
        return list(dict.fromkeys(k for k in keys if k))


def _no_format_characters(value: str | None, *, field: str, label: str) -> None:
    """Refuse invisible format characters (Unicode category Cf: bidi overrides such as U+202E,
    zero-width spaces) and the C1 controls clean_text lets through, with its sentence: they
    make a name read as another. Line breaks and tabs stay for clean_text to handle."""
    if value and any(
        unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\n\r\t" for ch in value
    ):
        raise InvalidInput(
            f"The {label} contains control characters: type plain text.", field=field
        )


class CohortPublic(Schema):
    """A pilot cohort."""

    id: RecordId
    name: str
    description: str | None
    start_date: date
    members: int
    created_at: datetime
    created_by: str | None
    can_delete: bool


class MemberPublic(Schema):
    """A member of a cohort the viewer may see, and their matched colleagues."""

    person_id: int
    name: str
    team: str | None
    matches: list[str] = Field(description="Names of the matched colleagues.")
    unmatched_reason: str | None


class OutcomePublic(Schema):
    """One outcome: each group's figure and the difference (cohort - comparison), 95% CI."""

    key: str
    label: str
    kind: str = Field(description="mean (per person) or share (0-1).")
    cohort_n: int
    comparison_n: int
    cohort: float | None
    comparison: float | None
    difference: float | None
    low: float | None
    high: float | None
    too_few: bool
    clear: bool = Field(description="The interval excludes 0.")
    sentence: str


class ComparisonPublic(Schema):
    """A cohort against colleagues matched on role and tenure, over the viewer's slice."""

    cohort: CohortPublic
    scope: str
    today: date
    members_in_scope: int
    matched: int
    controls: int
    k: int
    caliper_years: float
    method: str
    members: list[MemberPublic]
    outcomes: list[OutcomePublic]
    readout: list[str]
