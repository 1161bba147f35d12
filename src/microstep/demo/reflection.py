"""Demo history of check-ins (a fortnightly mentor, a monthly manager) and lessons learned."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from microstep.core.evidence import CheckInWith
from microstep.services import checkins, lessons
from microstep.services.context import Context
from microstep.services.reflection_schemas import CheckInCreate, LessonCreate, MeetingCreate

MENTOR_NOTES = (
    "Priya suggested opening the churn deck with the one number that moved. Try it Thursday.",
    "Talked about saying no to ad-hoc requests: route them through the weekly intake instead.",
    "Walked through my window-function rewrite; she asked for a before/after runtime table.",
    "Plateau on filler words: record one practice answer a day and listen back at 1.5x.",
    "Agreed I present the retention deep-dive to the product leads next month.",
    "She offered an intro to the analytics lead in Berlin for the dbt migration.",
    "Reviewed the experiment on weekly summaries: keep it two more weeks before deciding.",
)
MANAGER_NOTES = (
    "Daniel wants the KPI chart in the monthly review; I own the data checks from now on.",
    "Discussed the senior analyst criteria: leading one analysis end to end is the gap.",
    "Agreed on a stretch task: run the Q1 forecasting workshop with the finance team.",
)
LESSONS = (
    (
        "Send the deck a day early",
        "Quarterly review with the sales leads.",
        "Questions arrived by mail before the meeting, so the hour went on decisions.",
        "I still walked through every slide out of habit.",
        "Share a one-page summary with the deck and skip the slides nobody asked about.",
        "presenting, stakeholders",
    ),
    (
        "Check row counts after every join",
        "The churn report doubled customers after a schema change.",
        "A COUNT(*) before and after each join caught it in minutes.",
        "I trusted the old query because it had worked for a year.",
        "Keep a row-count assertion at the top of every report query.",
        "sql, quality",
    ),
    (
        "Lead with the number that moved",
        "Presenting the retention analysis to product.",
        "Opening with '4-week retention up 3 points' got attention at once.",
        "The methodology slide lost half the room.",
        "Put the method in the appendix and offer it when asked.",
        "presenting",
    ),
    (
        "Ask what decision the analysis feeds",
        "An ad-hoc request for 'all the funnel data'.",
        "One question narrowed it to a single chart the PM needed by Friday.",
        "I started pulling data before asking.",
        "Ask 'what will you decide with this?' before writing any query.",
        "stakeholders, scoping",
    ),
    (
        "Window functions beat self-joins for running totals",
        "Rewriting the monthly revenue report.",
        "SUM() OVER (ORDER BY month) cut the query from 90 s to 8 s.",
        "I forgot PARTITION BY on the first try and mixed regions.",
        "Write the PARTITION BY first, then the ORDER BY.",
        "sql, performance",
    ),
    (
        "Pause before answering a hard question",
        "The finance director challenged the forecast in the monthly review.",
        "Three seconds of silence and a short answer sounded confident.",
        "I filled the pause with 'um' the first time.",
        "Breathe, restate the question, then answer in one sentence.",
        "presenting, speaking",
    ),
    (
        "Weekly summaries get read when they are short",
        "Experiment: a Friday summary to the product lead.",
        "Three bullets (impact, progress, open question) got replies.",
        "The first long version got no answer at all.",
        "Keep it to three bullets and one chart.",
        "stakeholders, writing",
    ),
    (
        "Pair on dbt models before reviewing them",
        "First dbt model for the orders mart.",
        "Thirty minutes of pairing saved two review rounds.",
        "I wrote tests after the model instead of before.",
        "Write the schema tests first, then the model.",
        "dbt, sql",
    ),
    (
        "Label charts with the takeaway, not the metric",
        "The KPI chart redesign.",
        "A title saying 'Signups recovered in October' needed no explanation.",
        "Two colours too many made the legend unreadable.",
        "One highlight colour, everything else grey.",
        "visualisation, presenting",
    ),
    (
        "Book the follow-up before leaving the room",
        "Kick-off with the marketing analysts.",
        "Setting the next date in the meeting kept momentum.",
        "Action items without owners drifted for a week.",
        "End every meeting with owner, date and the next slot booked.",
        "stakeholders, meetings",
    ),
    (
        "Sample before you optimise",
        "A slow pandas cleaning script.",
        "Profiling showed one apply() took 80% of the time.",
        "I rewrote the wrong function first.",
        "Profile on a 1% sample before changing anything.",
        "python, performance",
    ),
    (
        "Say the trade-off out loud",
        "Choosing between a quick estimate and a full model for the forecast.",
        "Naming what each option costs made the choice the manager's, quickly.",
        "I had silently picked the full model and was late.",
        "Offer two options with their cost in days and let the owner choose.",
        "stakeholders, scoping",
    ),
)


def build_reflection_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Fill the demo; returns a short phrase for the summary ('' when nothing)."""
    rng = random.Random(seed * 31 + 5)
    zone = checkins.local_zone_name()
    mentor = _first_weekday(start, 3)  # Thursday
    manager = _first_weekday(start + timedelta(days=7), 1)  # Tuesday
    held = _checkin(
        ctx,
        "Priya Raman",
        CheckInWith.MENTOR,
        mentor,
        "15:00",
        "fortnightly",
        zone,
        MENTOR_NOTES,
        rng,
        most=6,
    )
    held += _checkin(
        ctx,
        "Daniel Cho",
        CheckInWith.SUPERVISOR,
        manager,
        "10:00",
        "monthly",
        zone,
        MANAGER_NOTES,
        rng,
        most=2,
        title="Monthly 1:1 with Daniel (manager)",
    )
    written = _lessons(ctx, start, rng)
    return f"2 check-ins, {held} meetings, {written} lessons"


def _first_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _checkin(
    ctx: Context,
    who: str,
    role: CheckInWith,
    first: date,
    clock: str,
    every: str,
    zone: str,
    notes: tuple[str, ...],
    rng: random.Random,
    *,
    most: int,
    title: str | None = None,
) -> int:
    """Add a check-in and hold its past meetings (one skipped now and then), newest notes last."""
    item = CheckInCreate(
        with_whom=who,
        with_role=role,
        first=f"{first.isoformat()} {clock}",
        every=every,
        timezone=zone,
        title=title,
        duration_minutes=30 if role is CheckInWith.MENTOR else 45,
    )
    row = checkins.add_checkin(replace(ctx, today=first - timedelta(days=3)), item)
    step = relativedelta(weeks=2) if every == "fortnightly" else relativedelta(months=1)
    days = [first + step * n for n in range(12)]
    past = [day for day in days if day < ctx.today]
    if len(past) > most:
        past.pop(rng.randrange(1, len(past)))  # one meeting moved or missed
    chosen = past[-most:]
    for index, day in enumerate(chosen):
        note = notes[index % len(notes)]
        checkins.hold_meeting(
            replace(ctx, today=day), row.id, MeetingCreate(held_on=day, notes=note)
        )
    return len(chosen)


def _lessons(ctx: Context, start: date, rng: random.Random) -> int:
    span = max((ctx.today - start).days - 2, len(LESSONS))
    offsets = sorted(rng.sample(range(1, span), len(LESSONS)))
    for offset, (title, context, worked, did_not, next_time, tags) in zip(
        offsets, LESSONS, strict=True
    ):
        day = start + timedelta(days=offset)
        lessons.add_lesson(
            replace(ctx, today=day),
            LessonCreate(
                title=title,
                context=context,
                worked=worked,
                did_not=did_not,
                next_time=next_time,
                tags=tags,
                learned_on=day,
            ),
        )
    return len(LESSONS)
