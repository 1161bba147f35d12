"""Coaching (team mode): a person asks for a career conversation; advisors take, schedule and
close it. Only the requester and advisors see a request; the advisor's note goes to the
requester. Errors follow the rule of the house: a request one may not see is not found.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from microstep.core.checkins import canonical_zone, local_label, zone
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text, one_line
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services.checkins import local_zone_name
from microstep.services.coaching_schemas import (
    AdvisorPublic,
    CoachingCreate,
    CoachingDone,
    CoachingDue,
    CoachingPublic,
    CoachingSchedule,
    CoachingStatus,
)
from microstep.services.context import Context
from microstep.store import coaching as store
from microstep.store import queries
from microstep.store.db import Database
from microstep.store.models import CoachingRequest

MAX_OPEN = 3  # open requests a person may have at once: a queue, not a mailbox
MAX_ADVISOR_NOTE = 1000
SCHEDULE_WINDOW = timedelta(days=365)
REMIND_AHEAD = timedelta(hours=24)
OPEN = (CoachingStatus.REQUESTED, CoachingStatus.SCHEDULED)
COACHING_PATH = "/coaching"


def advisors(ctx: Context) -> list[AdvisorPublic]:
    """The advisors one may ask for (not oneself)."""
    with ctx.db.transaction() as session:
        found = store.active_advisors(session=session)
        return [AdvisorPublic(id=p.id, name=p.name) for p in found if p.id != ctx.person_id]


def is_advisor(ctx: Context) -> bool:
    """True when the acting person takes career-conversation requests."""
    with ctx.db.transaction() as session:
        return _is_advisor(session, ctx.person_id)


def ask_coaching(ctx: Context, request_in: CoachingCreate) -> CoachingPublic:
    """Ask for a career conversation, optionally with a preferred advisor."""
    topic = one_line(
        request_in.topic, field="topic", label="topic", max_len=MAX_TITLE, required=True
    )
    note = clean_text(request_in.note, field="note", required=False, max_len=MAX_NOTE)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # the limit holds
        if request_in.advisor_id is not None:
            _check_preferred(session, ctx, request_in.advisor_id)
        if store.count_open(session=session, person_id=ctx.person_id) >= MAX_OPEN:
            raise Conflict(
                f"You have {MAX_OPEN} open requests for a conversation: cancel one or wait "
                "until one is held."
            )
        request_id = store.add_request(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            topic=topic,
            note=note,
            advisor_id=request_in.advisor_id,
            status=CoachingStatus.REQUESTED.value,
        )
        return _get(session, ctx, request_id)


def my_requests(ctx: Context) -> list[CoachingPublic]:
    """My requests for a conversation, newest first, with the advisor's note once held."""
    with ctx.db.transaction() as session:
        return [
            _public(*row) for row in store.requests_of(session=session, person_id=ctx.person_id)
        ]


def queue(ctx: Context) -> list[CoachingPublic]:
    """An advisor's queue: open requests waiting for anyone, and those assigned to me."""
    with ctx.db.transaction() as session:
        _require_advisor(session, ctx)
        return [_public(*row) for row in store.queue_of(session=session, advisor_id=ctx.person_id)]


def get_request(ctx: Context, request_id: int) -> CoachingPublic:
    """One request I take part in (as requester or advisor)."""
    with ctx.db.transaction() as session:
        return _get(session, ctx, request_id)


def take_request(ctx: Context, request_id: int) -> CoachingPublic:
    """Take a waiting request from the queue: it becomes mine to schedule (advisors)."""
    with ctx.db.transaction() as session:
        row = _as_advisor(session, ctx, request_id, "take")
        if row.status != CoachingStatus.REQUESTED:
            raise Conflict(f"Request #{request_id} is {row.status}; only a waiting one is taken.")
        _assign(row, ctx)
        return _get(session, ctx, request_id)


def schedule_request(
    ctx: Context, request_id: int, schedule_in: CoachingSchedule
) -> CoachingPublic:
    """Set (or move) the conversation to a time still to come; taking it if it was waiting."""
    now = ctx.now()
    moment = _future(schedule_in, now=now)
    with ctx.db.transaction() as session:
        row = _as_advisor(session, ctx, request_id, "schedule")
        _refuse_closed(row, "schedule")
        _assign(row, ctx)
        row.status, row.scheduled_for, row.updated_at = (
            CoachingStatus.SCHEDULED.value,
            moment,
            now,
        )
        return _get(session, ctx, request_id)


def complete_request(ctx: Context, request_id: int, done_in: CoachingDone) -> CoachingPublic:
    """Mark a conversation I took as held, with a short note the requester reads."""
    note = clean_text(
        done_in.advisor_note,
        field="advisor_note",
        label="note",
        required=True,
        max_len=MAX_ADVISOR_NOTE,
    )
    with ctx.db.transaction() as session:
        row = _as_advisor(session, ctx, request_id, "close")
        _refuse_closed(row, "mark done")
        if row.advisor_id != ctx.person_id:
            raise Conflict(f"Take request #{request_id} first; then mark it done.")
        row.status, row.advisor_note, row.updated_at = (
            CoachingStatus.DONE.value,
            note,
            ctx.now(),
        )
        return _get(session, ctx, request_id)


