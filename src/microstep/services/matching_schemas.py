"""Shapes of matching: opportunities ranked for a person, candidates for an opportunity, and the
global assignment HR runs."""

from __future__ import annotations

from pydantic import Field

from microstep.services.schemas import Schema

SCORE = "0-1: availability x (0.45 fit + 0.40 learning value + 0.15 breadth or depth)."


class ScoresPublic(Schema):
    """The score of a pair and its four parts, each 0-1."""

    total: float = Field(description=SCORE)
    fit: float = Field(description="Skill fit at the required levels.")
    learning: float = Field(description="Learning value toward the objective and the gaps.")
    balance: float = Field(description="Breadth or depth, after the person's recent moves.")
    availability: float = Field(description="Share of the week free against the share needed.")


class OpportunityMatch(Schema):
    """An open opportunity ranked for the viewer, with the reasons in plain words."""

    opportunity_id: int
    title: str
    kind: str
    kind_label: str
    team: str | None
    share_of_time: int
    weeks: int
    capacity: int
    score: float = Field(description=SCORE)
    scores: ScoresPublic
    reasons: list[str]
    application: str | None = Field(description="The viewer's application status, if any.")


class CandidateMatch(Schema):
    """A person ranked for an opportunity, from what they share with the viewer."""

    person_id: int
    name: str
    has_profile: bool = Field(
        default=True, description="Whether you may open their profile at /people/{person_id}."
    )
    team: str | None
    score: float = Field(description=SCORE)
    scores: ScoresPublic
    reasons: list[str]
    application: str | None = Field(description="Their application status, if they applied.")


class CandidatesPublic(Schema):
    """The best candidates for one opportunity."""

    opportunity_id: int
    title: str
    status: str
    considered: int = Field(description="People scored.")
    candidates: list[CandidateMatch]


class PlacementPublic(Schema):
    """One person placed in one opportunity by the global assignment."""

    person_id: int
    name: str
    team: str | None
    opportunity_id: int
    title: str
    score: float
    reasons: list[str]


class FillPublic(Schema):
    """How many of an opportunity's open slots the assignment fills."""

    opportunity_id: int
    title: str
    slots: int
    filled: int


class TeamUsePublic(Schema):
    """How many people of one team the assignment places, against the cap."""

    team_id: int
    name: str
    placed: int
    cap: int | None


class AssignmentPublic(Schema):
    """The capacity-aware global assignment: who goes where, and how good it is."""

    team_cap: int | None
    placements: list[PlacementPublic]
    opportunities: list[FillPublic]
    teams: list[TeamUsePublic]
    total_score: float = Field(description="Sum of the placed pairs' scores (the objective).")
    greedy_score: float = Field(description="What taking the best pairs first would reach.")
    slots: int = Field(description="Open slots over all open opportunities.")
    filled: int
    people: int = Field(description="People considered (those sharing a skill map with you).")
    people_total: int = Field(
        default=0, description="Active people in the organization, of whom `people` considered."
    )
    edges: int = Field(description="Candidate pairs the solver weighed.")
    solver: str
    seconds: float
