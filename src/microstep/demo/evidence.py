"""Maya's evidence log: 12 weeks of signals, feedback she asked for, micro-actions she repeats,
and two experiments (one finished without a clear effect, one running that visibly helped).

Counts per stretch of days are fixed so the verdicts read the same for every seed; only the days
within each stretch are drawn from the seeded generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from microstep.core.evidence import SignalKind
from microstep.core.weeks import week_start
from microstep.services import actions, experiments, feedback, signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import (
    ActionTickCreate,
    ExperimentCreate,
    ExperimentStop,
    FeedbackAnswer,
    FeedbackCreate,
    SignalCreate,
)

INV, A, P, M, N = (
    SignalKind.INVITATION,
    SignalKind.ASSIGNMENT,
    SignalKind.PRAISE,
    SignalKind.MEETING_INVITE,
    SignalKind.MENTION,
)

# (first day, last day) counted back from today, and how many signals of each kind fall there.
STRETCHES: tuple[tuple[int, int, dict[SignalKind, int]], ...] = (
    (84, 78, {INV: 1, P: 1, M: 1}),
    (77, 64, {INV: 1, P: 2, M: 2, N: 2, A: 1}),
    (63, 43, {INV: 2, P: 4, M: 3, N: 2, A: 1}),  # the earlier experiment: about as before
    (42, 36, {INV: 1, P: 1, M: 1, N: 1}),
    (35, 0, {INV: 13, P: 4, M: 4, N: 7, A: 2}),  # the Tuesday insights: invitations climb
)

NOTES: dict[SignalKind, tuple[tuple[str, str], ...]] = {
    INV: (
        ("Asked to join the Q1 pricing planning session", "Priya Shah, Head of Sales"),
        ("Invited to the product analytics guild", "Lena Brandt, PM"),
        ("Asked to walk the ops team through the churn model", "Tom Reyes, Ops lead"),
        ("Invited to review the new KPI definitions", "Daniel Cho, manager"),
        ("Asked to co-present the retention findings at the all-hands", "Lena Brandt, PM"),
        ("Invited to the regional forecasting workshop", "Priya Shah, Head of Sales"),
    ),
    P: (
        ("Thanks for the quick turnaround on the board numbers", "Daniel Cho, manager"),
        ("'Clearest dashboard we have' in the sales channel", "Priya Shah, Head of Sales"),
        ("Kudos in stand-up for catching the duplicate orders", "Tom Reyes, Ops lead"),
        ("Shout-out in the team retro for the data dictionary", "Lena Brandt, PM"),
    ),
    M: (
        ("Added to the weekly pricing sync", "Priya Shah, Head of Sales"),
        ("Invited to the quarterly business review prep", "Daniel Cho, manager"),
        ("Pulled into the experiment design review", "Lena Brandt, PM"),
    ),
    N: (
        ("Named in the leadership update as owner of the churn analysis", "Daniel Cho, manager"),
        ("My Tuesday insight quoted in the sales kickoff deck", "Priya Shah, Head of Sales"),
        ("Linked my summary in the ops planning doc", "Tom Reyes, Ops lead"),
        ("Mentioned as the go-to for cohort questions", "Lena Brandt, PM"),
    ),
    A: (
        ("Asked to own the monthly retention report", "Daniel Cho, manager"),
        ("Given the lead on the pricing A/B readout", "Priya Shah, Head of Sales"),
    ),
}


@dataclass(frozen=True)
class Ask:
    """A feedback request: asked `ago` days back, answered `after` days later (None: open)."""

    ago: int
    whom: str
    about: str
    question: str
    after: int | None
    rating: int
    answer: str


ASKS = (
    Ask(
        80,
        "Daniel Cho",
        "Weekly summary email",
        "Was the five-line summary I sent on Friday enough to brief your directors?",
        3,
        4,
        "Enough for the directors; add the one risk you see coming.",
    ),
    Ask(
        66,
        "Priya Shah",
        "Pricing dashboard",
        "Did the new filter on the pricing dashboard save your team time this week?",
        2,
        5,
        "Yes, the region filter cut our Monday prep to ten minutes.",
    ),
    Ask(
        52,
        "Lena Brandt",
        "Cohort analysis readout",
        "Was the cohort chart in my readout clear without me explaining it?",
        4,
        3,
        "Mostly; the y-axis label confused two people.",
    ),
    Ask(
        38,
        "Tom Reyes",
        "Duplicate-order check",
        "Would a daily alert on duplicate orders be more useful than the weekly report?",
        1,
        4,
        "Daily, but only above 20 duplicates, or we will ignore it.",
    ),
    Ask(
        27,
        "Daniel Cho",
        "Tuesday insight posts",
        "Are my Tuesday insight posts the right length for the leadership channel?",
        2,
        5,
        "Right length; the single number up front is what people quote.",
    ),
    Ask(
        15,
        "Priya Shah",
        "Forecast workshop slides",
        "Did my forecast slide answer the question the regional leads came with?",
        5,
        4,
        "It did; next time show last year's miss next to it.",
    ),
    Ask(
        4,
        "Lena Brandt",
        "Experiment design review",
        "Was my power estimate for the onboarding test convincing enough to approve it?",
        None,
        0,
        "",
    ),
    Ask(
        1,
        "Tom Reyes",
        "Ops planning doc section",
        "Is the capacity section I wrote easy to update without asking me?",
        None,
        0,
        "",
    ),
)

PICKS = (  # key, picked days ago, ticks per week (the Tuesday insight: every Tuesday)
    ("prep-one-question", 80, 2),
    ("read-one-postmortem", 70, 1),
    ("thank-you-note", 60, 1),
    ("tuesday-insight", 35, 1),
)


def build_evidence_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Fill the demo; returns a short phrase for the summary ('' when nothing)."""
    rng = random.Random(seed * 31 + 4)
    count = _signals(ctx, rng, earliest=start)
    asked = _feedback(ctx)
    _experiments(ctx)
    _picks(ctx, rng)
    total = count + sum(1 for ask in ASKS if ask.after is not None)
    return f"{total} signals, {asked} feedback requests, 2 experiments, {len(PICKS)} micro-actions"


