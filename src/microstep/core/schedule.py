"""Spaced practice with FSRS: the self-rating of each session moves the next due day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fsrs import Card, Rating, Scheduler, State

from microstep.core.practice import SelfRating

# Practice, unlike flashcards, is a daily habit: intervals stay within three days, and a high
# retention target with no learning steps keeps them short, in whole days.
SCHEDULER = Scheduler(
    desired_retention=0.95,
    learning_steps=(),
    relearning_steps=(),
    maximum_interval=3,
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
    last_review: datetime | None = None


def review(schedule: Schedule | None, rating: SelfRating, at: datetime) -> Schedule:
    """The schedule after a session rated `rating` at `at`."""
    card = _card(schedule, at)
    reviewed, _log = SCHEDULER.review_card(card, RATINGS[rating], at)
    return Schedule(
        due=reviewed.due,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        state=reviewed.state.value,
        last_review=reviewed.last_review,
    )


def _card(schedule: Schedule | None, at: datetime) -> Card:
    if schedule is None:
        return Card(card_id=1, due=at)
    return Card(
        card_id=1,
        state=State(schedule.state),
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=schedule.due,
        last_review=schedule.last_review,
    )


def due_day(schedule: Schedule | None, *, today: date) -> date:
    """The day practice is due: today for a micro-skill never practised."""
    return today if schedule is None else schedule.due.astimezone().date()
