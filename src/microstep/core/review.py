"""The weekly review (seed 002): which ISO week, and what happened in it, from plain facts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.dates import parse_day
from microstep.core.evidence import ActionFocus, SignalKind
from microstep.core.text import amount
from microstep.errors import InvalidInput

TRAILING_WEEKS = 4  # the average a week is measured against
WIN_SIGNALS = (SignalKind.PRAISE, SignalKind.ASSIGNMENT, SignalKind.INVITATION)
GOOD_RATING = 4
WEEK_HELP = "use a week such as 2026-W47, or a date inside the week such as 2026-11-18 or today"
_ISO_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})(?:-?[1-7])?$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, numbered within its ISO year."""

    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The week holding `day`."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @property
    def start(self) -> date:
        """Its Monday."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        """Its Sunday."""
        return self.start + timedelta(days=6)

    @property
    def label(self) -> str:
        """As people and URLs write it: 2026-W47."""
        return f"{self.year:04d}-W{self.week:02d}"

    def shifted(self, weeks: int) -> IsoWeek:
        """The week `weeks` later (earlier when negative)."""
        return IsoWeek.of(self.start + timedelta(weeks=weeks))

    def holds(self, day: date) -> bool:
        """True when `day` falls in this week."""
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label


def parse_week(text: str | None, *, today: date) -> IsoWeek:
    """'2026-W47' (any case, dash optional), or a date inside the week; empty means this week."""
    raw = (text or "").strip()
    if not raw:
        return IsoWeek.of(today)
    match = _ISO_WEEK.match(raw.lower())
    if match is not None:
        return _numbered(raw, int(match.group(1)), int(match.group(2)))
    try:
        day = parse_day(raw, today=today, field="week", past=True)
    except InvalidInput:
        shown = " ".join(raw.split())[:40]
        message = f"'{shown}' is not a week I understand: {WEEK_HELP}."
        raise InvalidInput(message, field="week") from None
    return _checked(raw, IsoWeek.of(day))


def _numbered(raw: str, year: int, week: int) -> IsoWeek:
    try:
        date.fromisocalendar(year, week, 7)
    except ValueError:
        message = f"'{raw}' is not a week of the calendar: {year} has no week {week}."
        if year < 1:
            message = f"'{raw}' is not a week of the calendar: the year must be 0001 or later."
        raise InvalidInput(message, field="week") from None
    return _checked(raw, IsoWeek(year, week))


def _checked(raw: str, week: IsoWeek) -> IsoWeek:
    if week.end > date.max - timedelta(weeks=1) or week.start < date.min + timedelta(weeks=5):
        message = f"'{raw}' is too far from today to review: pick a week between 0001 and 9999."
        raise InvalidInput(message, field="week")
    return week


# --- the facts a review is computed from ------------------------------------------------------


@dataclass(frozen=True)
class GoalFact:
    """A micro-goal with its days (local calendar days, not instants)."""

    id: int
    title: str
    kind: str
    status: str
    due: date
    created_on: date
    started_on: date | None = None
    finished_on: date | None = None
    outcome_value: float | None = None
    unit: str | None = None
    outcome_note: str | None = None

    def state_on(self, day: date) -> str | None:
        """Its status at the end of `day` from its dates; None before it existed."""
        if day < self.created_on:
            return None
        if self.finished_on is not None and self.finished_on <= day:
            return self.status if self.status in ("done", "dropped") else "done"
        if self.started_on is not None and self.started_on <= day:
            return "active"
        return "planned"


@dataclass(frozen=True)
class SignalFact:
    """One entry of the evidence log."""

    day: date
    kind: str
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class FeedbackFact:
    """An answered feedback request."""

    answered_on: date
    asked_whom: str
    question: str
    rating: int | None = None
    answer: str | None = None


@dataclass(frozen=True)
class TickFact:
    """A day a picked micro-action was done."""

    day: date
    focus: str
    title: str


@dataclass(frozen=True)
class MasteredFact:
    """A micro-skill mastered on a day."""

    day: date
    definition: str
    skill_name: str


@dataclass(frozen=True)
class WeekFacts:
    """Everything a review reads, from the start of the trailing window to the week's end."""

    practice: Sequence[tuple[date, int]] = ()  # (day, minutes) per session
    goals: Sequence[GoalFact] = ()
    signals: Sequence[SignalFact] = ()
    feedback: Sequence[FeedbackFact] = ()
    ticks: Sequence[TickFact] = ()
    mastered: Sequence[MasteredFact] = ()
    helped: Sequence[str] = ()  # experiment verdict lines that read "likely helped"


# --- the computed summary --------------------------------------------------------------------


@dataclass(frozen=True)
class KindCount:
    """One signal kind: this week against its trailing weekly average."""

    kind: str
    this_week: int
    average: float


@dataclass(frozen=True)
class Win:
    """Something to celebrate, with where it came from."""

    kind: str  # goal, mastered, signal, feedback, experiment
    title: str
    detail: str | None
    day: date | None


@dataclass(frozen=True)
class WeekSummary:
    """The figures of one week, as of a day inside it (the week may still be going)."""

    week: IsoWeek
    as_of: date
    days_elapsed: int
    minutes: int
    sessions: int
    practice_days: int
    average_sessions: float
    goals_done: tuple[GoalFact, ...]
    goals_missed: tuple[GoalFact, ...]
    feedback: tuple[FeedbackFact, ...]
    average_rating: float | None
    signals: tuple[KindCount, ...]
    ticks: dict[str, int]
    wins: tuple[Win, ...]


