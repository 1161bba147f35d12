"""Study circles and buddy pairs (seeds 000, 003): what a member's share shows, and the digest.

A member's share is built from facts their circle may see (the service filters them through the
visibility helper and the member's share flags); here only the week's figures and the words.
A section is None when the member does not share that kind with the circle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from microstep.core.dates import day_label
from microstep.core.review import GoalFact, IsoWeek, as_of
from microstep.core.text import plural

POSITIVE_KINDS = frozenset({"praise", "assignment", "invitation"})
GOOD_RATING = 4
MAX_DIGEST_WINS = 5  # a digest is a glance; the circle page lists them all
MAX_DETAIL = 140


@dataclass(frozen=True)
class LevelChange:
    """A skill's level set from one value to another on a day."""

    skill: str
    from_level: int | None
    to_level: int
    day: date


@dataclass(frozen=True)
class SkillRise:
    """A skill that rose over the week: its first level in the week and its last."""

    skill: str
    from_level: int
    to_level: int


@dataclass(frozen=True)
class Progress:
    """The week's practice, micro-goals and skills that rose."""

    minutes: int
    sessions: int
    goals_done: int
    goals_active: int
    skills_rose: tuple[SkillRise, ...]


@dataclass(frozen=True)
class AchievementFact:
    """A portfolio entry."""

    title: str
    metric: str | None
    day: date


@dataclass(frozen=True)
class SignalFact:
    """An entry of the evidence log."""

    kind: str
    source: str | None
    note: str | None
    rating: int | None
    day: date


@dataclass(frozen=True)
class ReviewFact:
    """A saved weekly review's wins, in the person's words."""

    week_start: date
    wins: str | None


@dataclass(frozen=True)
class Win:
    """Something to celebrate: an achievement, a review's wins, or a positive signal."""

    kind: str  # achievement, review, signal
    title: str
    detail: str | None
    day: date


@dataclass(frozen=True)
class TickCount:
    """How often a micro-action was ticked in the week."""

    title: str
    count: int


@dataclass(frozen=True)
class MemberShare:
    """What one member shows the circle; None for a kind they do not share."""

    person_id: int
    name: str
    progress: Progress | None
    wins: tuple[Win, ...] | None
    ticks: tuple[TickCount, ...] | None

    @property
    def shares_anything(self) -> bool:
        """True when at least one kind is shared."""
        return not (self.progress is None and self.wins is None and self.ticks is None)


# --- a member's week ---------------------------------------------------------------------------


def progress_of(
    week: IsoWeek,
    *,
    practice: Sequence[tuple[date, int]],
    goals: Sequence[GoalFact],
    changes: Sequence[LevelChange],
    today: date,
) -> Progress:
    """Practice minutes and sessions in the week, goals done in it and active at its end (or
    today while it is going), and skills whose level rose over it."""
    last = as_of(week, today)
    sessions = [minutes for day, minutes in practice if week.start <= day <= last]
    done = [g for g in goals if g.status == "done" and g.finished_on and week.holds(g.finished_on)]
    return Progress(
        minutes=sum(sessions),
        sessions=len(sessions),
        goals_done=len(done),
        goals_active=sum(1 for goal in goals if goal.state_on(last) == "active"),
        skills_rose=skills_rose(week, changes),
    )


def skills_rose(week: IsoWeek, changes: Sequence[LevelChange]) -> tuple[SkillRise, ...]:
    """Skills whose level ended the week above where it started (a first level is no rise)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for change in sorted(changes, key=lambda item: item.day):
        if not week.holds(change.day) or change.from_level is None:
            continue
        first.setdefault(change.skill, change.from_level)
        last[change.skill] = change.to_level
    return tuple(
        SkillRise(skill, first[skill], last[skill])
        for skill in sorted(first)
        if last[skill] > first[skill]
    )


def is_positive(signal: SignalFact) -> bool:
    """Praise, an assignment, an invitation, or feedback rated 4 or 5."""
    if signal.kind in POSITIVE_KINDS:
        return True
    return signal.kind == "feedback" and (signal.rating or 0) >= GOOD_RATING


def wins_of(
    week: IsoWeek,
    *,
    achievements: Sequence[AchievementFact],
    reviews: Sequence[ReviewFact],
    signals: Sequence[SignalFact],
) -> tuple[Win, ...]:
    """The week's achievements, the wins its review names, and its positive signals, by day."""
    wins = [
        Win("achievement", item.title, item.metric, item.day)
        for item in achievements
        if week.holds(item.day)
    ]
    wins += [
        Win("review", "Weekly review wins", _short(item.wins), week.end)
        for item in reviews
        if item.week_start == week.start and item.wins and item.wins.strip()
    ]
    wins += [
        Win("signal", _signal_title(item), _short(item.note), item.day)
        for item in signals
        if week.holds(item.day) and is_positive(item)
    ]
    return tuple(sorted(wins, key=lambda win: win.day))


