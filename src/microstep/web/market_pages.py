"""The /market page: what imported postings ask for, O*NET's flags, what to learn next, import.

The chart geometry lives here (presentation only; the numbers come from services.market). The
SVGs have no viewBox, like the evidence charts: x is a percentage of the card's width and y is
in pixels, so the labels keep the page's text size at 375 px as at 1280 px.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from microstep.core.dates import day_label, parse_day
from microstep.core.market import TREND_RULE, Trend
from microstep.core.postings import MAX_POSTINGS, MAX_TEXT
from microstep.core.text import plural
from microstep.documents.charts import CHART_HEIGHT, TOP, week_chart
from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import market
from microstep.services.context import Context
from microstep.services.market_schemas import MarketPublic, PostingImportPublic
from microstep.web.deps import CtxDep, IdPath
from microstep.web.market_api import read_upload
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)

PENDING = "market_form"  # the import form's error and typed day, kept across the redirect
RECENT = 8
BARS = 12
BAR_ROW = 38  # pixels per skill: its label line and its bar
BAR_Y = 20  # the bar's top within the row, under the label
BAR_HEIGHT = 11
BAR_SPAN = 72.0  # percent of the width the most named skill's bar takes; the rest holds counts
LINES = 3  # skills drawn as lines on the monthly chart
MARKS = {Trend.RISING: "▲", Trend.FALLING: "▼"}


# ---------------------------------------------------------------- chart geometry


@dataclass(frozen=True)
class DemandBar:
    """One skill's bar: how many postings name it, drawn against the most named."""

    label: str
    y: int
    width: float
    count: str
    relation: str
    trend: str
    mark: str
    title: str


@dataclass(frozen=True)
class DemandChart:
    """The most named skills as horizontal bars, most named first."""

    bars: list[DemandBar]
    height: int
    bar_y: int
    bar_height: int


def demand_chart(view: MarketPublic, limit: int = BARS) -> DemandChart:
    """Bars scaled so the most named skill spans BAR_SPAN percent."""
    skills = view.skills[:limit]
    most = max((s.count for s in skills), default=0) or 1
    bars = [
        DemandBar(
            label=skill.label,
            y=index * BAR_ROW,
            width=round(max(0.6, BAR_SPAN * skill.count / most), 2),
            count=f"{skill.count} · {skill.share:.0%}",
            relation=skill.relation or "other",
            trend=skill.trend.name.lower(),
            mark=MARKS.get(skill.trend, ""),
            title=f"{skill.label}: named in {skill.count} of {view.postings} postings "
            f"({skill.share:.0%}), {skill.trend.value}"
            + (f", {skill.relation} for the role" if skill.relation else ""),
        )
        for index, skill in enumerate(skills)
    ]
    return DemandChart(bars, len(bars) * BAR_ROW, BAR_Y, BAR_HEIGHT)


@dataclass(frozen=True)
class MonthColumn:
    """One month's column of all postings, x in percent."""

    x: float
    width: float
    y: float
    height: float
    postings: int
    label: str
    title: str


@dataclass(frozen=True)
class Segment:
    """A piece of a skill's line between two months, x in percent."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Dot:
    """A skill's count in one month."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class SkillLine:
    """One skill's postings per month, on the same scale as the columns."""

    label: str
    segments: list[Segment]
    dots: list[Dot]
    index: int


@dataclass(frozen=True)
class MonthChart:
    """Postings per month as columns, the top skills' counts as lines over them."""

    columns: list[MonthColumn]
    lines: list[SkillLine]
    height: int
    baseline: int


def month_chart(view: MarketPublic, lines: int = LINES) -> MonthChart:
    """Columns from the shared weekly-chart geometry (months instead of weeks), lines on top."""
    series = [(m.month, m.postings) for m in view.months]
    base = week_chart("Postings per month", "postings", series)
    best = base.best or 1
    columns = [
        MonthColumn(
            x=_percent(c.x, base.width),
            width=_percent(c.width, base.width),
            y=round(c.y, 1),
            height=round(c.height, 1),
            postings=c.value,
            label=f"{c.week:%b}",
            title=f"{c.week:%B %Y}: {plural(c.value, 'posting')}",
        )
        for c in base.columns
    ]
    centres = [round(c.x + c.width / 2, 2) for c in columns]

    def y_of(value: int) -> float:
        return round(CHART_HEIGHT - (CHART_HEIGHT - TOP) * value / best, 1)

    drawn = []
    for index, skill in enumerate(view.skills[:lines]):
        counts = zip(centres, skill.months, view.months, strict=True)
        points = [(x, y_of(v), v, m.month) for x, v, m in counts]
        segments = [Segment(a[0], a[1], b[0], b[1]) for a, b in pairwise(points)]
        dots = [Dot(x, y, f"{skill.label}, {month:%B %Y}: {v}") for x, y, v, month in points]
        drawn.append(SkillLine(skill.label, segments, dots, index + 1))
    return MonthChart(columns, drawn, int(base.height), int(base.baseline))


