"""Demo history of weekly reviews: most of the last 12 weeks saved, a couple skipped."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from microstep.core.review import IsoWeek
from microstep.services import review
from microstep.services.context import Context
from microstep.services.review_schemas import ReviewUpdate

WORKED = (
    "Doing the SQL drill first thing, before opening email.",
    "Sending the Thursday summary the same afternoon, while it was fresh.",
    "Asking one specific question instead of 'any feedback?'",
    "Blocking two 45-minute focus slots for the dbt model.",
    "Rehearsing the chart story out loud twice with a timer.",
    "Pairing with the new analyst: explaining window functions made them click for me too.",
    "Keeping only three goals active; each got real attention.",
    "Five-minute practice right after stand-up, every day.",
    "Writing the takeaway line before building the chart.",
    "Booking the coffee chat during the meeting itself, not afterwards.",
)
ADJUST = (
    "Start the hardest goal on Monday, not Thursday.",
    "Cut the practice to 5 minutes on meeting-heavy days rather than skipping it.",
    "Ask Priya for feedback on the draft, not the final version.",
    "Split the dashboard goal: it was two goals pretending to be one.",
    "Stop picking up ad-hoc requests during my focus slot.",
    "Drop the reading goal; it keeps slipping and is not on the critical path.",
    "Log the session right after practising; I lost two to forgetting.",
    "Share one chart in the team channel instead of waiting for the review.",
    "Plan Friday's summary on Wednesday so it does not collide with the release.",
)
LESSONS = (
    "Short written summaries travel further than meetings.",
    "A goal with a date on Friday gets done on Friday; one 'this week' drifts.",
    "Feedback on a draft changes the work; feedback on the final only changes the mood.",
    "Practice sticks when it is tied to something I already do every day.",
    "Visible work needs a substance step behind it, or the next update is empty.",
    "When a goal stalls, the next step is too big, not me too slow.",
)
WINS = (
    "Product lead forwarded my summary to the leadership channel.",
    "First dbt model merged with tests.",
    "Churn query under 30 seconds.",
    "Presented the retention chart in 3 minutes flat.",
    "Two invitations to planning meetings.",
)
SKIPPED = 2  # weeks without a review: a holiday, a crunch


def build_reviews_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Save reviews for most finished weeks since `start`; returns e.g. '9 weekly reviews'."""
    rng = random.Random(seed * 31 + 4)
    first, this_week = IsoWeek.of(start + timedelta(days=7)), IsoWeek.of(ctx.today)
    weeks = [first.shifted(n) for n in range(12) if first.shifted(n) < this_week]
    if not weeks:
        return ""
    skipped = set(rng.sample(weeks[1:-1], min(SKIPPED, max(len(weeks) - 3, 0))))
    saved = 0
    for week in weeks:
        if week in skipped:
            continue
        texts = ReviewUpdate(
            what_worked=rng.choice(WORKED),
            to_adjust=rng.choice(ADJUST),
            lessons=rng.choice(LESSONS) if rng.random() < 0.5 else None,
            wins=rng.choice(WINS) if rng.random() < 0.4 else None,
        )
        review.save_review(replace(ctx, today=week.end), week.label, texts)
        saved += 1
    return f"{saved} weekly review{'' if saved == 1 else 's'}"
