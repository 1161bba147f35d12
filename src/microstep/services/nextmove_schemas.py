"""What next-move recommendations return: one suggested role with its reasons, a person's list,
and the `org predict-next` contract's line."""

from __future__ import annotations

from pydantic import BaseModel, Field


class NextMovePublic(BaseModel):
    """One suggested next role."""

    role: str = Field(description="The role's title.")
    code: str | None = Field(description="O*NET-SOC code, else ESCO occupation URI, else null.")
    score: float = Field(ge=0, le=1, description="0-1: how strongly the evidence points here.")
    reason: str = Field(description="The main reasons, in one line.")
    reasons: list[str] = Field(default_factory=list, description="Every reason, strongest first.")
    kind: str | None = Field(default=None, description="The usual kind of move into it from here.")
    move: str = Field(description="The suggestion in words: 'a rotation into Product manager'.")


class NextMovesPublic(BaseModel):
    """A person's suggested next moves and what they were drawn from."""

    current_role: str | None = Field(description="The role the suggestions start from.")
    objective: str | None = Field(default=None, description="The objective they lead toward.")
    at_objective: bool = Field(
        default=False, description="Whether they hold their objective's role already."
    )
    org_history: bool = Field(description="Whether the organization's history was used.")
    people: int = Field(default=0, description="People in the history used (0 without one).")
    moves: list[NextMovePublic]
    note: str = Field(description="What the suggestions rest on, or why there are none.")


class PredictedRole(BaseModel):
    """One predicted next role of the `org predict-next` contract."""

    role: str
    code: str | None
    score: float
    reason: str


class PredictedNext(BaseModel):
    """One line of `microstep org predict-next --format jsonl`."""

    person_id: str
    next: list[PredictedRole]
