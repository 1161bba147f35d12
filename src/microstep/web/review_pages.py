"""HTML pages of the weekly review: the week, its signals chart, wins, pitfalls and the prompts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from microstep.core.dates import day_label
from microstep.core.weeks import local_day
from microstep.errors import InvalidInput
from microstep.services import review
from microstep.services.context import Context
from microstep.services.review_schemas import ReviewPublic, ReviewUpdate, SignalCountPublic
from microstep.web.deps import CtxDep
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)


class ReviewForm(BaseModel):
    """The prompts as submitted; fields the page does not know are ignored.

    The page sends every prompt prefilled with its saved text, so what arrives is what to save:
    an emptied box clears that answer. (Forms send an emptied box as an empty value, which
    arrives here as the default, so the default is empty too.)"""

    model_config = ConfigDict(extra="ignore")

    what_worked: str = ""
    to_adjust: str = ""
    lessons: str = ""
    wins: str = ""

    def texts(self) -> ReviewUpdate:
        """The reflections as submitted."""
        return ReviewUpdate(
            what_worked=self.what_worked,
            to_adjust=self.to_adjust,
            lessons=self.lessons,
            wins=self.wins,
        )


@dataclass(frozen=True)
class SignalRow:
    """One kind in the chart: bar lengths (percent of the plot) for this week and the average."""

    label: str
    week_percent: float
    average_percent: float
    title: str
    item: SignalCountPublic


@dataclass(frozen=True)
class SignalChart:
    """Signals this week against the 4-week weekly average, one row per kind.

    The labels and figures are HTML; only the bars are drawn, in a fixed-height SVG per row, so
    the text reads the same at any width."""

    rows: list[SignalRow]
    scale_max: float
    total: int


def signal_chart(items: Sequence[SignalCountPublic]) -> SignalChart:
    """Bars scaled to the largest count or average (at least 1, so zeros stay flat)."""
    top = max([1.0, *(float(i.this_week) for i in items), *(i.average for i in items)])
    rows = [
        SignalRow(
            label=item.kind.replace("_", " "),
            week_percent=round(100 * item.this_week / top, 2),
            average_percent=round(100 * item.average / top, 2),
            title=f"{item.kind.replace('_', ' ')}: {item.this_week} this week, "
            f"{item.average:g} a week on average over the 4 weeks before",
            item=item,
        )
        for item in items
    ]
    return SignalChart(rows, top, sum(item.this_week for item in items))


@router.get("/review")
def this_week_page(request: Request, ctx: CtxDep) -> Response:
    """This week's review."""
    return _page(request, ctx, review.weekly_review(ctx))


@router.get("/review/{week}")
def week_page(request: Request, ctx: CtxDep, week: str) -> Response:
    """A week's review: figures, the signals chart, wins, pitfalls and the prompts."""
    return _page(request, ctx, review.weekly_review(ctx, week))


@router.post("/review/{week}")
def save_week(
    request: Request, ctx: CtxDep, week: str, form: Annotated[ReviewForm, Form()]
) -> Response:
    """Save the prompts; a refused text comes back inline with everything typed kept."""
    try:
        saved = review.save_review(ctx, week, form.texts())
    except InvalidInput as exc:
        result = review.weekly_review(ctx, week)
        return _page(request, ctx, result, form=form, error=exc, status=exc.status)
    # One message, so the lesson's fate is read with the save (a kept, edited lesson warns).
    kind = "warn" if saved.lesson_outcome == "kept" else "ok"
    flash(request, f"Review for {saved.week} saved. {saved.lesson_note}", kind)
    return redirect(f"/review/{saved.week}")


def _form_of(result: ReviewPublic) -> ReviewForm:
    """The prompts prefilled with the saved texts, so saving again keeps them."""
    saved = result.saved
    if saved is None:
        return ReviewForm()
    return ReviewForm(
        what_worked=saved.what_worked or "",
        to_adjust=saved.to_adjust or "",
        lessons=saved.lessons or "",
        wins=saved.wins or "",
    )


def _page(
    request: Request,
    ctx: Context,
    result: ReviewPublic,
    *,
    form: ReviewForm | None = None,
    error: InvalidInput | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "result": result,
        "summary": result.summary,
        "chart": signal_chart(result.summary.signals),
        "form": form or _form_of(result),
        "error": error,
        "today": ctx.today,
        "day": partial(day_label, year=False),
        "saved_on": None if result.saved is None else local_day(result.saved.updated_at),
    }
    return render(request, "review.html", context, status=status)
