"""The portfolio's rules: which facts make an achievement, and the 3-bullet stakeholder update.

Everything here works on plain facts handed in by the services, so it is pure and deterministic.
Wording stays honest with little data: when nothing happened, the text says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from microstep.core.dates import day_label
from microstep.core.text import plain_number, plural
from microstep.core.weeks import week_start
from microstep.errors import InvalidInput

MAX_METRIC = 200
SHORTLIST = 12  # suggestions shown at once: the strongest, newest first
MAX_YEARS_BACK = 10  # an achievement older than this is a CV line, not growth to show here
BEFORE_FIRST_RECORD = timedelta(days=365)  # how far before the first record an achievement may be
STORY_WORDS = 5  # a story without a metric needs at least a sentence of this many words
STORY_CHARS = 25
UPDATE_DAYS = 14
POSITIVE_KINDS = frozenset({"praise", "assignment", "invitation"})
GOOD_RATING = 4

# '13 Nov 2026': the portfolio reads like a document, so its days carry no weekday.
short_date = partial(day_label, weekday=False)


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
    strength: float = 0.0
    similar: int = 0

    @property
    def key(self) -> tuple[SourceKind, int]:
        """What marks this source as already used."""
        return (self.source, self.source_id)


def _unit(unit: str | None) -> str:
    return f" {unit}" if unit else ""


def _short(text: str, limit: int = MAX_METRIC) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


LOWER_WORDS = re.compile(
    r"\b(below|under|cut|cuts|reduce|reduces|lower|less|fewer|shorten|at most|down to|"
    r"within|faster|quicker|decrease|decreases|max|maximum)\b",
    re.IGNORECASE,
)


def goal_lower_is_better(goal: GoalFact) -> bool:
    """Whether the goal's words ask for a smaller number ('Cut the runtime below 30 s')."""
    return bool(LOWER_WORDS.search(f"{goal.title} {goal.metric or ''}"))


def goal_met(goal: GoalFact) -> bool:
    """A target reached in the goal's direction, or a done-when test that was passed.

    A measured goal marked done without a recorded value counts as reached; one whose recorded
    value fell short does not, whatever else it has.
    """
    if goal.target_value is not None and goal.metric:
        if goal.outcome_value is None:
            return True
        if goal_lower_is_better(goal):
            return goal.outcome_value <= goal.target_value
        return goal.outcome_value >= goal.target_value
    return bool(goal.done_when)


def goal_metric(goal: GoalFact) -> str | None:
    """'3 of 3 dashboards', '5 functions (target 4)', 'runtime: 28 s (target 30 s)' or done-when."""
    if goal.target_value is not None and goal.metric:
        target = plain_number(goal.target_value)
        if goal.outcome_value is None:
            return _short(f"{goal.metric}: target {target}{_unit(goal.unit)} reached")
        outcome = plain_number(goal.outcome_value)
        if goal.unit:
            unit = _unit(goal.unit)
            return _short(f"{goal.metric}: {outcome}{unit} (target {target}{unit})")
        if goal.outcome_value < goal.target_value and not goal_lower_is_better(goal):
            return _short(f"{outcome} of {target} {goal.metric}")
        if goal.outcome_value == goal.target_value:
            return _short(f"{outcome} of {target} {goal.metric}")
        return _short(f"{outcome} {goal.metric} (target {target})")
    if goal.done_when:
        return _short(f"done when: {goal.done_when}")
    return None


