"""Storage of check-ins, their meetings, the calendar token and lessons (with full-text search)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal, select, text
from sqlalchemy.orm import Session

from microstep.store.models import (
    CheckIn,
    CheckInMeeting,
    FeedbackRequest,
    Lesson,
    MicroGoal,
    Person,
    Review,
)

# --- check-ins -------------------------------------------------------------------------------


def add_checkin(*, session: Session, person_id: int, now: datetime, **fields: Any) -> CheckIn:
    """Store a new check-in."""
    row = CheckIn(person_id=person_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_checkin(*, session: Session, person_id: int, checkin_id: int) -> CheckIn | None:
    """One check-in of this person."""
    return session.scalars(
        select(CheckIn).where(CheckIn.id == checkin_id, CheckIn.person_id == person_id)
    ).first()


def list_checkins(
    *, session: Session, person_id: int, active_only: bool = False
) -> Sequence[CheckIn]:
    """A person's check-ins, active first, then in the order they were added."""
    query = select(CheckIn).where(CheckIn.person_id == person_id)
    if active_only:
        query = query.where(CheckIn.active)
    return session.scalars(query.order_by(CheckIn.active.desc(), CheckIn.id)).all()


def add_meeting(
    *, session: Session, checkin_id: int, now: datetime, **fields: Any
) -> CheckInMeeting:
    """Store a meeting that took place."""
    row = CheckInMeeting(check_in_id=checkin_id, created_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def list_meetings(*, session: Session, checkin_id: int) -> Sequence[CheckInMeeting]:
    """The meetings of a check-in, newest first."""
    return session.scalars(
        select(CheckInMeeting)
        .where(CheckInMeeting.check_in_id == checkin_id)
        .order_by(CheckInMeeting.held_on.desc(), CheckInMeeting.id.desc())
    ).all()


def last_meeting_day(*, session: Session, checkin_id: int) -> date | None:
    """The day of the latest meeting held, if any."""
    query = select(func.max(CheckInMeeting.held_on)).where(CheckInMeeting.check_in_id == checkin_id)
    return session.scalar(query)


def meeting_on(*, session: Session, checkin_id: int, held_on: date) -> CheckInMeeting | None:
    """The meeting of a check-in held on this day, if one was saved."""
    return session.scalars(
        select(CheckInMeeting).where(
            CheckInMeeting.check_in_id == checkin_id, CheckInMeeting.held_on == held_on
        )
    ).first()


def count_meetings(*, session: Session, checkin_ids: Sequence[int]) -> dict[int, int]:
    """How many meetings each check-in has had."""
    if not checkin_ids:
        return {}
    query = (
        select(CheckInMeeting.check_in_id, func.count())
        .where(CheckInMeeting.check_in_id.in_(list(checkin_ids)))
        .group_by(CheckInMeeting.check_in_id)
    )
    return {checkin_id: int(count) for checkin_id, count in session.execute(query).all()}


# --- what the agenda reads -------------------------------------------------------------------


def open_feedback(*, session: Session, person_id: int) -> Sequence[FeedbackRequest]:
    """Feedback requests still waiting for an answer, oldest first."""
    return session.scalars(
        select(FeedbackRequest)
        .where(FeedbackRequest.person_id == person_id, FeedbackRequest.status == "open")
        .order_by(FeedbackRequest.asked_on, FeedbackRequest.id)
    ).all()


def overdue_goals(*, session: Session, person_id: int, today: date) -> Sequence[MicroGoal]:
    """Planned or active goals due before today, most overdue first."""
    return session.scalars(
        select(MicroGoal)
        .where(
            MicroGoal.person_id == person_id,
            MicroGoal.status.in_(["planned", "active"]),
            MicroGoal.due < today,
        )
        .order_by(MicroGoal.due, MicroGoal.id)
    ).all()


def latest_review(*, session: Session, person_id: int) -> Review | None:
    """The most recent saved weekly review."""
    return session.scalars(
        select(Review).where(Review.person_id == person_id).order_by(Review.week_start.desc())
    ).first()


# --- the calendar token ----------------------------------------------------------------------


def get_person(*, session: Session, person_id: int) -> Person | None:
    """The person, to read or set the calendar token."""
    return session.get(Person, person_id)


def person_by_calendar_token(*, session: Session, token: str) -> Person | None:
    """The active person whose calendar feed this token opens."""
    return session.scalars(
        select(Person).where(Person.calendar_token == token, Person.is_active.is_(True))
    ).first()


# --- lessons ---------------------------------------------------------------------------------


def add_lesson(*, session: Session, person_id: int, now: datetime, **fields: Any) -> Lesson:
    """Store a new lesson (the search index follows by trigger or generated column)."""
    row = Lesson(person_id=person_id, created_at=now, updated_at=now, **fields)
    session.add(row)
    session.flush()
    return row


def get_lesson(*, session: Session, person_id: int, lesson_id: int) -> Lesson | None:
    """One lesson of this person."""
    return session.scalars(
        select(Lesson).where(Lesson.id == lesson_id, Lesson.person_id == person_id)
    ).first()


def list_lessons(
    *, session: Session, person_id: int, tag: str | None = None, limit: int | None = None
) -> Sequence[Lesson]:
    """A person's lessons, newest first, optionally only those with a tag."""
    query = select(Lesson).where(Lesson.person_id == person_id)
    if tag:
        padded = literal(" ") + Lesson.tags + " "
        query = query.where(padded.contains(f" {tag} ", autoescape=True))
    query = query.order_by(Lesson.learned_on.desc(), Lesson.id.desc())
    return session.scalars(query.limit(limit) if limit else query).all()


def lesson_tags(*, session: Session, person_id: int) -> list[str]:
    """Every tag string in use (space-separated, as stored)."""
    query = select(Lesson.tags).where(Lesson.person_id == person_id, Lesson.tags != "")
    return list(session.scalars(query).all())


def delete_lesson(*, session: Session, lesson: Lesson) -> None:
    """Remove a lesson (its search entry goes with it)."""
    session.delete(lesson)
    session.flush()


# A snippet per text column (title, context, worked, did_not, next_time), never of the tags.
SNIPPET_COLUMNS = ("title", "context", "worked", "did_not", "next_time")
SQLITE_SNIPPETS = ", ".join(
    f"snippet(lesson_fts, {index}, :start, :stop, '…', 16) AS s{index}"
    for index in range(len(SNIPPET_COLUMNS))
)
POSTGRES_SNIPPETS = ", ".join(
    f"ts_headline('english', coalesce(lesson.{column}, ''), q, :options) AS s{index}"
    for index, column in enumerate(SNIPPET_COLUMNS)
)
SQLITE_SEARCH = text(
    "SELECT lesson.id AS id, bm25(lesson_fts, 10.0, 2.0, 3.0, 3.0, 3.0, 5.0) AS rank, "
    f"{SQLITE_SNIPPETS} "
    "FROM lesson_fts JOIN lesson ON lesson.id = lesson_fts.rowid "
    "WHERE lesson_fts MATCH :query AND lesson.person_id = :person_id "
    "ORDER BY rank, lesson.learned_on DESC, lesson.id DESC LIMIT :limit"
)
POSTGRES_SEARCH = text(
    "SELECT lesson.id AS id, -ts_rank(lesson.search, q) AS rank, "
    f"{POSTGRES_SNIPPETS} "
    "FROM lesson, websearch_to_tsquery('english', :query) AS q "
    "WHERE lesson.search @@ q AND lesson.person_id = :person_id "
    "ORDER BY rank, lesson.learned_on DESC, lesson.id DESC LIMIT :limit"
)


def search_lessons(
    *,
    session: Session,
    person_id: int,
    fts5_query: str,
    websearch_query: str,
    start: str,
    stop: str,
    limit: int,
) -> list[tuple[Lesson, float, list[str]]]:
    """Lessons matching the query, best first: (lesson, rank where lower is better, snippets).

    The snippets are one per SNIPPET_COLUMNS, hits between `start` and `stop`; a column without
    a hit gives its opening words, an empty one ''.
    """
    if session.get_bind().dialect.name == "sqlite":
        params: dict[str, Any] = {"query": fts5_query, "start": start, "stop": stop}
        rows = session.execute(SQLITE_SEARCH, params | _common(person_id, limit)).all()
    else:
        options = f"StartSel={start}, StopSel={stop}, MaxWords=24, MinWords=8, MaxFragments=2"
        params = {"query": websearch_query, "options": options}
        rows = session.execute(POSTGRES_SEARCH, params | _common(person_id, limit)).all()
    lessons = {
        row.id: row
        for row in session.scalars(select(Lesson).where(Lesson.id.in_([r.id for r in rows])))
    }
    return [
        (lessons[r.id], float(r.rank), [str(part or "") for part in r[2:]])
        for r in rows
        if r.id in lessons
    ]


def _common(person_id: int, limit: int) -> dict[str, Any]:
    return {"person_id": person_id, "limit": limit}