def as_of(week: IsoWeek, today: date) -> date:
    """The last day of the week seen so far: its Sunday, or today while it is going."""
    return min(week.end, today)


def trailing_start(week: IsoWeek, weeks: int = TRAILING_WEEKS) -> date:
    """The Monday `weeks` weeks before the week: where the trailing average starts."""
    return week.start - timedelta(weeks=weeks)


def weekly_average(days: Iterable[date], week: IsoWeek, weeks: int = TRAILING_WEEKS) -> float:
    """Events per week over the `weeks` weeks before `week`."""
    start = trailing_start(week, weeks)
    return sum(1 for day in days if start <= day < week.start) / weeks


def summarise(week: IsoWeek, facts: WeekFacts, *, today: date) -> WeekSummary:
    """The week's practice, goals, feedback, signals against their average, ticks and wins."""
    last = as_of(week, today)
    sessions = [(day, minutes) for day, minutes in facts.practice if week.start <= day <= last]
    done = tuple(goal for goal in facts.goals if _done_in(goal, week))
    feedback = tuple(item for item in facts.feedback if week.holds(item.answered_on))
    ratings = [item.rating for item in feedback if item.rating is not None]
    return WeekSummary(
        week=week,
        as_of=last,
        days_elapsed=(last - week.start).days + 1,
        minutes=sum(minutes for _, minutes in sessions),
        sessions=len(sessions),
        practice_days=len({day for day, _ in sessions}),
        average_sessions=weekly_average((day for day, _ in facts.practice), week),
        goals_done=done,
        goals_missed=tuple(goal for goal in facts.goals if _missed(goal, week, today)),
        feedback=feedback,
        average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
        signals=signal_counts(facts.signals, week),
        ticks=tick_counts(facts.ticks, week),
        wins=wins_of(week, facts, done, feedback),
    )


def _done_in(goal: GoalFact, week: IsoWeek) -> bool:
    return goal.status == "done" and goal.finished_on is not None and week.holds(goal.finished_on)


def _missed(goal: GoalFact, week: IsoWeek, today: date) -> bool:
    """Due in the week and dropped, or its due day has passed without it done by then.

    A goal finished late within the same week is listed once, with the goals done."""
    if not week.holds(goal.due) or _done_in(goal, week):
        return False
    if goal.status == "dropped":
        return True
    finished = goal.finished_on
    in_time = goal.status == "done" and finished is not None and finished <= goal.due
    return goal.due < today and not in_time


def goal_mark(goal: GoalFact) -> str:
    """How the review marks a goal it lists: done, done late, dropped or missed."""
    if goal.status == "dropped":
        return "dropped"
    if goal.status == "done":
        late = goal.finished_on is not None and goal.finished_on > goal.due
        return "done late" if late else "done"
    return "missed"


def goal_outcome(goal: GoalFact) -> str | None:
    """What a finished goal reached, in words: 'reached 3 reports: note', or the note alone."""
    if goal.outcome_value is not None:
        reached = f"reached {amount(goal.outcome_value, goal.unit)}"
        return reached + (f": {goal.outcome_note}" if goal.outcome_note else "")
    return goal.outcome_note


def signal_counts(signals: Sequence[SignalFact], week: IsoWeek) -> tuple[KindCount, ...]:
    """Every signal kind: its count this week and its weekly average over the 4 weeks before."""
    this_week = Counter(s.kind for s in signals if week.holds(s.day))
    return tuple(
        KindCount(
            kind=kind.value,
            this_week=this_week[kind.value],
            average=weekly_average((s.day for s in signals if s.kind == kind.value), week),
        )
        for kind in SignalKind
    )


def tick_counts(ticks: Sequence[TickFact], week: IsoWeek) -> dict[str, int]:
    """Micro-action ticks this week per focus (capability, visibility)."""
    counts = Counter(tick.focus for tick in ticks if week.holds(tick.day))
    return {focus.value: counts[focus.value] for focus in ActionFocus}


def wins_of(
    week: IsoWeek,
    facts: WeekFacts,
    done: Sequence[GoalFact],
    feedback: Sequence[FeedbackFact],
) -> tuple[Win, ...]:
    """Goals done, micro-skills mastered, praise and assignments, good feedback, helpful tactics."""
    wins = [Win("goal", goal.title, goal_outcome(goal), goal.finished_on) for goal in done]
    wins += [
        Win("mastered", f"Mastered: {item.definition}", item.skill_name, item.day)
        for item in facts.mastered
        if week.holds(item.day)
    ]
    wins += [
        Win("signal", _signal_title(signal), signal.source, signal.day)
        for signal in facts.signals
        if week.holds(signal.day) and signal.kind in WIN_SIGNALS
    ]
    wins += [
        Win(
            "feedback", f"{item.asked_whom} rated it {item.rating}/5", item.answer, item.answered_on
        )
        for item in feedback
        if item.rating is not None and item.rating >= GOOD_RATING
    ]
    wins += [Win("experiment", line, None, None) for line in facts.helped]
    return tuple(wins)


def _signal_title(signal: SignalFact) -> str:
    kind = signal.kind.replace("_", " ").capitalize()
    return f"{kind}: {signal.note}" if signal.note else kind
