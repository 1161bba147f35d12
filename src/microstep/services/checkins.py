"""Use cases for check-ins: add, list, the generated agenda, hold a meeting, history, stop."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from microstep.core import checkins as core
from microstep.core.curve import Direction, detect_plateau
from microstep.core.dates import day_label, parse_day
from microstep.core.evidence import CheckInWith
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text
from microstep.core.weeks import local_day
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.experiments import experiment_lines
from microstep.services.reflection_schemas import (
    AgendaPublic,
    AgendaSectionPublic,
    CheckInCreate,
    CheckInPublic,
    MeetingCreate,
    MeetingPublic,
)
from microstep.store import queries, reflection
from microstep.store.models import CheckIn, CheckInMeeting, MicroGoal

MAX_AGENDA = 20_000
ZONEINFO_ROOT = "zoneinfo/"


def local_zone_name() -> str:
    """This machine's IANA time zone (TZ, else /etc/localtime), or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = str(Path("/etc/localtime").resolve())
        candidates.append(target.split(ZONEINFO_ROOT, 1)[1] if ZONEINFO_ROOT in target else "")
    except OSError:
        pass
    for name in candidates:
        try:
            if name:
                core.zone(name)
                return core.canonical_zone(name)
        except InvalidInput:
            continue
    return "UTC"


def add_checkin(ctx: Context, item: CheckInCreate) -> CheckInPublic:
    """Add a recurring check-in; the first meeting moves to the first day the rule gives.

    Without --every or a rule it repeats fortnightly; the first meeting lies within a year of today.
    """
    if not (item.with_whom or "").strip():
        raise InvalidInput("Say who the check-in is with.", field="with_whom")
    with_whom = clean_text(
        item.with_whom, field="with_whom", required=True, max_len=MAX_TITLE, label="name"
    )
    title = clean_text(item.title, field="title", required=False, max_len=MAX_TITLE)
    name = core.canonical_zone((item.timezone or "").strip() or local_zone_name())
    tz = core.zone(name)
    first = core.parse_when(item.first, today=ctx.today, tz=tz)
    core.check_first(first, today=ctx.today, tz=tz)
    rule = core.recurrence(item.every, item.rrule, first=first, tz=tz)
    first = core.first_meeting(rule, first=first, tz=tz)
    core.check_first(first, today=ctx.today, tz=tz)
    with ctx.db.transaction() as session:
        row = reflection.add_checkin(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            with_whom=with_whom,
            with_role=item.with_role.value,
            title=title or f"Check-in with {with_whom}",
            first_at=first,
            timezone=name,
            duration_minutes=item.duration_minutes,
            rrule=rule,
            active=True,
        )
        return _public(session, ctx, row)


def list_checkins(ctx: Context) -> list[CheckInPublic]:
    """Every check-in, active first, each with its next meeting."""
    with ctx.db.transaction() as session:
        rows = reflection.list_checkins(session=session, person_id=ctx.person_id)
        counts = reflection.count_meetings(session=session, checkin_ids=[r.id for r in rows])
        return [_public(session, ctx, row, counts.get(row.id, 0)) for row in rows]


def get_checkin(ctx: Context, checkin_id: int) -> CheckInPublic:
    """One check-in, or NotFound."""
    with ctx.db.transaction() as session:
        return _public(session, ctx, _get(session, ctx, checkin_id))


def stop_checkin(ctx: Context, checkin_id: int) -> CheckInPublic:
    """Stop a check-in: it leaves the calendar; its meetings stay in the history."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, checkin_id)
        if not row.active:
            raise Conflict(f"Check-in #{checkin_id} is already stopped.")
        row.active = False
        return _public(session, ctx, row)


def agenda(ctx: Context, checkin_id: int) -> AgendaPublic:
    """The next meeting's agenda: progress since the last one held (or the last four weeks)."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, checkin_id)
        return _agenda(session, ctx, row)


def hold_meeting(ctx: Context, checkin_id: int, meeting: MeetingCreate) -> MeetingPublic:
    """Record a meeting that took place, keeping the agenda as it stood and the notes.

    One meeting a day per check-in, and never an empty one (no notes and the agenda unchanged).
    """
    notes = clean_text(
        meeting.notes, field="notes", required=False, max_len=MAX_NOTE, label="text of your notes"
    )
    edited = clean_text(meeting.agenda, field="agenda", required=False, max_len=MAX_AGENDA)
    held_on = meeting.held_on or ctx.today
    if held_on > ctx.today:
        message = f"{held_on.isoformat()} is in the future: record a meeting once it took place."
        raise InvalidInput(message, field="held_on")
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        row = _get(session, ctx, checkin_id)
        if not row.active:
            raise Conflict(f"Check-in #{checkin_id} is stopped: it takes no new meetings.")
        first_day = local_day(row.first_at, ZoneInfo(row.timezone))
        if held_on < first_day:
            message = (
                f"{held_on.isoformat()} is before this check-in's first meeting "
                f"on {day_label(first_day)}."
            )
            raise InvalidInput(message, field="held_on")
        if reflection.meeting_on(session=session, checkin_id=row.id, held_on=held_on):
            message = (
                f"The meeting of {day_label(held_on)} is already saved: "
                "a check-in keeps one meeting a day."
            )
            raise Conflict(message, field="held_on")
        generated = _agenda(session, ctx, row).text
        if notes is None and edited in (None, generated):
            message = "Write a line of notes: what you agreed, or what to try before next time."
            raise InvalidInput(message, field="notes")
        text = edited or generated
        saved = reflection.add_meeting(
            session=session,
            checkin_id=row.id,
            now=ctx.now(),
            held_on=held_on,
            agenda=text,
            notes=notes,
        )
        return meeting_public(saved)


