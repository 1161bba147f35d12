"""What is due today, per person, and the deliveries that carry it (one per reminder per channel).

Practice due, check-ins today, the weekly review on Friday until it is saved, questions a
colleague asked you, career conversations within a day, and on Mondays each circle's digest of
the week before. The dedupe key names the person, the reminder and its day, so planning twice
stores once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from microstep.core import checkins as core_checkins
from microstep.core.weeks import week_start
from microstep.services import checkins, circles, coaching, inbox, practice, reminders
from microstep.services.context import Context
from microstep.services.reflection_schemas import CheckInPublic
from microstep.services.reminders_schemas import ChannelName, DeliveryCreate, Recipient
from microstep.settings import Settings
from microstep.store.db import Database

REVIEW_DAY = 4  # Friday
DIGEST_DAY = 0  # Monday
MAX_SUBJECT = 300


@dataclass(frozen=True)
class Reminder:
    """Something one person should hear about today; `ref` tells it apart from its kind's others."""

    person_id: int
    kind: str
    ref: str
    subject: str
    body: str


def plan(db: Database, settings: Settings, *, today: date) -> list[DeliveryCreate]:
    """Today's deliveries: each due reminder on each channel its person can be reached by."""
    people = reminders.recipients(db)
    found = due_reminders(db, people, today=today, base_url=settings.base_url)
    return deliveries(found, people, email=bool(settings.smtp_host))


def due_reminders(
    db: Database, people: Iterable[Recipient], *, today: date, base_url: str
) -> list[Reminder]:
    """What is due today for these people."""
    site = base_url.rstrip("/")
    chosen = list(people)
    found: list[Reminder] = []
    for person in chosen:
        ctx = Context(db=db, person_id=person.person_id, today=today)
        found += _practice(ctx, site) + _checkins(ctx, site) + _review(ctx, site)
    known = {person.person_id for person in chosen}
    shared = _feedback(db, today) + _coaching(db, today) + _digests(db, today)
    return found + [item for item in shared if item.person_id in known]


def deliveries(
    found: Iterable[Reminder], people: Iterable[Recipient], *, email: bool
) -> list[DeliveryCreate]:
    """One delivery per reminder and channel: email when it is on (and a server is set),
    a webhook when the person has one."""
    by_id = {person.person_id: person for person in people}
    planned = []
    for item in found:
        person = by_id[item.person_id]
        for channel, address in _addresses(person, email=email):
            planned.append(_delivery(item, channel, address))
    return planned


def _addresses(person: Recipient, *, email: bool) -> list[tuple[ChannelName, str]]:
    found: list[tuple[ChannelName, str]] = []
    if email and person.notify_email and person.email:
        found.append(("email", person.email))
    if person.webhook_url:
        found.append(("webhook", person.webhook_url))
    return found


def _delivery(item: Reminder, channel: ChannelName, address: str) -> DeliveryCreate:
    return DeliveryCreate(
        person_id=item.person_id,
        kind=item.kind,
        channel=channel,
        dedupe_key=f"{item.kind}:{item.person_id}:{item.ref}:{channel}",
        address=address,
        subject=item.subject[:MAX_SUBJECT],
        body=item.body,
    )


def _practice(ctx: Context, site: str) -> list[Reminder]:
    due = [
        skill
        for skill in practice.list_microskills(ctx)
        if skill.due is not None and skill.due <= ctx.today
    ]
    if not due:
        return []
    minutes = sum(skill.minutes for skill in due)
    lines = [f"- {skill.definition} ({skill.minutes} min)" for skill in due]
    noun = "micro-skill" if len(due) == 1 else "micro-skills"
    body = "\n".join(["Due today:", *lines, "", f"Log your practice at {site}/practice"])
    subject = f"Practice today: {len(due)} {noun}, {minutes} minutes"
    return [Reminder(ctx.person_id, "practice", ctx.today.isoformat(), subject, body)]


def _checkins(ctx: Context, site: str) -> list[Reminder]:
    found = []
    for item in checkins.list_checkins(ctx):
        meeting = _meeting_on(item, ctx.today) if item.active else None
        if meeting is None:
            continue
        when = core_checkins.local_label(meeting, ZoneInfo(item.timezone))
        body = (
            f"{item.title} with {item.with_whom} is today, {when}.\n"
            f"Its agenda, from your progress since the last one: {site}/checkins"
        )
        ref = f"{item.id}:{ctx.today.isoformat()}"
        found.append(Reminder(ctx.person_id, "checkin", ref, f"Check-in today: {item.title}", body))
    return found


def _meeting_on(item: CheckInPublic, day: date) -> datetime | None:
    """The check-in's meeting on this day of its own time zone, if it has one."""
    tz = ZoneInfo(item.timezone)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day, time.max, tzinfo=tz)
    found = core_checkins.occurrences(item.rrule, first=item.first_at, tz=tz, start=start, end=end)
    return found[0] if found else None


def _review(ctx: Context, site: str) -> list[Reminder]:
    monday = week_start(ctx.today)
    if ctx.today.weekday() != REVIEW_DAY:
        return []
    if reminders.review_done(ctx.db, person_id=ctx.person_id, week_start=monday):
        return []
    week = f"{ctx.today.isocalendar().year}-W{ctx.today.isocalendar().week:02d}"
    body = (
        "Ten minutes to look back on the week: what worked, what to adjust, what you learned.\n"
        f"Your week in figures is ready at {site}/review"
    )
    return [Reminder(ctx.person_id, "review", week, f"Your weekly review of {week}", body)]


def _feedback(db: Database, today: date) -> list[Reminder]:
    return [
        Reminder(item.person_id, "feedback", f"{item.request_id}:{today}", item.subject, item.text)
        for item in inbox.pending_feedback(db, today=today)
    ]


def _coaching(db: Database, today: date) -> list[Reminder]:
    """Career conversations in the 24 hours from the start of the planning day (once each)."""
    start = datetime.combine(today, time.min, tzinfo=UTC)
    return [
        Reminder(item.person_id, "coaching", str(item.request_id), item.subject, item.text)
        for item in coaching.upcoming_sessions(db, now=max(start, datetime.now(UTC)))
    ]


def _digests(db: Database, today: date) -> list[Reminder]:
    if today.weekday() != DIGEST_DAY:
        return []
    last_week = week_start(today) - timedelta(days=7)
    return [
        Reminder(
            item.person_id,
            "digest",
            f"{item.circle_id}:{item.week_start}",
            item.subject,
            item.text,
        )
        for item in circles.weekly_digests(db, week_start=last_week)
    ]
