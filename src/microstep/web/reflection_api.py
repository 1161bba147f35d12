"""The JSON API of check-ins, the calendar feed and lessons: the same services as the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from microstep.services import calendar, checkins, lessons
from microstep.services.reflection_schemas import (
    AgendaPublic,
    CheckInCreate,
    CheckInPublic,
    FeedPublic,
    LessonCreate,
    LessonHitPublic,
    LessonPublic,
    LessonUpdate,
    MeetingCreate,
    MeetingPublic,
    TagCountPublic,
)
from microstep.web.deps import CtxDep, IdPath
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


def base_url(request: Request) -> str:
    """The address this app answers on, for links such as the calendar feed."""
    return str(request.base_url).rstrip("/")


@router.get("/checkins", tags=["check-ins"])
def list_checkins(ctx: CtxDep) -> list[CheckInPublic]:
    """Check-ins, active first, each with its next meeting."""
    return checkins.list_checkins(ctx)


@router.post("/checkins", status_code=201, tags=["check-ins"])
def add_checkin(ctx: CtxDep, checkin_in: CheckInCreate) -> CheckInPublic:
    """Add a recurring check-in (a friendly recurrence or an RFC 5545 RRULE)."""
    return checkins.add_checkin(ctx, checkin_in)


@router.get("/checkins/{checkin_id}", tags=["check-ins"])
def get_checkin(ctx: CtxDep, checkin_id: IdPath) -> CheckInPublic:
    """One check-in with its next meeting."""
    return checkins.get_checkin(ctx, checkin_id)


@router.get("/checkins/{checkin_id}/agenda", tags=["check-ins"])
def get_agenda(ctx: CtxDep, checkin_id: IdPath) -> AgendaPublic:
    """The next meeting's agenda, built from progress since the last meeting held."""
    return checkins.agenda(ctx, checkin_id)


@router.get("/checkins/{checkin_id}/meetings", tags=["check-ins"])
def list_meetings(ctx: CtxDep, checkin_id: IdPath) -> list[MeetingPublic]:
    """The meetings held, newest first."""
    return checkins.history(ctx, checkin_id)


@router.post("/checkins/{checkin_id}/meetings", status_code=201, tags=["check-ins"])
def hold_meeting(ctx: CtxDep, checkin_id: IdPath, meeting_in: MeetingCreate) -> MeetingPublic:
    """Record a meeting that took place with its agenda and notes."""
    return checkins.hold_meeting(ctx, checkin_id, meeting_in)


@router.post("/checkins/{checkin_id}/stop", tags=["check-ins"])
def stop_checkin(ctx: CtxDep, checkin_id: IdPath) -> CheckInPublic:
    """Stop a check-in; its history stays."""
    return checkins.stop_checkin(ctx, checkin_id)


@router.post("/calendar/feed", tags=["calendar"])
def calendar_feed(
    ctx: CtxDep,
    request: Request,
    reset: Annotated[bool, Query(description="Replace the secret; the old URL stops.")] = False,
) -> FeedPublic:
    """The secret calendar feed URL, made on first use; `reset` replaces it."""
    return calendar.feed_url(ctx, base=base_url(request), reset=reset)


@router.get("/lessons", tags=["lessons"])
def list_lessons(
    ctx: CtxDep, tag: Annotated[str | None, Query(max_length=30)] = None
) -> list[LessonPublic]:
    """Lessons, newest first; ?tag= keeps one tag."""
    return lessons.list_lessons(ctx, tag)


@router.post("/lessons", status_code=201, tags=["lessons"])
def add_lesson(ctx: CtxDep, lesson_in: LessonCreate) -> LessonPublic:
    """Write a lesson down."""
    return lessons.add_lesson(ctx, lesson_in)


@router.get("/lessons/tags", tags=["lessons"])
def lesson_tags(ctx: CtxDep) -> list[TagCountPublic]:
    """Tags in use with their number of lessons."""
    return lessons.tag_counts(ctx)


@router.get("/lessons/search", tags=["lessons"])
def search_lessons(
    ctx: CtxDep, q: Annotated[str, Query(description="Words to find, e.g. 'presenting'.")] = ""
) -> list[LessonHitPublic]:
    """Lessons holding every word (stemmed), best first, with highlighted snippets."""
    return lessons.search_lessons(ctx, q)


@router.get("/lessons/{lesson_id}", tags=["lessons"])
def get_lesson(ctx: CtxDep, lesson_id: IdPath) -> LessonPublic:
    """One lesson."""
    return lessons.get_lesson(ctx, lesson_id)


@router.put("/lessons/{lesson_id}", tags=["lessons"])
def edit_lesson(ctx: CtxDep, lesson_id: IdPath, update: LessonUpdate) -> LessonPublic:
    """Change a lesson's fields; fields left out stay as they are."""
    return lessons.edit_lesson(ctx, lesson_id, update)


@router.delete("/lessons/{lesson_id}", tags=["lessons"])
def delete_lesson(ctx: CtxDep, lesson_id: IdPath) -> LessonPublic:
    """Delete a lesson; returns it as it was."""
    return lessons.delete_lesson(ctx, lesson_id)