def suggest_from_goal(goal: GoalFact) -> Suggestion:
    """A finished goal as an achievement."""
    skill = f" for {goal.skill_name}" if goal.skill_name else ""
    narrative = f"Set as a micro-goal{skill} and finished on {short_date(goal.finished_on)}."
    if goal.outcome_note:
        narrative += f" {goal.outcome_note}"
    metric = goal_metric(goal)
    return Suggestion(
        SourceKind.GOAL,
        goal.id,
        goal.title,
        metric,
        narrative,
        goal.finished_on,
        goal.skill_id,
        strength=win_score(metric, kind=SourceKind.GOAL),
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


def microskill_gain(item: MicroSkillFact) -> float:
    """How far the best value moved from the first, as a share of the first (0 when unknown)."""
    ends = first_and_best(item)
    if ends is None or not ends[0]:
        return 0.0
    return abs(ends[0] - ends[1]) / abs(ends[0])


def microskill_score(item: MicroSkillFact) -> float:
    """A mastery's weight as a win: its kind, whether it has a metric, and its gain."""
    metric = microskill_metric(item)
    return win_score(metric, kind=SourceKind.MICROSKILL, gain=microskill_gain(item))


def suggest_from_microskill(item: MicroSkillFact) -> Suggestion:
    """A mastered micro-skill as an achievement."""
    narrative = (
        f"Practised {item.sessions} time{'s' if item.sessions != 1 else ''} "
        f"({item.minutes} min in all) as part of {item.skill_name}, "
        f"and met the mastery rule on {short_date(item.mastered_on)}."
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
        strength=microskill_score(item),
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
    narrative = signal.note or f"{what}{source} on {short_date(signal.occurred_on)}."
    strength = win_score(metric, kind=SourceKind.SIGNAL) + (signal.rating or 0) / 10
    return Suggestion(
        SourceKind.SIGNAL,
        signal.id,
        title,
        metric,
        narrative,
        signal.occurred_on,
        strength=strength,
    )


def suggestions(
    goals: Iterable[GoalFact],
    microskills: Iterable[MicroSkillFact],
    signals: Iterable[SignalFact],
    *,
    taken: set[tuple[SourceKind, int]],
) -> list[Suggestion]:
    """Every source not yet in the portfolio, newest first; goals only when they met the target."""
    found = [suggest_from_goal(goal) for goal in goals if goal_met(goal)]
    found += [suggest_from_microskill(item) for item in microskills]
    found += [suggest_from_signal(signal) for signal in signals if is_positive(signal)]
    fresh = [item for item in found if item.key not in taken]
    return sorted(fresh, key=_newest, reverse=True)


def _newest(item: Suggestion) -> tuple[date, str, int]:
    return (item.achieved_on, item.source.value, item.source_id)


def title_key(title: str) -> str:
    """What makes two titles 'the same': case, numbers and punctuation aside."""
    words = re.sub(r"\d+(?:[.,]\d+)?", "#", title.casefold())
    return " ".join(re.findall(r"[^\W_]+|#", words))


def shortlist(
    found: Sequence[Suggestion], *, portfolio_titles: Iterable[str], limit: int = SHORTLIST
) -> tuple[list[Suggestion], int]:
    """Near-identical titles collapsed to the strongest (then latest), titles already in the
    portfolio left out, the `limit` strongest kept newest first; with how many more there are."""
    have = {title_key(title) for title in portfolio_titles}
    groups: dict[str, list[Suggestion]] = {}
    for item in found:
        key = title_key(item.title)
        if key not in have:
            groups.setdefault(key, []).append(item)
    best = [
        replace(max(group, key=lambda s: (s.strength, *_newest(s))), similar=len(group) - 1)
        for group in groups.values()
    ]
    strongest = sorted(best, key=lambda s: (s.strength, *_newest(s)), reverse=True)[:limit]
    return sorted(strongest, key=_newest, reverse=True), len(best) - len(strongest)


# --- what a typed achievement needs ----------------------------------------------------------


def has_substance(metric: str | None, narrative: str | None) -> bool:
    """A metric, or a story of at least a short sentence."""
    if metric:
        return True
    story = " ".join((narrative or "").split())
    return len(story) >= STORY_CHARS and len(story.split()) >= STORY_WORDS


def check_substance(metric: str | None, narrative: str | None) -> None:
    """Refuse an achievement that says nothing about what changed."""
    if not has_substance(metric, narrative):
        raise InvalidInput(
            "Say what changed: add a metric or a story of a sentence or two, for example "
            "metric 'report time 45 → 12 min' or story 'Automated the weekly report, so sales "
            "gets it on Monday morning'.",
            field="metric",
        )


def earliest_achievement(today: date, first_record: date | None) -> date:
    """The oldest day an achievement may carry: 10 years back, or a year before the first record."""
    years_back = date(today.year - MAX_YEARS_BACK, today.month, min(today.day, 28))
    if first_record is None:
        return years_back
    return max(years_back, min(first_record, today) - BEFORE_FIRST_RECORD)


def check_achievement_day(day: date, *, today: date, first_record: date | None) -> date:
    """An achievement's day: not in the future, not long before the person's history."""
    if day > today:
        raise InvalidInput(
            f"{day.isoformat()} is in the future: an achievement is something already done.",
            field="achieved_on",
        )
    earliest = earliest_achievement(today, first_record)
    if day < earliest:
        raise InvalidInput(
            f"{day.isoformat()} is too far back for this portfolio: pick a day from "
            f"{short_date(earliest)} on.",
            field="achieved_on",
        )
    return day


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
    if since is not None and since > today:
        raise InvalidInput(
            f"The period starts on {since.isoformat()}, which has not happened yet: start it "
            "today or earlier.",
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


def _progress(facts: UpdateFacts) -> Bullet:
    goals = (
        f"finished {plural(facts.goals_done, 'micro-goal')}"
        if facts.goals_done
        else "no finished goals in this period"
    )
    practice = (
        f"practised {facts.practice_minutes} min over {plural(facts.practice_sessions, 'session')}"
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
            f"{short_date(request.asked_on)}, no answer yet)"
        )
    elif facts.to_adjust:
        adjust = " ".join(facts.to_adjust.split()).rstrip(" ?.")
        text = f"Open question: my last review says to adjust '{adjust}': what would you suggest?"
    elif facts.overdue:
        title, due = facts.overdue[0]
        text = (
            f"Open question: '{title}' has been due since {short_date(due)}: "
            "should I re-plan it or drop it?"
        )
    else:
        text = "Open question: nothing is blocked right now: what should I focus on next?"
    return Bullet(BulletKind.QUESTION, text)
