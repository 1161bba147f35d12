"""HTML pages of the portfolio (achievements, suggestions, exports, the update) and /data."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from microstep.core.dates import parse_day
from microstep.core.portfolio import SourceKind
from microstep.errors import Conflict, InvalidInput, MicrostepError, NotFound
from microstep.services import people, portfolio, transfer
from microstep.services.context import Context
from microstep.services.portfolio import DocumentFormat
from microstep.services.portfolio_schemas import (
    AchievementCreate,
    AchievementUpdate,
    SuggestionPick,
    UpdatePublic,
)
from microstep.web import forms
from microstep.web.deps import CtxDep, DbDep, IdPath, SettingsDep
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)
FormErrors = (InvalidInput, Conflict)
MAX_UPLOAD = 64 * 1024 * 1024


class AchievementForm(forms.Form):
    """The add-achievement and edit-achievement forms."""

    title: str = ""
    metric: str = ""
    narrative: str = ""
    achieved_on: str = ""


class PickForm(forms.Form):
    """The Add button of a suggestion."""

    source: str = ""
    source_id: str = ""


def _period(ctx: Context, since: str, until: str) -> tuple[date | None, date | None]:
    return (
        forms.day(since, field="since", today=ctx.today),
        forms.day(until, field="until", today=ctx.today),
    )


def _update(ctx: Context, since: str, until: str) -> tuple[UpdatePublic | None, str | None]:
    try:
        return portfolio.stakeholder_update(ctx, *_period(ctx, since, until)), None
    except InvalidInput as exc:
        return None, exc.message


def _page(
    request: Request,
    ctx: Context,
    *,
    form: AchievementForm | None = None,
    error: MicrostepError | None = None,
    since: str = "",
    until: str = "",
) -> Response:
    update, update_error = _update(ctx, since, until)
    context: dict[str, Any] = {
        "achievements": portfolio.list_achievements(ctx),
        "suggestions": portfolio.suggestion_shortlist(ctx),
        "form": form or AchievementForm(),
        "error": error,
        "update": update,
        "update_error": update_error,
        "since": since,
        "until": until,
        "today": ctx.today,
    }
    return render(request, "portfolio.html", context, status=200 if error is None else error.status)


@router.get("/portfolio")
def portfolio_page(request: Request, ctx: CtxDep, since: str = "", until: str = "") -> Response:
    """Achievements, suggestions with Add buttons, the add form, exports and the update."""
    return _page(request, ctx, since=since, until=until)


@router.get("/portfolio/update")
def update_fragment(request: Request, ctx: CtxDep, since: str = "", until: str = "") -> Response:
    """The 3-bullet update for a period, as the fragment the form swaps in."""
    update, update_error = _update(ctx, since, until)
    context = {"update": update, "update_error": update_error}
    return render(request, "_portfolio_update.html", context)


@router.post("/portfolio")
def add_achievement(
    request: Request, ctx: CtxDep, form: Annotated[AchievementForm, Form()]
) -> Response:
    """Add an achievement typed by hand; a broken rule comes back inline with the values kept."""
    try:
        row = portfolio.add_achievement(ctx, _create(ctx, form))
    except FormErrors as exc:
        return _page(request, ctx, form=form, error=exc)
    flash(request, f"Added to your portfolio: {row.title}.")
    return redirect("/portfolio")


def _create(ctx: Context, form: AchievementForm) -> AchievementCreate:
    return forms.build(
        AchievementCreate,
        title=form.title,
        metric=forms.blank(form.metric),
        narrative=forms.blank(form.narrative),
        achieved_on=_day(ctx, form.achieved_on),
    )


def _day(ctx: Context, text: str) -> date | None:
    if not text.strip():
        return None
    return parse_day(text, today=ctx.today, field="achieved_on", past=True)


@router.post("/portfolio/suggestions")
def add_suggested(request: Request, ctx: CtxDep, form: Annotated[PickForm, Form()]) -> Response:
    """Add a suggested achievement."""
    source = forms.choice(form.source, options=SourceKind, field="source")
    source_id = forms.whole(form.source_id, field="source_id", label="number") or 0
    pick = forms.build(SuggestionPick, source=source, source_id=source_id)
    row = portfolio.add_suggested(ctx, pick)
    flash(request, f"Added to your portfolio: {row.title}.")
    return redirect("/portfolio")


@router.post("/portfolio/{achievement_id}/edit")
def edit_achievement(
    request: Request, ctx: CtxDep, achievement_id: IdPath, form: Annotated[AchievementForm, Form()]
) -> Response:
    """Save an edited achievement."""
    fields: dict[str, Any] = {
        "title": form.title,
        "metric": forms.blank(form.metric),
        "narrative": forms.blank(form.narrative),
    }
    if form.achieved_on.strip():
        fields["achieved_on"] = _day(ctx, form.achieved_on)
    update = forms.build(AchievementUpdate, **fields)
    row = portfolio.edit_achievement(ctx, achievement_id, update)
    flash(request, f"Saved: {row.title}.")
    return redirect("/portfolio")


@router.post("/portfolio/{achievement_id}/delete")
def delete_achievement(request: Request, ctx: CtxDep, achievement_id: IdPath) -> Response:
    """Remove an achievement."""
    row = portfolio.delete_achievement(ctx, achievement_id)
    flash(request, f"Removed from your portfolio: {row.title}.")
    return redirect("/portfolio")


def _download(data: bytes, fmt: str, name: str) -> Response:
    media = {
        "md": "text/markdown; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "pdf": "application/pdf",
        "json": "application/json",
    }[fmt]
    headers = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(data, media_type=media, headers=headers)


def _export(ctx: Context, fmt: DocumentFormat, since: str) -> Response:
    day = forms.day(since, field="since", today=ctx.today)
    data = portfolio.export_portfolio(ctx, fmt, day)
    return _download(data, fmt.value, f"portfolio-{ctx.today.isoformat()}")


@router.get("/portfolio/export.md")
def export_markdown(ctx: CtxDep, since: str = "") -> Response:
    """Download the portfolio as Markdown."""
    return _export(ctx, DocumentFormat.MD, since)


@router.get("/portfolio/export.html")
def export_html(ctx: CtxDep, since: str = "") -> Response:
    """Download the portfolio as one standalone HTML file."""
    return _export(ctx, DocumentFormat.HTML, since)


@router.get("/portfolio/export.pdf")
def export_pdf(ctx: CtxDep, since: str = "") -> Response:
    """Download the portfolio as a PDF with its charts."""
    return _export(ctx, DocumentFormat.PDF, since)


@router.get("/data")
def data_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    """Download all your data, or import a file into an empty database."""
    if settings.team:
        return redirect("/data/export.json")  # team mode: your own export; no import
    return render(request, "data.html", {"set_up": people.is_set_up(db)})


@router.get("/data/export.json")
def export_json(ctx: CtxDep) -> Response:
    """Download all of your data as versioned JSON."""
    return _download(transfer.export_json(ctx), "json", f"microstep-{ctx.today.isoformat()}")


@router.post("/data/import")
async def import_file(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import a file written by `microstep export` into this (empty) database."""
    if settings.team:
        raise NotFound("Importing a personal file works in personal mode only.")
    raw = await file.read(MAX_UPLOAD + 1) if file is not None else b""
    try:
        if not raw:
            raise InvalidInput("Choose a file written by `microstep export` first.", field="file")
        if len(raw) > MAX_UPLOAD:
            raise InvalidInput("This file is over 64 MB: import it with `microstep import`.")
        result = transfer.import_data(db, raw)
    except FormErrors as exc:
        context = {"set_up": people.is_set_up(db), "error": exc}
        return render(request, "data.html", context, status=exc.status)
    flash(request, f"Imported {result.person}: {result.rows} rows.")
    return redirect("/")