def cancel_request(ctx: Context, request_id: int) -> CoachingPublic:
    """Cancel my own request while it is open."""
    with ctx.db.transaction() as session:
        row = _visible(session, ctx, request_id, lock=True)
        if row.person_id != ctx.person_id:
            raise Forbidden("Only the person who asked for the conversation can cancel it.")
        _refuse_closed(row, "cancel")
        row.status, row.updated_at = CoachingStatus.CANCELLED.value, ctx.now()
        return _get(session, ctx, request_id)


def upcoming_sessions(db: Database, *, now: datetime) -> list[CoachingDue]:
    """Reminders of conversations in the next 24 hours, to the requester and the advisor
    (whose accounts are active); the worker sends them."""
    with db.transaction() as session:
        rows = store.scheduled_between(session=session, start=now, end=now + REMIND_AHEAD)
        people = {r.person_id for r, _, _ in rows} | {
            r.advisor_id for r, _, _ in rows if r.advisor_id
        }
        active = store.active_ids(session=session, person_ids=sorted(people))
        due: list[CoachingDue] = []
        for row, requester, advisor in rows:
            pairs = [(row.person_id, advisor or "your advisor"), (row.advisor_id, requester)]
            due += [_due(row, who, other) for who, other in pairs if who in active]
        return due


# ------------------------------------------------------------------------------- helpers


def _is_advisor(session: Session, person_id: int) -> bool:
    person = queries.get_person(session=session, person_id=person_id)
    return person is not None and person.is_active and person.is_advisor


def _require_advisor(session: Session, ctx: Context) -> None:
    if not _is_advisor(session, ctx.person_id):
        raise Forbidden("Only advisors see the queue of career-conversation requests.")


def _where(session: Session, ctx: Context) -> ColumnElement[bool]:
    return store.participates(ctx.person_id, is_advisor=_is_advisor(session, ctx.person_id))


def _visible(
    session: Session, ctx: Context, request_id: int, *, lock: bool = False
) -> CoachingRequest:
    found = store.get_request(
        session=session, request_id=request_id, where=_where(session, ctx), lock=lock
    )
    if found is None:
        raise NotFound(f"There is no coaching request #{request_id}.", field="request_id")
    return found[0]


def _get(session: Session, ctx: Context, request_id: int) -> CoachingPublic:
    session.flush()
    found = store.get_request(session=session, request_id=request_id, where=_where(session, ctx))
    if found is None:
        raise NotFound(f"There is no coaching request #{request_id}.", field="request_id")
    return _public(*found)


def _as_advisor(session: Session, ctx: Context, request_id: int, verb: str) -> CoachingRequest:
    """A request I may act on as its advisor (locked): seen, an advisor's, not my own."""
    row = _visible(session, ctx, request_id, lock=True)
    if not _is_advisor(session, ctx.person_id):
        raise Forbidden(f"Only an advisor can {verb} a career conversation.")
    if row.person_id == ctx.person_id:
        raise Conflict("This is your own request: another advisor takes it.")
    return row


def _assign(row: CoachingRequest, ctx: Context) -> None:
    if row.advisor_id is None:
        row.advisor_id, row.updated_at = ctx.person_id, ctx.now()


def _refuse_closed(row: CoachingRequest, verb: str) -> None:
    if row.status not in OPEN:
        raise Conflict(f"Request #{row.id} is {row.status}; there is nothing left to {verb}.")


def _check_preferred(session: Session, ctx: Context, advisor_id: int) -> None:
    if advisor_id == ctx.person_id:
        raise InvalidInput("Choose another advisor than yourself.", field="advisor_id")
    if not _is_advisor(session, advisor_id):
        raise InvalidInput(
            f"#{advisor_id} is not an advisor: choose one from the list, or leave it to the queue.",
            field="advisor_id",
        )


def _future(schedule_in: CoachingSchedule, *, now: datetime) -> datetime:
    """The time as a UTC instant: still to come, within a year."""
    moment = schedule_in.scheduled_for
    name = canonical_zone(schedule_in.timezone or local_zone_name())
    tz = zone(name)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's ends
        message = "That time is out of any calendar: pick a time within a year."
        raise InvalidInput(message, field="scheduled_for") from None
    if moment <= now:
        raise InvalidInput(
            f"{local_label(moment, tz)} has passed: pick a time still to come.",
            field="scheduled_for",
        )
    if moment > now + SCHEDULE_WINDOW:
        raise InvalidInput(
            f"{local_label(moment, tz)} is more than a year away: pick a time within a year.",
            field="scheduled_for",
        )
    return moment


def _public(row: CoachingRequest, requester: str, advisor: str | None) -> CoachingPublic:
    return CoachingPublic(
        id=row.id,
        topic=row.topic,
        note=row.note,
        status=CoachingStatus(row.status),
        requester_id=row.person_id,
        requester_name=requester,
        advisor_id=row.advisor_id,
        advisor_name=advisor,
        scheduled_for=row.scheduled_for,
        advisor_note=row.advisor_note,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _due(row: CoachingRequest, person_id: int | None, other: str) -> CoachingDue:
    assert person_id is not None
    assert row.scheduled_for is not None
    when = f"{local_label(row.scheduled_for, zone('UTC'))} UTC"
    return CoachingDue(
        person_id=person_id,
        request_id=row.id,
        subject=f"Career conversation on {when}",
        text=(
            f"Your career conversation with {other} is on {when}.\nTopic: {row.topic}\n\n"
            f"See it under “Coaching” in microstep ({COACHING_PATH})."
        ),
    )
