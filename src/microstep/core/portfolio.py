"""The portfolio's rules: which facts make an achievement, and the 3-bullet stakeholder update.

Everything here works on plain facts handed in by the services, so it is pure and deterministic.
Wording stays honest with little data: when nothing happened, the text says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from microstep.core.text import plain_number
from microstep.core.weeks import week_start
from microstep.errors import InvalidInput

MAX_METRIC = 200
UPDATE_DAYS = 14
POSITIVE_KINDS = frozenset({"praise", "assignment", "invitation"})
GOOD_RATING = 4


class SourceKind(StrEnum):
    """Where a suggested achievement comes from."""

    GOAL = "goal"
    MICROSKILL = "microskill"
    SIGNAL = "signal"


@dataclass(frozen=True)
class GoalFact:
    """A finished micro-goal, as the portfolio needs it."""

    id: int
    title: str
    metric: str | None
    target_value: float | None
    unit: str | None
    outcome_value: float | None
    done_when: str | None
    outcome_note: str | None
    finished_on: date
    skill_id: int | None
    skill_name: str | None


@dataclass(frozen=True)
class MicroSkillFact:
    """A mastered micro-skill with the first and best measured values of its journal."""

    id: int
    definition: str
    metric: str
    unit: str | None
    lower_is_better: bool
    values: tuple[float, ...]
    sessions: int
    minutes: int
    mastered_on: date
    skill_id: int
    skill_name: str


@dataclass(frozen=True)
class SignalFact:
    """An entry of the evidence log."""

    id: int
    kind: str
    occurred_on: date
    source: str | None
    note: str | None
    rating: int | None


@dataclass(frozen=True)
class Suggestion:
    """An achievement the person may add, with the record it came from."""

    source: SourceKind
    source_id: int
    title: str
    metric: str | None
    narrative: str
    achieved_on: date
    skill_id: int | None = None

    @property
    def key(self) -> tuple[SourceKind, int]:
        """What marks this source as already used."""
        return (self.source, self.source_id)


def _unit(unit: str | None) -> str:
    return f" {unit}" if unit else ""


def _short(text: str, limit: int = MAX_METRIC) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def goal_reached(goal: GoalFact) -> float:
    """The share of the target reached, 0-1 (1 when there is no number to compare)."""
    if goal.target_value and goal.outcome_value is not None:
        return max(0.0, min(goal.outcome_value / goal.target_value, 1.0))
    return 1.0


def goal_metric(goal: GoalFact) -> str | None:
    """'3 of 3 dashboards', 'runtime 28 s (target 30 s)', or the done-when test."""
    if goal.target_value is not None and goal.metric:
        target = plain_number(goal.target_value)
        if goal.outcome_value is None:
            return _short(f"{goal.metric}: target {target}{_unit(goal.unit)} reached")
        outcome = plain_number(goal.outcome_value)
        if goal.unit:
            unit = _unit(goal.unit)
            return _short(f"{goal.metric}: {outcome}{unit} (target {target}{unit})")
        return _short(f"{outcome} of {target} {goal.metric}")
    if goal.done_when:
        return _short(f"done when: {goal.done_when}")
    return None


def suggest_from_goal(goal: GoalFact) -> Suggestion:
    """A finished goal as an achievement."""
    skill = f" for {goal.skill_name}" if goal.skill_name else ""
    narrative = f"Set as a micro-goal{skill} and finished on {goal.finished_on.isoformat()}."
    if goal.outcome_note:
        narrative += f" {goal.outcome_note}"
    return Suggestion(
        SourceKind.GOAL,
        goal.id,
        goal.title,
        goal_metric(goal),
        narrative,
        goal.finished_on,
        goal.skill_id,
    )


def first_and_best(item: MicroSkillFact) -> tuple[float, float] | None:
    """The first measured value and the best one, in the micro-skill's direction."""
    if not item.values:
        return None
    best = min(item.values) if item.lower_is_better else max(item.values)
    return item.values[0], best