def _signal_title(signal: SignalFact) -> str:
    what = "Good feedback" if signal.kind == "feedback" else signal.kind.replace("_", " ")
    what = what[:1].upper() + what[1:]
    return f"{what} from {signal.source}" if signal.source else what


def _short(text: str | None, limit: int = MAX_DETAIL) -> str | None:
    words = " ".join((text or "").split())
    if not words:
        return None
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def tick_counts(week: IsoWeek, ticks: Sequence[tuple[date, str]]) -> tuple[TickCount, ...]:
    """Ticks in the week per micro-action, the most ticked first."""
    counts = Counter(title for day, title in ticks if week.holds(day))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(TickCount(title, count) for title, count in ordered)


# --- the weekly digest ------------------------------------------------------------------------


def week_phrase(week: IsoWeek) -> str:
    """'week 2026-W47 (16 Nov to 22 Nov 2026)'."""
    first = day_label(week.start, weekday=False, year=False)
    return f"week {week.label} ({first} to {day_label(week.end, weekday=False)})"


def digest_subject(circle_name: str, week: IsoWeek) -> str:
    """The digest's subject line."""
    return f"{circle_name}: your circle's {week.label}"


def digest_text(circle_name: str, week: IsoWeek, shares: Sequence[MemberShare]) -> str:
    """Plain text: a heading, then a short block per member with only what they share."""
    lines = [f"What your circle “{circle_name}” shared in {week_phrase(week)}.", ""]
    for share in shares:
        lines += [share.name, *(f"  {line}" for line in member_lines(share)), ""]
    if not shares:
        lines += ["Nobody else is in the circle yet.", ""]
    lines.append("Cheer them on: nudge a member from the circle's page.")
    return "\n".join(lines)


def member_lines(share: MemberShare) -> list[str]:
    """A member's block of the digest: a line per kind they share."""
    if not share.shares_anything:
        return ["Shares nothing with the circle."]
    lines = progress_lines(share.progress) if share.progress is not None else []
    if share.wins is not None:
        lines.append(wins_line(share.wins))
    if share.ticks is not None:
        lines.append(ticks_line(share.ticks))
    return lines


def progress_lines(progress: Progress) -> list[str]:
    """Practice, micro-goals, and any skills that rose."""
    lines = [
        f"Practice: {plural(progress.minutes, 'minute')} in {plural(progress.sessions, 'session')}",
        f"Micro-goals: {progress.goals_done} done, {progress.goals_active} active",
    ]
    if progress.skills_rose:
        rises = ", ".join(
            f"{rise.skill} {rise.from_level} → {rise.to_level}" for rise in progress.skills_rose
        )
        lines.append(f"Skills that rose: {rises}")
    return lines


def wins_line(wins: Sequence[Win]) -> str:
    """The wins, a few of them, or 'none this week'."""
    if not wins:
        return "Wins: none this week"
    shown = "; ".join(_win_text(win) for win in wins[:MAX_DIGEST_WINS])
    more = len(wins) - MAX_DIGEST_WINS
    return f"Wins: {shown}" + (f"; and {more} more" if more > 0 else "")


def _win_text(win: Win) -> str:
    return f"{win.title} ({win.detail})" if win.detail else win.title


def ticks_line(ticks: Sequence[TickCount]) -> str:
    """The micro-actions ticked, with how often."""
    if not ticks:
        return "Micro-actions: none ticked this week"
    done = (f"{tick.title} ({plural(tick.count, 'time')})" for tick in ticks)
    return "Micro-actions: " + ", ".join(done)
