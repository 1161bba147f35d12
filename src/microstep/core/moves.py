"""Micro-career moves (seed 004): kinds, the short-trial rule, a person's timeline and the
breadth-and-depth check.

A move is one step of a career: a short, reversible trial (a stretch assignment, a rotation, a
temporary lead role, shadowing, a gig) or a lasting change (a lateral move, a promotion, a hire).
Seed 004 asks that short trials formalize expectations — what success looks like and when the
trial ends — and that a sequence of moves holds at least one deeper step, so that skill mastery
is not traded away for speed. Everything here is arithmetic on plain values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from microstep.core.gap import name_key

MoveKind = Literal[
    "stretch", "rotation", "temp_lead", "lateral", "shadowing", "gig", "promotion", "hire"
]
Outcome = Literal["met", "partly", "not_met"]
MOVE_KINDS: tuple[MoveKind, ...] = get_args(MoveKind)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

KIND_LABELS: dict[str, str] = {
    "stretch": "Stretch assignment",
    "rotation": "Rotation",
    "temp_lead": "Temporary lead",
    "lateral": "Lateral move",
    "shadowing": "Shadowing",
    "gig": "Gig",
    "promotion": "Promotion",
    "hire": "Hire",
}
OUTCOME_LABELS: dict[str, str] = {"met": "Met", "partly": "Partly met", "not_met": "Not met"}

# Short, reversible trials: the person keeps their role and tries another for a while.
SHORT_KINDS: frozenset[str] = frozenset({"stretch", "rotation", "temp_lead", "shadowing", "gig"})
# Lasting changes of role: the new role becomes the person's role.
LASTING_KINDS: frozenset[str] = frozenset({"lateral", "promotion", "hire"})

DEEP_WEEKS = 26  # a step held this long (about six months) builds depth
MIN_SEQUENCE = 3  # fewer moves than this are too few to call a sequence shallow


def role_key(title: str) -> str:
    """The key one role title is known by: case and spacing do not make two roles."""
    return name_key(title)


def is_short(kind: str | None) -> bool:
    """Whether a move of this kind is a short trial (an unknown kind is not)."""
    return kind in SHORT_KINDS


def trial_problems(kind: str | None, end: date | None, success_criteria: str | None) -> list[str]:
    """Why a planned move is not yet a proper short trial (empty when it is, or is not a trial).

    Seed 004: "offer time-boxed stretch assignments with defined success criteria so moves are
    learning-focused and reversible" — a trial needs both an end date and success criteria.
    """
    if not is_short(kind):
        return []
    label = KIND_LABELS[kind or ""].lower()
    problems = []
    if end is None:
        problems.append(f"a {label} is a short trial: give it an end date")
    if not (success_criteria or "").strip():
        problems.append(f"a {label} needs success criteria: what will show it worked?")
    return problems


@dataclass(frozen=True)
class MoveFact:
    """What the timeline and the depth check need of one move."""

    kind: str | None
    role: str
    start: date
    end: date | None
    intended_skills: tuple[str, ...] = ()
    outcome: str | None = None

    def weeks(self, today: date) -> float:
        """How long the move lasted (or has lasted so far)."""
        return max(0, ((self.end or today) - self.start).days) / 7


def timeline(moves: Iterable[MoveFact]) -> list[MoveFact]:
    """A person's moves in the order they happened (ties: the lasting change first)."""
    return sorted(moves, key=lambda m: (m.start, is_short(m.kind), m.end or date.max, m.role))


def current_role(moves: Iterable[MoveFact], today: date) -> str | None:
    """The role a person holds: the latest lasting change (or move of unknown kind) started by
    `today`; short trials do not change it."""
    held = [m for m in timeline(moves) if not is_short(m.kind) and m.start <= today]
    return held[-1].role if held else None


def is_deep(move: MoveFact, earlier: Sequence[MoveFact], today: date) -> bool:
    """A deep step: held for six months or more, or building on a skill an earlier move was
    meant to grow (the same skill taken further rather than a new one sampled)."""
    if move.weeks(today) >= DEEP_WEEKS:
        return True
    before = {name_key(s) for m in earlier for s in m.intended_skills}
    return any(name_key(s) in before for s in move.intended_skills)


@dataclass(frozen=True)
class DepthCheck:
    """Seed 004's breadth-and-depth balance over a person's recent short moves."""

    moves: int  # short moves looked at
    deep: int  # how many of them were deep steps
    flagged: bool  # a sequence of MIN_SEQUENCE or more with no deep step
    reason: str


def depth_check(moves: Iterable[MoveFact], today: date) -> DepthCheck:
    """Flag a sequence of short moves (since the last lasting change) with no deep step."""
    ordered = timeline(moves)
    last_lasting = max((i for i, m in enumerate(ordered) if not is_short(m.kind)), default=-1)
    recent = [m for m in ordered[last_lasting + 1 :] if m.start <= today]
    deep = sum(is_deep(m, recent[:i], today) for i, m in enumerate(recent))
    flagged = len(recent) >= MIN_SEQUENCE and deep == 0
    if flagged:
        reason = (
            f"{len(recent)} short moves in a row and none went deep: pick one that builds on a "
            f"skill you have started, or stay {DEEP_WEEKS} weeks"
        )
    elif not recent:
        reason = "no short moves since the last change of role"
    else:
        reason = f"{deep} of {len(recent)} recent short moves went deep"
    return DepthCheck(moves=len(recent), deep=deep, flagged=flagged, reason=reason)
