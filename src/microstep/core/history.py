"""The organization's career history as plain values: the one input of org analytics.

Pathways, next-move recommendations, congestion, succession, mobility metrics and pilot cohorts
all read the same `History`: people, roles and every move, each person's steps in time order.
It comes from the database (`store/analytics.load_history`) or from a history file (the
`org predict-next` contract); nothing here knows which.

A person's *career* is their steps in order. A step's role is the role it moved to; the role a
person holds on a day is the last lasting step (lateral, promotion, hire, or a move of no kind)
started by then — short trials are tried, not held (`core.moves` has the same rule per move).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from microstep.core.moves import SHORT_KINDS, role_key
from microstep.core.text import is_digits

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True, slots=True)
class Step:
    """One move of one person: to `role`, of `kind` (None when the history did not say)."""

    person: int
    role: int
    kind: str | None
    start: date
    end: date | None = None  # None while ongoing
    outcome: str | None = None  # met | partly | not_met | None

    @property
    def short(self) -> bool:
        """A short, reversible trial (the person keeps their role)."""
        return self.kind in SHORT_KINDS

    def days(self, today: date) -> int:
        """How long the step lasted (or has lasted so far)."""
        return max(0, ((self.end or today) - self.start).days)


@dataclass(frozen=True, slots=True)
class RoleInfo:
    """A role of the organization and where it sits in the public taxonomies."""

    id: int
    title: str
    occupation_uri: str | None = None  # ESCO
    onet_code: str | None = None  # O*NET-SOC

    @property
    def code(self) -> str | None:
        """The contract's code: the O*NET-SOC code, else the ESCO URI, else None."""
        return self.onet_code or self.occupation_uri


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """Someone in the history: their team now and whether they are still with the org."""

    id: int
    name: str = ""
    team: int | None = None
    active: bool = True
    hired: date | None = None  # first day known; None: their first step's start


@dataclass(frozen=True)
class History:
    """Everything org analytics reads, for one scope (the whole org, or a manager's teams)."""

    roles: dict[int, RoleInfo]
    people: dict[int, PersonInfo]
    steps: tuple[Step, ...]  # by person, then start
    today: date
    teams: dict[int, str] = field(default_factory=dict)

    def careers(self, people: Collection[int] | None = None) -> dict[int, list[Step]]:
        """person -> their steps in time order: everyone in `people` (default: the history's
        people), with or without steps."""
        wanted = self.people if people is None else set(people)
        out: dict[int, list[Step]] = {p: [] for p in wanted}
        for step in self.steps:
            if step.person in out:
                out[step.person].append(step)
            elif people is None:
                out[step.person] = [step]
        return out

    def find_role(self, target: str | int) -> int | None:
        """A role of the history by its number or its title (case and spacing aside; the
        lowest id among equal titles), None when there is none."""
        text = str(target).strip()
        if is_digits(text):
            return int(text) if int(text) in self.roles else None
        key = role_key(text)
        return min((r.id for r in self.roles.values() if role_key(r.title) == key), default=None)

    def title(self, role: int | None) -> str:
        """A role's title, or a dash for none."""
        return self.roles[role].title if role is not None and role in self.roles else "—"


def ordered(steps: Iterable[Step]) -> tuple[Step, ...]:
    """Steps by person, then start, then role (a stable order for every consumer)."""
    return tuple(sorted(steps, key=lambda s: (s.person, s.start, s.end or date.max, s.role)))


def held_role(career: Sequence[Step], day: date) -> int | None:
    """The role a person holds on `day`: their last lasting step started by then."""
    held = None
    for step in career:
        if step.start > day:
            break
        if not step.short:
            held = step.role
    return held


def role_sequence(career: Sequence[Step]) -> list[int]:
    """The roles a career passed through, in order, repeats of the same role merged."""
    out: list[int] = []
    for step in career:
        if not out or out[-1] != step.role:
            out.append(step.role)
    return out


def years(start: date, end: date) -> float:
    """The span between two days in years (0 when end precedes start)."""
    return max(0.0, (end - start).days / DAYS_PER_YEAR)