def history(ctx: Context, checkin_id: int) -> list[MeetingPublic]:
    """The meetings held, newest first."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, checkin_id)
        meetings = reflection.list_meetings(session=session, checkin_id=row.id)
        return [meeting_public(m) for m in meetings]


def parse_held_on(text: str | None, *, today: date) -> date | None:
    """The day a meeting was held, as typed ('today', 'yesterday', '2026-11-12', 'thursday')."""
    if text is None or not text.strip():
        return None
    return parse_day(text, today=today, field="held_on", past=True)


def meeting_public(row: CheckInMeeting) -> MeetingPublic:
    """Shape a held meeting for output."""
    return MeetingPublic(
        id=row.id,
        checkin_id=row.check_in_id,
        held_on=row.held_on,
        agenda=row.agenda,
        notes=row.notes,
    )


def _get(session: Session, ctx: Context, checkin_id: int) -> CheckIn:
    row = reflection.get_checkin(session=session, person_id=ctx.person_id, checkin_id=checkin_id)
    if row is None:
        raise NotFound(f"There is no check-in #{checkin_id}.", field="checkin_id")
    return row


def _public(
    session: Session, ctx: Context, row: CheckIn, meetings: int | None = None
) -> CheckInPublic:
    tz = ZoneInfo(row.timezone)
    upcoming = None
    if row.active:
        upcoming = core.next_occurrence(row.rrule, first=row.first_at, tz=tz, after=ctx.now())
    if meetings is None:
        meetings = reflection.count_meetings(session=session, checkin_ids=[row.id]).get(row.id, 0)
    return CheckInPublic(
        id=row.id,
        with_whom=row.with_whom,
        with_role=CheckInWith(row.with_role),
        title=row.title,
        first_at=row.first_at,
        timezone=row.timezone,
        zone_label=core.zone_label(row.timezone),
        first_day=local_day(row.first_at, tz),
        duration_minutes=row.duration_minutes,
        rrule=row.rrule,
        recurrence=core.describe(row.rrule),
        active=row.active,
        next_at=upcoming,
        next_local=core.local_label(upcoming, tz) if upcoming else None,
        meetings=meetings,
        last_held=reflection.last_meeting_day(session=session, checkin_id=row.id),
    )


def _agenda(session: Session, ctx: Context, row: CheckIn) -> AgendaPublic:
    last = reflection.last_meeting_day(session=session, checkin_id=row.id)
    since = core.agenda_since(last, today=ctx.today)
    built = core.build_agenda(_inputs(session, ctx, since))
    return AgendaPublic(
        checkin_id=row.id,
        since=built.since,
        sections=[AgendaSectionPublic(title=s.title, items=s.items) for s in built.sections],
        text=built.text(),
    )


def _inputs(session: Session, ctx: Context, since: date) -> core.AgendaInputs:
    """Gather what the agenda is built from, inside the caller's transaction."""
    person = ctx.person_id
    start = datetime.combine(since, time()).astimezone(UTC)
    done = queries.list_finished_goals(
        session=session, person_id=person, status="done", since=start
    )
    review = reflection.latest_review(session=session, person_id=person)
    return core.AgendaInputs(
        since=since,
        today=ctx.today,
        done=[d for d in (_done(goal) for goal in reversed(done)) if d.finished_on <= ctx.today],
        plateaus=_plateaus(session, ctx),
        experiments=experiment_lines(session, person_id=person, today=ctx.today, since=since),
        feedback=[
            core.OpenFeedback(f.asked_whom, f.question, f.asked_on)
            for f in reflection.open_feedback(session=session, person_id=person)
        ],
        overdue=[
            core.OverdueGoal(g.title, g.due)
            for g in reflection.overdue_goals(session=session, person_id=person, today=ctx.today)
        ],
        to_adjust=review.to_adjust if review is not None else None,
    )


def _done(goal: MicroGoal) -> core.DoneGoal:
    outcome, short = core.goal_outcome(
        value=goal.outcome_value,
        target=goal.target_value,
        unit=goal.unit or goal.metric or "",
        lower=core.lower_is_better(goal.title, goal.metric),
        note=goal.outcome_note,
    )
    finished = goal.finished_at or datetime.now(UTC)
    return core.DoneGoal(goal.title, local_day(finished), outcome, short)


def _plateaus(session: Session, ctx: Context) -> list[core.Plateau]:
    """Active micro-skills whose learning curve shows no improvement (core/curve's check)."""
    found = []
    for row in queries.list_microskills(
        session=session, person_id=ctx.person_id, states=["active"]
    ):
        values = queries.recent_values(session=session, microskill_id=row.id, limit=12)
        check = detect_plateau(values, Direction(row.direction))
        if check.plateau:
            found.append(core.Plateau(row.definition, check.evidence))
    return found