def microskill_metric(item: MicroSkillFact) -> str | None:
    """'time to the point 95 s → 28 s' from the practice journal."""
    ends = first_and_best(item)
    if ends is None:
        return None
    unit = _unit(item.unit)
    first, best = (plain_number(round(value, 2)) for value in ends)
    return _short(f"{item.metric} {first}{unit} → {best}{unit}")


def suggest_from_microskill(item: MicroSkillFact) -> Suggestion:
    """A mastered micro-skill as an achievement."""
    narrative = (
        f"Practised {item.sessions} time{'s' if item.sessions != 1 else ''} "
        f"({item.minutes} min in all) as part of {item.skill_name}, "
        f"and met the mastery rule on {item.mastered_on.isoformat()}."
    )
    title = _short(f"Mastered: {item.definition}", 200)
    return Suggestion(
        SourceKind.MICROSKILL,
        item.id,
        title,
        microskill_metric(item),
        narrative,
        item.mastered_on,
        item.skill_id,
    )


def is_positive(signal: SignalFact) -> bool:
    """Praise, an assignment, an invitation, or feedback rated 4 or 5."""
    if signal.kind in POSITIVE_KINDS:
        return True
    return signal.kind == "feedback" and (signal.rating or 0) >= GOOD_RATING


SIGNAL_TITLES = {
    "praise": "Praise",
    "assignment": "New assignment",
    "invitation": "Invitation",
    "feedback": "Positive feedback",
}


def suggest_from_signal(signal: SignalFact) -> Suggestion:
    """A positive signal as an achievement."""
    what = SIGNAL_TITLES.get(signal.kind, signal.kind.replace("_", " ").capitalize())
    source = f" from {signal.source}" if signal.source else ""
    title = _short(f"{what}{source}", 200)
    metric = f"rated {signal.rating} of 5" if signal.rating else None
    narrative = signal.note or f"{what}{source} on {signal.occurred_on.isoformat()}."
    return Suggestion(SourceKind.SIGNAL, signal.id, title, metric, narrative, signal.occurred_on)


def suggestions(
    goals: Iterable[GoalFact],
    microskills: Iterable[MicroSkillFact],
    signals: Iterable[SignalFact],
    *,
    taken: set[tuple[SourceKind, int]],
) -> list[Suggestion]:
    """Every source not yet in the portfolio, newest first."""
    found = [suggest_from_goal(goal) for goal in goals]
    found += [suggest_from_microskill(item) for item in microskills]
    found += [suggest_from_signal(signal) for signal in signals if is_positive(signal)]
    fresh = [item for item in found if item.key not in taken]
    return sorted(fresh, key=lambda s: (s.achieved_on, s.source.value, s.source_id), reverse=True)


# --- the period of an update ---------------------------------------------------------------


MAX_UPDATE_DAYS = 5 * 365  # a stakeholder update is about weeks; years are a CV


def update_period(since: date | None, until: date | None, *, today: date) -> tuple[date, date]:
    """The days an update covers: by default the last 14 days, today included."""
    end = until or today
    if end > today:
        raise InvalidInput(
            f"The period ends on {end.isoformat()}, which has not happened yet: end it today "
            "or earlier.",
            field="until",
        )
    earliest = today - timedelta(days=MAX_UPDATE_DAYS)
    if (since or end) < earliest:
        raise InvalidInput(
            f"An update looks back at most {MAX_UPDATE_DAYS // 365} years: start it on "
            f"{earliest.isoformat()} or later.",
            field="since",
        )
    start = since or end - timedelta(days=UPDATE_DAYS - 1)
    if start > end:
        raise InvalidInput(
            f"The period starts on {start.isoformat()}, after it ends on {end.isoformat()}: "
            "swap the two days.",
            field="since",
        )
    return start, end


# --- growth over time --------------------------------------------------------------------


def weekly_sums(
    values: Iterable[tuple[date, float]], *, first_week: date, weeks: int
) -> list[float]:
    """Sums per ISO week from the week of `first_week`, oldest first."""
    start = week_start(first_week)
    sums = [0.0] * weeks
    for day, value in values:
        index = (week_start(day) - start).days // 7
        if 0 <= index < weeks:
            sums[index] += value
    return sums


