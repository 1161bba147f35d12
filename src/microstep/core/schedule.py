"""Spaced practice with FSRS: the self-rating of each session moves the next due day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fsrs import Card, Rating, Scheduler, State

from microstep.core.practice import SelfRating
from microstep.core.weeks import local_day

# Practice, unlike flashcards, is a daily habit (seed 003): no interval grows past one day, so
# following `today` never breaks a streak. The rating still steers it: "again" sends the card
# to relearning and brings the micro-skill back ten minutes later, the same day; FSRS keeps
# tracking stability and difficulty, the memory the sessions are building.
SCHEDULER = Scheduler(
    desired_retention=0.95,
    learning_steps=(),
    relearning_steps=(timedelta(minutes=10),),
    maximum_interval=1,
    enable_fuzzing=False,
)
RATINGS = {
    SelfRating.AGAIN: Rating.Again,
    SelfRating.HARD: Rating.Hard,
    SelfRating.GOOD: Rating.Good,
    SelfRating.EASY: Rating.Easy,
}


@dataclass(frozen=True)
class Schedule:
    """The scheduler's memory of one micro-skill."""

    due: datetime
    stability: float | None = None
    difficulty: float | None = None
    state: int = State.Learning.value
    step: int | None = None
    last_review: datetime | None = None


def session_moment(day: date, *, today: date, now: datetime) -> datetime:
    """When a session counts: now for today's, local noon of its day for a back-dated one."""
    return now if day == today else datetime.combine(day, time(12)).astimezone(UTC)


def review(schedule: Schedule | None, rating: SelfRating, at: datetime) -> Schedule:
    """The schedule after a session rated `rating` at `at`.

    A session older than the last review joins the journal but does not rewind the schedule.
    """
    if schedule is not None and schedule.last_review is not None and at < schedule.last_review:
        return schedule
    card = _card(schedule, at)
    reviewed, _log = SCHEDULER.review_card(card, RATINGS[rating], at)
    return Schedule(
        due=reviewed.due,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        state=reviewed.state.value,
        step=reviewed.step,
        last_review=reviewed.last_review,
    )


def _card(schedule: Schedule | None, at: datetime) -> Card:
    if schedule is None:
        return Card(card_id=1, due=at)
    return Card(
        card_id=1,
        state=State(schedule.state),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )


def due_day(schedule: Schedule | None, *, today: date, since: date | None = None) -> date:
    """The day practice is due; never practised, it has been due since it started."""
    if schedule is None:
        return min(since or today, today)
    return local_day(schedule.due)
