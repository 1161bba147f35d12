"""HTML pages for check-ins (agenda, meetings, the calendar feed) and lessons (live search)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from microstep.core.checkins import (
    DEFAULT_EVERY,
    DEFAULT_MINUTES,
    MAX_MINUTES,
    MIN_MINUTES,
)
from microstep.core.dates import day_label, parse_day
from microstep.core.evidence import CheckInWith
from microstep.core.lessons import MAX_QUERY
from microstep.core.text import is_digits
from microstep.errors import Conflict, InvalidInput, MicrostepError
from microstep.services import calendar, checkins, lessons
from microstep.services.checkins import local_zone_name
from microstep.services.context import Context
from microstep.services.reflection_schemas import (
    CheckInCreate,
    LessonCreate,
    LessonPublic,
    LessonUpdate,
    MeetingCreate,
)
from microstep.web import forms
from microstep.web.deps import CtxDep, DbDep, IdPath
from microstep.web.reflection_api import base_url
from microstep.web.render import flash, redirect, render

router = APIRouter(include_in_schema=False)

FormErrors = (InvalidInput, Conflict)
# Longer searches get the service's one sentence inline; this only stops absurd URLs.
LONG_QUERY = 50 * MAX_QUERY
CALENDAR = "text/calendar; charset=utf-8"
EVERY = (
    ("fortnightly", "Every two weeks"),
    ("weekly", "Every week"),
    ("monthly", "Every month"),
    ("once", "Once"),
)


class CheckInForm(BaseModel):
    """The add-check-in form, every field as typed."""

    model_config = ConfigDict(extra="ignore")

    with_whom: str = ""
    with_role: str = CheckInWith.MENTOR.value
    first: str = ""
    every: str = DEFAULT_EVERY
    rrule: str = ""
    duration_minutes: str = str(DEFAULT_MINUTES)
    title: str = ""
    timezone: str = ""


class MeetingForm(BaseModel):
    """The hold-a-meeting form."""

    model_config = ConfigDict(extra="ignore")

    held_on: str = ""
    notes: str = ""


class LessonForm(BaseModel):
    """The add and edit lesson form."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    context: str = ""
    worked: str = ""
    did_not: str = ""
    next_time: str = ""
    tags: str = ""
    learned_on: str = ""


# --- check-ins -------------------------------------------------------------------------------


@router.get("/checkins")
def checkins_page(request: Request, ctx: CtxDep) -> Response:
    """Check-ins with their next meeting and agenda, the add form and the calendar feed."""
    return _checkins(request, ctx, CheckInForm(timezone=local_zone_name()))


@router.post("/checkins")
def add_checkin(request: Request, ctx: CtxDep, form: Annotated[CheckInForm, Form()]) -> Response:
    """Add a check-in; bad input comes back inline with the values kept."""
    try:
        row = checkins.add_checkin(ctx, _checkin_create(form))
    except FormErrors as exc:
        return _checkins(request, ctx, form, error=exc)
    when = f" Next: {row.next_local}." if row.next_local else ""
    flash(request, f"Added: {row.title} ({row.recurrence}).{when}")
    return redirect(f"/checkins/{row.id}")


@router.get("/checkins/{checkin_id}")
def checkin_page(request: Request, ctx: CtxDep, checkin_id: IdPath) -> Response:
    """One check-in: the generated agenda, the hold-a-meeting form and the history."""
    return _checkin(request, ctx, checkin_id, MeetingForm())


@router.post("/checkins/{checkin_id}/hold")
def hold_meeting(
    request: Request, ctx: CtxDep, checkin_id: IdPath, form: Annotated[MeetingForm, Form()]
) -> Response:
    """Save a meeting with its agenda snapshot and notes."""
    try:
        held_on = checkins.parse_held_on(form.held_on, today=ctx.today)
        notes = forms.blank(form.notes)
        meeting = checkins.hold_meeting(
            ctx, checkin_id, MeetingCreate(held_on=held_on, notes=notes)
        )
    except FormErrors as exc:
        return _checkin(request, ctx, checkin_id, form, error=exc)
    flash(request, f"Saved the meeting of {day_label(meeting.held_on)}.")
    return redirect(f"/checkins/{checkin_id}")