def _percent(value: float, width: float) -> float:
    return round(100 * value / width, 2)


# ---------------------------------------------------------------- routes


@router.get("/market")
def market_page(request: Request, ctx: CtxDep) -> Response:
    """What the imported postings ask for, O*NET's flags for the role, and what to learn next."""
    kept = request.session.pop(PENDING, None)
    pending = kept if isinstance(kept, dict) else {}
    return render(request, "market.html", _context(ctx, pending))


@router.post("/market/import")
def import_file(
    request: Request,
    ctx: CtxDep,
    file: Annotated[UploadFile | None, File()] = None,
    day: Annotated[str, Form(alias="date")] = "",
) -> Response:
    """Import an uploaded file of postings; a bad file comes back as one sentence, nothing saved."""
    try:
        if file is None or not file.filename:
            raise InvalidInput("Choose a file of job postings first.", field="file")
        data = read_upload(file)
        default = _day(day, ctx.today)
        summary = market.import_postings(ctx, data, name=file.filename, default_date=default)
    except (InvalidInput, Conflict) as exc:
        return _back_with_error(request, exc, day)
    flash(request, imported_message(summary))
    return redirect("/market")


@router.post("/market/postings/{posting_id}/delete")
def delete_posting(request: Request, ctx: CtxDep, posting_id: IdPath) -> Response:
    """Delete one imported posting."""
    market.delete_postings(ctx, posting_id)
    flash(request, "Deleted the posting and the skills found in it.")
    return redirect("/market#postings")


@router.post("/market/clear")
def clear_postings(request: Request, ctx: CtxDep) -> Response:
    """Delete every imported posting."""
    deleted = market.delete_postings(ctx).deleted
    flash(request, f"Deleted {plural(deleted, 'posting')}.")
    return redirect("/market")


def imported_message(summary: PostingImportPublic) -> str:
    """What an import did, in a sentence or two."""
    if not summary.postings:
        return (
            f"Nothing new in {summary.name}: its {plural(summary.duplicates, 'posting')} were "
            "imported before."
        )
    text = (
        f"Imported {plural(summary.postings, 'posting')} from {summary.name}: "
        f"{plural(summary.skills, 'ESCO skill')} found"
    )
    if summary.top:
        text += f", named most: {', '.join(summary.top[:3])}"
    if summary.duplicates:
        text += f"; skipped {plural(summary.duplicates, 'posting')} imported before"
    return text + "."


def _day(text: str, today: date) -> date | None:
    return parse_day(text, today=today, field="date", past=True) if text.strip() else None


def _back_with_error(request: Request, error: MicrostepError, day: str) -> Response:
    """Back to /market (never a POST-only address) with the sentence by the form."""
    request.session[PENDING] = {"message": error.message, "field": error.field, "date": day[:40]}
    return redirect("/market#import")


def _context(ctx: Context, pending: dict[str, Any]) -> dict[str, Any]:
    view = market.market_view(ctx)
    return {
        "view": view,
        "ranked": market.learn_next(ctx),
        "postings": market.list_postings(ctx, limit=RECENT),
        "demand_chart": demand_chart(view),
        "month_chart": month_chart(view),
        "error": pending.get("message"),
        "error_field": pending.get("field"),
        "typed_date": pending.get("date", ""),
        "trend_rule": TREND_RULE,
        "limits": {"postings": f"{MAX_POSTINGS:,}", "chars": f"{MAX_TEXT:,}"},
        "day": lambda d: day_label(d, today=ctx.today),
        "month_day": lambda d: day_label(d, weekday=False, today=ctx.today),
    }
