"""The weekly review in the JSON API: the same service functions as `microstep review`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from microstep.services import review
from microstep.services.review_schemas import ReviewListItem, ReviewPublic, ReviewUpdate
from microstep.web.deps import CtxDep
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/reviews", responses=ERROR_RESPONSES, tags=["reviews"])

WeekPath = Annotated[
    str,
    Path(
        max_length=40,
        description="An ISO week such as 2026-W47, or a date inside it (2026-11-18, today).",
        examples=["2026-W47"],
    ),
]


@router.get("")
def list_reviews(ctx: CtxDep) -> list[ReviewListItem]:
    """The saved weekly reviews, newest week first."""
    return review.list_reviews(ctx)


@router.get("/{week}")
def get_review(ctx: CtxDep, week: WeekPath) -> ReviewPublic:
    """A week's computed summary, wins, pitfalls with evidence, and the saved reflections."""
    return review.weekly_review(ctx, week)


@router.put("/{week}")
def save_review(ctx: CtxDep, week: WeekPath, texts: ReviewUpdate) -> ReviewPublic:
    """Save a week's reflections (fields left out keep their text) and a snapshot of figures."""
    return review.save_review(ctx, week, texts)