def weeks_between(start: date, end: date) -> int:
    """How many ISO weeks, both ends included, touch the days from `start` to `end`."""
    return max(1, (week_start(end) - week_start(start)).days // 7 + 1)


# --- the stakeholder update ------------------------------------------------------------------


class BulletKind(StrEnum):
    """The three parts of a stakeholder update."""

    IMPACT = "impact"
    PROGRESS = "progress"
    QUESTION = "question"


@dataclass(frozen=True)
class Bullet:
    """One line of the update."""

    kind: BulletKind
    text: str


@dataclass(frozen=True)
class Win:
    """A candidate for the biggest win, with a score to rank it."""

    title: str
    metric: str | None
    score: float


@dataclass(frozen=True)
class OpenRequest:
    """A feedback request still waiting for its answer."""

    asked_whom: str
    question: str
    asked_on: date


@dataclass(frozen=True)
class UpdateFacts:
    """What happened in the period, as the update needs it."""

    start: date
    end: date
    wins: Sequence[Win]
    goals_done: int
    practice_minutes: int
    practice_sessions: int
    dropped: Sequence[tuple[str, str | None]]
    open_requests: Sequence[OpenRequest]
    to_adjust: str | None
    overdue: Sequence[tuple[str, date]]


def win_score(metric: str | None, *, kind: SourceKind | None, gain: float = 0.0) -> float:
    """Achievements with a metric rank first, then mastered skills by gain, then goals."""
    base = {SourceKind.MICROSKILL: 3.0, SourceKind.GOAL: 2.0, SourceKind.SIGNAL: 1.0}
    score = 5.0 if kind is None else base[kind]
    return score + (1.0 if metric else 0.0) + min(max(gain, 0.0), 0.99)


def stakeholder_update(facts: UpdateFacts) -> list[Bullet]:
    """Exactly three bullets: impact, progress or trade-off, open question."""
    return [_impact(facts), _progress(facts), _question(facts)]


def _impact(facts: UpdateFacts) -> Bullet:
    if not facts.wins:
        text = "Impact: no finished goals or new achievements in this period, so no win to report."
        return Bullet(BulletKind.IMPACT, text)
    best = max(facts.wins, key=lambda win: win.score)
    metric = f": {best.metric}" if best.metric else ""
    return Bullet(BulletKind.IMPACT, f"Impact: {best.title}{metric}.")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _progress(facts: UpdateFacts) -> Bullet:
    goals = (
        f"finished {_plural(facts.goals_done, 'micro-goal')}"
        if facts.goals_done
        else "no finished goals in this period"
    )
    practice = (
        f"practised {facts.practice_minutes} min over {_plural(facts.practice_sessions, 'session')}"
        if facts.practice_sessions
        else "no practice logged"
    )
    text = f"Progress: {goals}; {practice}."
    if facts.dropped:
        title, reason = facts.dropped[0]
        why = f" ({reason.rstrip('.')})" if reason else ""
        text += f" Trade-off: dropped '{title}'{why} to keep focus."
    return Bullet(BulletKind.PROGRESS, text)


def _question(facts: UpdateFacts) -> Bullet:
    if facts.open_requests:
        request = facts.open_requests[0]
        question = request.question.rstrip(" ?.")
        text = (
            f"Open question: {question}? (asked {request.asked_whom} on "
            f"{request.asked_on.isoformat()}, no answer yet)"
        )
    elif facts.to_adjust:
        adjust = " ".join(facts.to_adjust.split()).rstrip(" ?.")
        text = f"Open question: my last review says to adjust '{adjust}': what would you suggest?"
    elif facts.overdue:
        title, due = facts.overdue[0]
        text = (
            f"Open question: '{title}' has been due since {due.isoformat()}: "
            "should I re-plan it or drop it?"
        )
    else:
        text = "Open question: nothing is blocked right now: what should I focus on next?"
    return Bullet(BulletKind.QUESTION, text)
