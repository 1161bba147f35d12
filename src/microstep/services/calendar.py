"""Use cases for the calendar: the .ics export and the subscribable feed behind a secret URL."""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.orm import Session

from microstep.core.calendar import (
    CalendarCheckIn,
    CalendarDay,
    build_calendar,
    goal_description,
    owner_tag,
)
from microstep.core.checkins import lower_is_better
from microstep.errors import NotFound, NotInitialised
from microstep.services.context import Context
from microstep.services.practice import due_practice
from microstep.services.reflection_schemas import FeedPublic
from microstep.store import queries, reflection
from microstep.store.db import Database
from microstep.store.models import Person

TOKEN_BYTES = 24  # 32 URL-safe characters: not guessable, short enough to paste
UNKNOWN_FEED = "There is no calendar feed at this address: copy the current one from /checkins."


def export_calendar(ctx: Context) -> bytes:
    """The .ics document: active check-ins, due practice and open micro-goal due dates."""
    with ctx.db.transaction() as session:
        return _document(session, ctx)


def feed_url(ctx: Context, *, base: str, reset: bool = False) -> FeedPublic:
    """The feed's URL under `base`, making a secret token on first use (or anew on reset)."""
    with ctx.db.transaction() as session:
        person = _person(session, ctx)
        created = reset or person.calendar_token is None
        if created:
            person.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
        return FeedPublic(
            url=f"{base.rstrip('/')}/calendar/{person.calendar_token}.ics", created=created
        )


def current_feed_url(ctx: Context, *, base: str) -> str | None:
    """The feed's URL if one was made, without making one."""
    with ctx.db.transaction() as session:
        token = _person(session, ctx).calendar_token
        return f"{base.rstrip('/')}/calendar/{token}.ics" if token else None


def feed_document(db: Database, token: str, *, today: date | None = None) -> bytes:
    """The document behind a feed URL, for whoever it belongs to (a calendar app signs in with
    nothing but the URL); NotFound unless the token is someone's current one."""
    if not 20 <= len(token) <= 64:
        raise NotFound(UNKNOWN_FEED, field="token")
    with db.transaction() as session:
        person = reflection.person_by_calendar_token(session=session, token=token)
        # Compared again in constant time: the lookup found it, this says it is exact.
        stored = person.calendar_token if person else None
        if person is None or not secrets.compare_digest((stored or "").encode(), token.encode()):
            raise NotFound(UNKNOWN_FEED, field="token")
        ctx = Context(db=db, person_id=person.id, today=today or date.today())
        return _document(session, ctx)


def _person(session: Session, ctx: Context) -> Person:
    person = reflection.get_person(session=session, person_id=ctx.person_id)
    if person is None:
        raise NotInitialised("No one is set up in this database yet: run `microstep init`.")
    return person


def _document(session: Session, ctx: Context) -> bytes:
    rows = reflection.list_checkins(session=session, person_id=ctx.person_id, active_only=True)
    checkins = [
        CalendarCheckIn(
            id=row.id,
            title=row.title,
            with_whom=row.with_whom,
            first_at=row.first_at,
            timezone=row.timezone,
            duration_minutes=row.duration_minutes,
            rrule=row.rrule,
            description="Agenda: microstep checkin agenda " + str(row.id),
        )
        for row in rows
    ]
    practice = [
        CalendarDay(
            uid=f"practice-{item.microskill_id}",
            summary=f"Practise: {item.definition}, {item.minutes} min",
            day=max(item.due, ctx.today),
        )
        for item in due_practice(session, ctx)
    ]
    person = ctx.person_id
    skills = {row.id: row.name for row in queries.list_skills(session=session, person_id=person)}
    objectives = {
        row.id: row.title for row in queries.list_objectives(session=session, person_id=person)
    }
    goals = [
        CalendarDay(
            uid=f"goal-{goal.id}",
            summary=f"Due: {goal.title}",
            day=goal.due,
            description=goal_description(
                metric=goal.metric,
                target=goal.target_value,
                unit=goal.unit,
                lower=lower_is_better(goal.title, goal.metric),
                done_when=goal.done_when,
                skill=skills.get(goal.skill_id) if goal.skill_id is not None else None,
                objective=(
                    objectives.get(goal.objective_id) if goal.objective_id is not None else None
                ),
            ),
        )
        for goal in queries.list_goals(
            session=session, person_id=person, statuses=["planned", "active"]
        )
    ]
    owner = _person(session, ctx)
    return build_calendar(
        checkins=checkins,
        days=[*practice, *goals],
        stamp=ctx.now(),
        owner=owner_tag(owner.id, owner.created_at),
    )