@router.post("/checkins/{checkin_id}/stop")
def stop_checkin(request: Request, ctx: CtxDep, checkin_id: IdPath) -> Response:
    """Stop a check-in: it leaves the calendar, its history stays."""
    row = checkins.stop_checkin(ctx, checkin_id)
    flash(request, f"Stopped: {row.title}.")
    return redirect("/checkins")


@router.post("/checkins/feed")
def make_feed(request: Request, ctx: CtxDep, reset: Annotated[str, Form()] = "") -> Response:
    """Make the calendar feed URL, or replace it (the old one stops working)."""
    calendar.feed_url(ctx, base=base_url(request), reset=bool(reset))
    message = "New feed URL made: the old one no longer works." if reset else "Feed URL ready."
    flash(request, message)
    return redirect("/checkins#calendar")


@router.get("/calendar.ics")
def download_calendar(ctx: CtxDep) -> Response:
    """The calendar as an .ics file to import."""
    headers = {"Content-Disposition": 'attachment; filename="microstep.ics"'}
    return Response(calendar.export_calendar(ctx), media_type=CALENDAR, headers=headers)


@router.get("/calendar/{token}.ics")
def calendar_feed(db: DbDep, token: str) -> Response:
    """The subscribable feed (the secret URL is its only key); an unknown or replaced token is
    not found."""
    headers = {"Cache-Control": "no-store"}
    return Response(calendar.feed_document(db, token), media_type=CALENDAR, headers=headers)


def _checkin_create(form: CheckInForm) -> CheckInCreate:
    rule = forms.blank(form.rrule)
    return forms.build(
        CheckInCreate,
        with_whom=form.with_whom,
        with_role=_role(form.with_role),
        first=form.first,
        every=None if rule else (forms.blank(form.every) or DEFAULT_EVERY),
        rrule=rule,
        duration_minutes=_minutes(form.duration_minutes),
        title=forms.blank(form.title),
        timezone=forms.blank(form.timezone),
    )


def _role(text: str) -> CheckInWith:
    try:
        return CheckInWith(text.strip())
    except ValueError:
        roles = ", ".join(role.value for role in CheckInWith)
        raise InvalidInput(f"Pick who they are to you: {roles}.", field="with_role") from None


def _minutes(text: str) -> int:
    """How long the meeting lasts, 30 when left empty."""
    raw = text.strip()
    if not raw:
        return DEFAULT_MINUTES
    if not is_digits(raw) or not MIN_MINUTES <= int(raw) <= MAX_MINUTES:
        message = (
            f"Type how long the meeting lasts in minutes, from {MIN_MINUTES} to {MAX_MINUTES}, "
            "such as 30."
        )
        raise InvalidInput(message, field="duration_minutes")
    return int(raw)


def _checkins(
    request: Request, ctx: Context, form: CheckInForm, error: MicrostepError | None = None
) -> Response:
    context = {
        "items": checkins.list_checkins(ctx),
        "form": form,
        "error": error,
        "roles": [role.value for role in CheckInWith],
        "every_options": EVERY,
        "feed_url": calendar.current_feed_url(ctx, base=base_url(request)),
    }
    return render(request, "checkins.html", context, status=422 if error else 200)


def _checkin(
    request: Request,
    ctx: Context,
    checkin_id: int,
    form: MeetingForm,
    error: MicrostepError | None = None,
) -> Response:
    context = {
        "item": checkins.get_checkin(ctx, checkin_id),
        "agenda": checkins.agenda(ctx, checkin_id),
        "meetings": checkins.history(ctx, checkin_id),
        "form": form,
        "error": error,
        "today": ctx.today,
    }
    return render(request, "checkins_detail.html", context, status=422 if error else 200)


# --- lessons ---------------------------------------------------------------------------------


@router.get("/lessons")
def lessons_page(
    request: Request,
    ctx: CtxDep,
    q: Annotated[str, Query(max_length=LONG_QUERY)] = "",
    tag: Annotated[str, Query(max_length=LONG_QUERY)] = "",
) -> Response:
    """Lessons with live search, tag filters and the add form."""
    return _lessons(request, ctx, LessonForm(), q=q, tag=tag)


