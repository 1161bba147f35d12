"""Pitfall detectors (seeds 002, 003): each looks at plain facts and shows what it fired on.

Every detector is a small pure function returning None when things look healthy, or a Pitfall
with the evidence lines (numbers and titles) and one suggestion. The thresholds live together
in PitfallPolicy so they can be tuned, and tested, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from microstep.core.dates import day_label
from microstep.core.evidence import ActionFocus
from microstep.core.review import GoalFact, IsoWeek, TickFact, as_of
from microstep.core.text import plural

SMALLEST_STEP = "What is the smallest next step you could finish in 30 minutes?"


@dataclass(frozen=True)
class PitfallPolicy:
    """The thresholds of the detectors."""

    max_open: int = 12  # goals + micro-skills + micro-actions + experiments at once
    max_active_goals: int = 5
    max_active_microskills: int = 3
    paralysis_days: int = 5
    dip_drop: float = 0.40
    dip_min_average: float = 3.0  # sessions a week; below it a dip means little
    dip_min_days: int = 3  # days of the week seen before a week in progress can dip
    trailing_weeks: int = 4
    substance_ratio: float = 3.0
    substance_min_visibility: int = 6
    stall_fraction: float = 0.5
    stall_min_days: int = 3
    stall_due_days: int = 2


@dataclass(frozen=True)
class Pitfall:
    """A warning with the evidence behind it and what to try."""

    key: str
    title: str
    evidence: tuple[str, ...]
    suggestion: str


@dataclass(frozen=True)
class MicroSkillFact:
    """A micro-skill with the days it became active and mastered."""

    definition: str
    state: str
    activated_on: date | None = None
    mastered_on: date | None = None

    def active_on(self, day: date) -> bool:
        """True when it was being practised at the end of `day` (a paused one is not)."""
        if self.state == "queued" or self.activated_on is None or self.activated_on > day:
            return False
        return self.mastered_on is None or self.mastered_on > day


@dataclass(frozen=True)
class PickFact:
    """A micro-action picked to repeat weekly."""

    title: str
    focus: str
    picked_on: date
    dropped_on: date | None = None

    def held_on(self, day: date) -> bool:
        """True when it was picked and not yet dropped on `day`."""
        return self.picked_on <= day and (self.dropped_on is None or self.dropped_on > day)


@dataclass(frozen=True)
class ExperimentFact:
    """A time-boxed tactic."""

    tactic: str
    status: str
    starts_on: date
    ends_on: date

    def running_on(self, day: date) -> bool:
        """True when `day` falls in its window and it was not stopped."""
        return self.status != "stopped" and self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class PitfallFacts:
    """What the detectors read for one review week, seen on `today`."""

    week: IsoWeek
    today: date
    goals: Sequence[GoalFact] = ()
    microskills: Sequence[MicroSkillFact] = ()
    picks: Sequence[PickFact] = ()
    experiments: Sequence[ExperimentFact] = ()
    practice_days: Sequence[date] = ()  # one entry per session
    ticks: Sequence[TickFact] = field(default=())

    @property
    def day(self) -> date:
        """The last day of the week seen so far."""
        return as_of(self.week, self.today)

    def goals_in(self, state: str) -> list[GoalFact]:
        """Goals in `state` at the end of that day, oldest first."""
        return sorted(
            (goal for goal in self.goals if goal.state_on(self.day) == state),
            key=lambda goal: (goal.created_on, goal.id),
        )


def _days_phrase(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {plural(days, 'day')}" if days > 0 else f"{plural(-days, 'day')} overdue"


# --- scope creep ------------------------------------------------------------------------------


def scope_creep(facts: PitfallFacts, policy: PitfallPolicy) -> Pitfall | None:
    """Too many things at once: over the total, or both goals and micro-skills at their limit."""
    day = facts.day
    goals = [goal.title for goal in facts.goals_in("active")]
    skills = [item.definition for item in facts.microskills if item.active_on(day)]
    picks = [item.title for item in facts.picks if item.held_on(day)]
    tests = [item.tactic for item in facts.experiments if item.running_on(day)]
    total = len(goals) + len(skills) + len(picks) + len(tests)
    both_full = (
        len(goals) >= policy.max_active_goals and len(skills) >= policy.max_active_microskills
    )
    if total <= policy.max_open and not both_full:
        return None
    headline = (
        f"{total} things at once, over the limit of {policy.max_open}"
        if total > policy.max_open
        else f"{len(goals)} of {policy.max_active_goals} goals and {len(skills)} of "
        f"{policy.max_active_microskills} micro-skills active: both lists are full"
    )
    counts = (
        f"{plural(len(goals), 'active goal')}, {plural(len(skills), 'active micro-skill')}, "
        f"{plural(len(picks), 'picked micro-action')}, {plural(len(tests), 'running experiment')}"
    )
    items = [f"Goal: {t}" for t in goals] + [f"Micro-skill: {t}" for t in skills]
    items += [f"Micro-action: {t}" for t in picks] + [f"Experiment: {t}" for t in tests]
    return Pitfall(
        key="scope_creep",
        title="Scope creep",
        evidence=(f"{headline} ({counts}).", *items),
        suggestion="Finish or drop one goal and pause one micro-skill before adding anything "
        "new: fewer things at once get finished sooner.",
    )


# --- perfection paralysis ---------------------------------------------------------------------


def perfection_paralysis(facts: PitfallFacts, policy: PitfallPolicy) -> Pitfall | None:
    """Planned goals not started for `paralysis_days` days or more."""
    day = facts.day
    waiting = [
        (goal, (day - goal.created_on).days)
        for goal in facts.goals_in("planned")
        if (day - goal.created_on).days >= policy.paralysis_days
    ]
    if not waiting:
        return None
    lines = [
        f"'{goal.title}': planned {plural(age, 'day')} ago, not started "
        f"(due {day_label(goal.due, year=False)}, {_days_phrase((goal.due - day).days)})."
        for goal, age in waiting
    ]
    return Pitfall(
        key="perfection_paralysis",
        title="Perfection paralysis",
        evidence=(
            f"{plural(len(waiting), 'planned goal')} waiting {policy.paralysis_days} days or more.",
            *lines,
        ),
        suggestion="Start the oldest one today with a rough 15-minute first pass: a draft you "
        "can improve beats a plan you keep polishing; drop what no longer matters.",
    )


# --- motivation dip ---------------------------------------------------------------------------


def motivation_dip(facts: PitfallFacts, policy: PitfallPolicy) -> Pitfall | None:
    """Practice sessions this week down by `dip_drop` against the trailing weekly average."""
    week, day = facts.week, facts.day
    weeks = [week.shifted(-offset) for offset in range(policy.trailing_weeks, 0, -1)]
    counts = [sum(1 for d in facts.practice_days if w.holds(d)) for w in weeks]
    average = sum(counts) / policy.trailing_weeks
    elapsed = (day - week.start).days + 1
    if average < policy.dip_min_average or elapsed < policy.dip_min_days:
        return None
    expected = average * elapsed / 7
    done = sum(1 for d in facts.practice_days if week.start <= d <= day)
    drop = 1 - done / expected
    if drop < policy.dip_drop:
        return None
    so_far = "" if elapsed == 7 else f" in its first {elapsed} days ({expected:.1f} expected)"
    return Pitfall(
        key="motivation_dip",
        title="Motivation dip",
        evidence=(
            f"{plural(done, 'practice session')} this week{so_far} against {average:g} a week "
            f"over the {policy.trailing_weeks} weeks before: down {drop:.0%}.",
            "Sessions in the weeks before: "
            + ", ".join(f"{w.label} {n}" for w, n in zip(weeks, counts, strict=True))
            + ".",
        ),
        suggestion="Shrink the habit rather than skip it: one 5-minute session at a fixed time "
        "each day keeps the thread; tweak the drill if it has gone stale.",
    )


# --- all signal and no substance --------------------------------------------------------------


def signal_without_substance(facts: PitfallFacts, policy: PitfallPolicy) -> Pitfall | None:
    """Visibility actions far outnumber capability actions over the last 4 weeks."""
    day = facts.day
    start = facts.week.start - timedelta(weeks=policy.trailing_weeks - 1)

    def within(when: date | None) -> bool:
        return when is not None and start <= when <= day

    ticks = [tick for tick in facts.ticks if within(tick.day)]
    vis_ticks = sum(1 for tick in ticks if tick.focus == ActionFocus.VISIBILITY)
    cap_ticks = sum(1 for tick in ticks if tick.focus == ActionFocus.CAPABILITY)
    done = [g for g in facts.goals if g.status == "done" and within(g.finished_on)]
    vis_goals = sum(1 for goal in done if goal.kind == "visibility")
    learn_goals = sum(1 for goal in done if goal.kind == "learning")
    sessions = sum(1 for d in facts.practice_days if within(d))
    visibility, capability = vis_ticks + vis_goals, cap_ticks + learn_goals + sessions
    too_few = visibility < policy.substance_min_visibility
    if too_few or (capability and visibility / capability < policy.substance_ratio):
        return None
    ratio = f"{visibility / capability:.1f} to 1" if capability else "with none"
    return Pitfall(
        key="signal_without_substance",
        title="All signal and no substance",
        evidence=(
            f"{plural(visibility, 'visibility action')} against "
            f"{plural(capability, 'capability action')} ({ratio}) "
            f"since {day_label(start, year=False)}.",
            f"Visibility: {plural(vis_ticks, 'micro-action tick')}, "
            f"{plural(vis_goals, 'visibility goal')} done.",
            f"Capability: {plural(cap_ticks, 'micro-action tick')}, "
            f"{plural(learn_goals, 'learning goal')} done, "
            f"{plural(sessions, 'practice session')}.",
        ),
        suggestion="Balance the show with substance: add a learning goal or a daily 5-minute "
        "practice, so what you make visible keeps getting better.",
    )


# --- stalled goal -----------------------------------------------------------------------------


def stalled_goal(facts: PitfallFacts, policy: PitfallPolicy) -> Pitfall | None:
    """Active goals past half their time, due soon or overdue, with no outcome yet."""
    day = facts.day
    stalled = [goal for goal in facts.goals_in("active") if _stalled(goal, day, policy)]
    if not stalled:
        return None
    lines = []
    for goal in stalled:
        started = goal.started_on or goal.created_on
        span = max((goal.due - started).days, 1)
        used = min((day - started).days / span, 9.99)
        lines.append(
            f"'{goal.title}': started {day_label(started, year=False)} "
            f"({plural((day - started).days, 'day')} ago), due {day_label(goal.due, year=False)} "
            f"({_days_phrase((goal.due - day).days)}), {used:.0%} of its time gone, no outcome yet."
        )
    return Pitfall(
        key="stalled_goal",
        title="Stalled goal",
        evidence=(f"{plural(len(stalled), 'active goal')} with no progress.", *lines),
        suggestion=f"Reframe the next step: {SMALLEST_STEP} Rewrite the goal around it, or "
        "split it in two.",
    )


def _stalled(goal: GoalFact, day: date, policy: PitfallPolicy) -> bool:
    if goal.outcome_value is not None:
        return False
    started = goal.started_on or goal.created_on
    elapsed, span = (day - started).days, (goal.due - started).days
    past_half = span <= 0 or elapsed / span >= policy.stall_fraction
    due_soon = (goal.due - day).days <= policy.stall_due_days
    return elapsed >= policy.stall_min_days and past_half and due_soon


Detector = Callable[[PitfallFacts, PitfallPolicy], Pitfall | None]
DETECTORS: tuple[Detector, ...] = (
    scope_creep,
    perfection_paralysis,
    motivation_dip,
    signal_without_substance,
    stalled_goal,
)


def detect(facts: PitfallFacts, policy: PitfallPolicy) -> tuple[Pitfall, ...]:
    """Every pitfall that fires, in a fixed order."""
    found = (detector(facts, policy) for detector in DETECTORS)
    return tuple(pitfall for pitfall in found if pitfall is not None)
