"""Input and output shapes of the move tracker."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from microstep.core.moves import MoveKind, Outcome, parse_kind, parse_outcome
from microstep.services.schemas import Schema
from microstep.services.sharing_schemas import Visibility


def _kind(value: Any) -> Any:
    """Accept the friendly forms people type ('Temporary lead', 'temp-lead')."""
    return parse_kind(value) if isinstance(value, str) else value


def _outcome(value: Any) -> Any:
    """Accept 'not met' and 'Partly met' as well as the stored names."""
    return parse_outcome(value) if isinstance(value, str) else value


def _skills(value: Any) -> Any:
    """Intended skills as a list, or as one line separated by commas."""
    return value.split(",") if isinstance(value, str) else value


Kind = Annotated[
    MoveKind | None,
    BeforeValidator(_kind),
    Field(
        description="stretch, rotation, temp_lead, lateral, shadowing, gig, promotion or hire; "
        "stretch, rotation, temp_lead, shadowing and gig are short trials."
    ),
]
OutcomeField = Annotated[
    Outcome, BeforeValidator(_outcome), Field(description="met, partly or not_met.")
]
Skills = Annotated[
    list[Annotated[str, Field(max_length=400)]],
    BeforeValidator(_skills),
    Field(max_length=50, description="The skills the move is meant to grow (at most 10)."),
]


class MoveFields(Schema):
    """Fields shared by adding and editing a move."""

    kind: Kind = None
    role: str | None = Field(default=None, description="The role moved to, in your words.")
    start_date: date | None = None
    end_date: date | None = Field(default=None, description="Empty while the move is ongoing.")
    intended_skills: Skills | None = None
    success_criteria: str | None = Field(
        default=None, description="What will show it worked (required for a short trial)."
    )
    notes: str | None = None
    visibility: Visibility | None = Field(
        default=None, description="Who may see it; default: your choice for moves (private)."
    )


class MoveCreate(MoveFields):
    """A new move on your timeline; a short trial needs an end date and success criteria."""

    role: str
    start_date: date
    intended_skills: Skills = Field(default_factory=list)


class MoveUpdate(MoveFields):
    """Changed fields of a move; fields left out stay as they are. `clear_end` makes an ended
    move ongoing again."""

    clear_end: bool = False


class MoveOutcomeCreate(Schema):
    """How a move went."""

    outcome: OutcomeField
    note: str | None = Field(
        default=None,
        description="What happened, in a sentence or two; left out, the note recorded before "
        "stays (null or empty clears it).",
    )


class MovePublic(Schema):
    """A move as shown."""

    id: int
    kind: MoveKind | None
    kind_label: str
    is_trial: bool = Field(description="A short, reversible trial rather than a lasting change.")
    from_role: str | None
    to_role: str
    to_role_code: str | None = Field(description="O*NET-SOC code, else ESCO URI, else null.")
    start_date: date
    end_date: date | None
    weeks: float = Field(
        description="How long it lasted, or has so far; a lasting move left open counts until "
        "the next lasting change (held_until)."
    )
    held_until: date | None = Field(
        default=None,
        description="A lasting move left open but followed by another lasting change: the day "
        "that change began (end_date stays empty).",
    )
    ended_by: str | None = Field(
        default=None, description="What ended it on held_until: 'promotion', 'lateral move', ..."
    )
    intended_skills: list[str]
    success_criteria: str | None
    outcome: Outcome | None
    outcome_label: str | None
    outcome_note: str | None
    notes: str | None
    source: str
    opportunity_id: int | None
    visibility: Visibility
    deep: bool = Field(description="A deep step: six months or more, or building on a skill.")
    problems: list[str] = Field(description="What the short-trial rule still misses.")
    updated_at: datetime


class DepthPublic(Schema):
    """The breadth-and-depth check over the recent short moves."""

    moves: int
    deep: int
    flagged: bool
    reason: str
    shared_only: bool = Field(
        default=False,
        description="Judged only from the moves shared with the viewer (a colleague's view).",
    )


class MoveTimeline(Schema):
    """A person's moves in order, the role they hold and the breadth-and-depth check."""

    person_id: int
    name: str
    current_role: str | None = Field(
        description="The role held now; in a colleague's view, the latest one shared."
    )
    depth: DepthPublic | None = Field(
        description="The breadth-and-depth check; null when a colleague sees none of the moves."
    )
    moves: list[MovePublic]


class OutcomePublic(Schema):
    """A recorded outcome and what it added to the skill map."""

    move: MovePublic
    raised: list[str] = Field(description="Skills one level up because of this move.")
    added: list[str] = Field(description="Skills put on the map because the move named them.")
