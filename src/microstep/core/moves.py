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

from microstep.core.dates import day_label
from microstep.core.gap import name_key
from microstep.errors import InvalidInput

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


def order_key(move: MoveFact) -> tuple[date, bool, date, str]:
    """Where a move sits in a timeline: by start; on one day the lasting change first."""
    return (move.start, is_short(move.kind), move.end or date.max, move.role)


def timeline(moves: Iterable[MoveFact]) -> list[MoveFact]:
    """A person's moves in the order they happened (ties: the lasting change first)."""
    return sorted(moves, key=order_key)


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
    """Flag a sequence of short moves (since the last lasting change) with no deep step. Only
    moves begun by `today` count: a planned change of role does not end today's sequence."""
    ordered = [m for m in timeline(moves) if m.start <= today]
    last_lasting = max((i for i, m in enumerate(ordered) if not is_short(m.kind)), default=-1)
    recent = ordered[last_lasting + 1 :]
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


def shared_depth_reason(check: DepthCheck, *, shown: int, name: str) -> str:
    """The depth check told to a colleague: judged only from the moves shared with them (which
    may be some of the person's moves, or all: the viewer cannot tell), and no advice addressed
    to the viewer as if the moves were theirs."""
    moves = "move" if shown == 1 else "moves"
    said = f"from the {shown} {moves} {name} shares with you"
    if check.flagged:
        return f"{said}, {check.moves} short moves in a row and none went deep"
    if not check.moves:
        return f"{said}, no short moves since the last change of role you can see"
    return f"{said}, {check.deep} of {check.moves} recent short moves went deep"


def held_until(moves: Sequence[MoveFact], today: date) -> list[int | None]:
    """For each move of `timeline(moves)`, in that order, the position of the lasting change
    that ended it when it was left open: a lasting move (or one of unknown kind) without an end
    date is held until the next lasting change begun by `today`. None for the rest."""
    ordered = timeline(moves)
    found: list[int | None] = []
    for at, move in enumerate(ordered):
        later = None
        if move.end is None and not is_short(move.kind):
            later = next(
                (
                    i
                    for i in range(at + 1, len(ordered))
                    if not is_short(ordered[i].kind) and ordered[i].start <= today
                ),
                None,
            )
        found.append(later)
    return found


def day_text(day: date) -> str:
    """A day as the pages write it: '23 Nov 2026'."""
    return day_label(day, weekday=False)


ALIASES: dict[str, MoveKind] = {
    "stretch": "stretch",
    "temporary lead role": "temp_lead",
    "lead": "temp_lead",
    "lateral": "lateral",
    "new hire": "hire",
}
MAX_INTENDED = 10  # intended skills on one move: a move that grows everything grows nothing


def quoted(value: str, limit: int = 40) -> str:
    """Something a person typed, quoted back in a message: at most `limit` characters, control
    and invisible characters escaped as Python writes them ('\\x1b', '\\u200b'), so a terminal
    escape or a link in a cell is shown, never acted on by the terminal reading the message."""
    return repr(value[:limit]) + ("…" if len(value) > limit else "")


def sentence(problems: Sequence[str]) -> str:
    """Problems joined into one sentence, capitalised, ending with a full stop (the API's one
    shape of message; a closing question mark gives way to it)."""
    text = "; ".join(problems)
    return (text[:1].upper() + text[1:]).rstrip(".?") + "."


def check_dates(start: date, end: date | None) -> None:
    """Refuse an end before the start."""
    if end is not None and end < start:
        raise InvalidInput(
            f"The end date ({day_text(end)}) is before the start ({day_text(start)}): "
            "a move ends after it begins.",
            field="end_date",
        )


def check_trial(kind: str | None, end: date | None, success_criteria: str | None) -> None:
    """Refuse a short trial without an end date or success criteria (one sentence saying why)."""
    problems = trial_problems(kind, end, success_criteria)
    if problems:
        field = "end_date" if end is None else "success_criteria"
        raise InvalidInput(sentence(problems), field=field)