@router.get("/lessons/search")
def search_fragment(
    request: Request, ctx: CtxDep, q: Annotated[str, Query(max_length=LONG_QUERY)] = ""
) -> Response:
    """The results fragment the search box swaps in as you type."""
    return render(request, "_lesson_results.html", _results(ctx, q=q, tag=""))


@router.post("/lessons")
def add_lesson(request: Request, ctx: CtxDep, form: Annotated[LessonForm, Form()]) -> Response:
    """Save a lesson; bad input comes back inline with the values kept."""
    try:
        row = lessons.add_lesson(ctx, forms.build(LessonCreate, **_lesson_values(ctx, form)))
    except FormErrors as exc:
        return _lessons(request, ctx, form, error=exc)
    flash(request, f"Lesson saved: {row.title}.")
    return redirect("/lessons")


@router.get("/lessons/{lesson_id}")
def lesson_page(request: Request, ctx: CtxDep, lesson_id: IdPath) -> Response:
    """One lesson in full, with its edit form."""
    row = lessons.get_lesson(ctx, lesson_id)
    return _lesson(request, ctx, row, _lesson_form(row))


@router.post("/lessons/{lesson_id}/edit")
def edit_lesson(
    request: Request, ctx: CtxDep, lesson_id: IdPath, form: Annotated[LessonForm, Form()]
) -> Response:
    """Save the edited lesson; an emptied field is cleared."""
    row = lessons.get_lesson(ctx, lesson_id)
    try:
        update = forms.build(LessonUpdate, **_lesson_values(ctx, form))
        row = lessons.edit_lesson(ctx, lesson_id, update)
    except FormErrors as exc:
        return _lesson(request, ctx, row, form, error=exc)
    flash(request, "Lesson saved.")
    return redirect(f"/lessons/{row.id}")


@router.post("/lessons/{lesson_id}/delete")
def delete_lesson(request: Request, ctx: CtxDep, lesson_id: IdPath) -> Response:
    """Delete a lesson for good."""
    row = lessons.delete_lesson(ctx, lesson_id)
    flash(request, f"Deleted: {row.title}.")
    return redirect("/lessons")


def _lesson_values(ctx: Context, form: LessonForm) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": form.title,
        "context": form.context,
        "worked": form.worked,
        "did_not": form.did_not,
        "next_time": form.next_time,
        "tags": form.tags,
    }
    if form.learned_on.strip():
        values["learned_on"] = parse_day(
            form.learned_on, today=ctx.today, field="learned_on", past=True
        )
    return values


def _lesson_form(row: LessonPublic) -> LessonForm:
    return LessonForm(
        title=row.title,
        context=row.context or "",
        worked=row.worked or "",
        did_not=row.did_not or "",
        next_time=row.next_time or "",
        tags=", ".join(row.tags),
        learned_on=row.learned_on.isoformat(),
    )


def _results(ctx: Context, *, q: str, tag: str) -> dict[str, Any]:
    """Search hits when there is a query, else the (optionally tag-filtered) list."""
    if q.strip():
        try:
            return {"q": q, "hits": lessons.search_lessons(ctx, q), "search_error": None}
        except InvalidInput as exc:
            return {"q": q, "hits": [], "search_error": exc.message}
    try:
        rows = lessons.list_lessons(ctx, tag or None)
    except InvalidInput as exc:
        return {"q": "", "rows": [], "tag": tag, "search_error": exc.message}
    return {"q": "", "rows": rows, "tag": tag, "search_error": None}


def _lessons(
    request: Request,
    ctx: Context,
    form: LessonForm,
    *,
    q: str = "",
    tag: str = "",
    error: MicrostepError | None = None,
) -> Response:
    context = _results(ctx, q=q, tag=tag) | {
        "form": form,
        "error": error,
        "tags": lessons.tag_counts(ctx),
        "active_tag": tag,
        "today": ctx.today,
    }
    return render(request, "lessons.html", context, status=422 if error else 200)


def _lesson(
    request: Request,
    ctx: Context,
    row: LessonPublic,
    form: LessonForm,
    error: MicrostepError | None = None,
) -> Response:
    context = {"lesson": row, "form": form, "error": error, "today": ctx.today}
    return render(request, "lessons_detail.html", context, status=422 if error else 200)