def _signals(ctx: Context, rng: random.Random, *, earliest: date) -> int:
    count = 0
    for first, last, kinds in STRETCHES:
        days = [ctx.today - timedelta(days=ago) for ago in range(first, last - 1, -1)]
        days = [day for day in days if day >= earliest] or days
        for kind, how_many in kinds.items():
            for day in sorted(rng.choice(days) for _ in range(how_many)):
                note, source = rng.choice(NOTES[kind])
                signal_in = SignalCreate(kind=kind, note=note, source=source, occurred_on=day)
                signals.add_signal(ctx, signal_in)
                count += 1
    return count


def _feedback(ctx: Context) -> int:
    for ask in ASKS:
        asked_on = ctx.today - timedelta(days=ask.ago)
        request_in = FeedbackCreate(
            question=ask.question, asked_whom=ask.whom, about=ask.about, asked_on=asked_on
        )
        row = feedback.ask_feedback(ctx, request_in)
        if ask.after is not None:
            answered_on = min(ctx.today, asked_on + timedelta(days=ask.after))
            answer_in = FeedbackAnswer(
                rating=ask.rating, answer=ask.answer, answered_on=answered_on
            )
            feedback.answer_feedback(ctx, row.id, answer_in)
    return len(ASKS)


def _experiments(ctx: Context) -> None:
    earlier = experiments.start_experiment(
        ctx,
        ExperimentCreate(
            tactic="Volunteer for a 3-minute slot at the Thursday demo",
            hypothesis="Showing work live brings praise and gets me into more meetings.",
            track=[P, M],
            weeks=3,
            starts_on=ctx.today - timedelta(days=63),
            action_key="volunteer-demo-slot",
        ),
    )
    conclusion = (
        "About as many meeting invites and as much praise as before: the demos were pleasant "
        "but too rare to change how people see me. Trying a weekly written insight next."
    )
    experiments.stop_experiment(ctx, earlier.id, ExperimentStop(conclusion=conclusion))
    experiments.start_experiment(
        ctx,
        ExperimentCreate(
            tactic="Share a 3-bullet insight in the team channel every Tuesday",
            hypothesis="A regular, quotable insight makes people think of me when they plan, "
            "so invitations and mentions go up.",
            track=[INV, N],
            weeks=6,
            starts_on=ctx.today - timedelta(days=35),
            action_key="tuesday-insight",
        ),
    )


def _picks(ctx: Context, rng: random.Random) -> None:
    for key, ago, per_week in PICKS:
        picked_on = ctx.today - timedelta(days=ago)
        actions.pick_action(replace(ctx, today=picked_on), key)
        for day in _tick_days(
            picked_on, ctx.today, per_week, rng, tuesdays=key == "tuesday-insight"
        ):
            actions.tick_action(ctx, key, ActionTickCreate(done_on=day))


def _tick_days(
    first: date, today: date, per_week: int, rng: random.Random, *, tuesdays: bool
) -> list[date]:
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    if tuesdays:
        return [day for day in days if day.weekday() == 1]
    weeks: dict[date, list[date]] = {}
    for day in days:
        weeks.setdefault(week_start(day), []).append(day)
    chosen: list[date] = []
    for index, week_days in enumerate(weeks.values()):
        skip = rng.random() < 0.15 and index != len(weeks) - 1  # a missed week, now and then
        if not skip:
            chosen += rng.sample(week_days, min(per_week, len(week_days)))
    return sorted(chosen)