def parse_kind(value: str | None) -> MoveKind | None:
    """A kind as people type it ('Temporary lead', 'temp-lead', 'rotation'); empty is None."""
    text = " ".join((value or "").replace("-", " ").replace("_", " ").split()).casefold()
    if not text:
        return None
    for kind in MOVE_KINDS:
        if text in (kind.replace("_", " "), KIND_LABELS[kind].casefold()):
            return kind
    if text in ALIASES:
        return ALIASES[text]
    raise InvalidInput(
        f"There is no kind of move called {quoted(value or '')}: choose one of "
        f"{', '.join(MOVE_KINDS)}.",
        field="kind",
    )


def parse_outcome(value: str | None) -> Outcome:
    """An outcome as people type it ('met', 'partly', 'not met')."""
    text = "_".join((value or "").replace("-", " ").split()).casefold()
    for outcome in OUTCOMES:
        if text in (outcome, OUTCOME_LABELS[outcome].casefold().replace(" ", "_")):
            return outcome
    raise InvalidInput(
        f"There is no outcome called {quoted(value or '')}: choose met, partly or not_met.",
        field="outcome",
    )


def intended(skills: Iterable[str]) -> list[str]:
    """The intended skills as typed, one line each, duplicates (by name) and blanks dropped."""
    seen: set[str] = set()
    kept: list[str] = []
    for skill in skills:
        name = " ".join(skill.split())
        if name and name_key(name) not in seen:
            seen.add(name_key(name))
            kept.append(name)
    if len(kept) > MAX_INTENDED:
        raise InvalidInput(
            f"Name at most {MAX_INTENDED} intended skills for one move; this names {len(kept)}.",
            field="intended_skills",
        )
    if any(len(name) > 200 for name in kept):
        raise InvalidInput(
            "An intended skill is over 200 characters long: name it in a few words.",
            field="intended_skills",
        )
    return kept


def move_marker(move_id: int) -> str:
    """How evidence and level changes name the move they came from (found again by it)."""
    return f"(move #{move_id})"


def move_title(kind: str | None, role: str) -> str:
    """A move in a few words: 'Rotation to Data analyst'."""
    label = KIND_LABELS.get(kind or "", "Move")
    return f"{label} to {role}" if kind != "hire" else f"Hired as {role}"


def outcome_line(move_id: int, title: str, outcome: str, note: str | None) -> str:
    """The evidence line a move's outcome writes on each intended skill."""
    said = f": {note}" if note else ""
    return f"{title} {move_marker(move_id)}, {OUTCOME_LABELS[outcome].lower()}{said}"


def with_line(evidence: str | None, line: str, marker: str, max_len: int) -> str:
    """Evidence with the move's line put in (replacing its earlier line), oldest lines dropped
    when the whole would run over max_len."""
    lines = [x for x in (evidence or "").splitlines() if x.strip() and marker not in x]
    lines.append(line[:max_len])
    while len("\n".join(lines)) > max_len and len(lines) > 1:
        lines.pop(0)
    return "\n".join(lines)


def raised(level: int) -> int:
    """One level up after a move met its criteria, never past 5."""
    return min(5, level + 1)


def previous_roles(moves: Sequence[MoveFact]) -> list[str | None]:
    """For each move of `timeline(moves)`, in that order, the role held just before it: the
    latest lasting change (or move of unknown kind) before it in the timeline."""
    ordered = timeline(moves)
    return [ordered[i].role if i is not None else None for i in previous_steps(ordered)]


def previous_steps(moves: Sequence[MoveFact]) -> list[int | None]:
    """For each move of `timeline(moves)`, in that order, the position (in that order) of the
    move its from-role comes from: the latest lasting change (or move of unknown kind) before it.
    A colleague sees a from-role only when that move is shared with them too."""
    held: int | None = None
    found: list[int | None] = []
    for at, move in enumerate(timeline(moves)):
        found.append(held)
        if not is_short(move.kind):
            held = at
    return found


def deep_steps(moves: Sequence[MoveFact], today: date) -> list[bool]:
    """For each move of `timeline(moves)`, in that order, whether it was a deep step, judged as
    `depth_check` judges it: against the short moves since the last lasting change."""
    found: list[bool] = []
    since: list[MoveFact] = []
    for move in timeline(moves):
        found.append(is_deep(move, since, today))
        since = [*since, move] if is_short(move.kind) else []
    return found
