"""Study circles and buddy pairs: membership, what each member shares, nudges, weekly digests.

A member sees another's records only where `visible_to` lets them (records at 'circle'
visibility or wider) AND the other shares that kind with this very circle. A circle nobody is
left in is deleted; a buddy pair ends when either buddy leaves.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from microstep.core import circles as rules
from microstep.core.review import IsoWeek, parse_week
from microstep.core.text import one_line
from microstep.core.weeks import local_day
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyNudges
from microstep.services.circles_schemas import (
    CircleCreate,
    CircleDigest,
    CircleSummary,
    CircleView,
    MemberAdd,
    MemberPublic,
    MemberSection,
    NudgeCreate,
    NudgePublic,
    NudgesSeen,
    ProgressPublic,
    SharesPublic,
    SharesUpdate,
    SkillRisePublic,
    TickCountPublic,
    WinPublic,
)
from microstep.services.context import Context
from microstep.services.review import goal_fact
from microstep.store import circles as store
from microstep.store import queries
from microstep.store.db import Database
from microstep.store.models import Circle, CircleMember, Nudge, Person

BUDDY_SIZE = 2
MAX_MEMBERS = 30  # a study circle stays small enough to read each other's week
MAX_CREATED = 20  # circles one person may have started at a time
NUDGES_PER_DAY = 3  # from one person to another, in any 24 hours
MAX_NUDGE = 280
NUDGES_LISTED = 50


# --- membership --------------------------------------------------------------------------------


def list_circles(ctx: Context) -> list[CircleSummary]:
    """The circles I am in, with their members."""
    with ctx.db.transaction() as session:
        is_hr = _is_hr(session, ctx.person_id)
        return [
            _summary(session, circle, ctx.person_id, is_hr=is_hr)
            for circle in store.circles_of(session=session, person_id=ctx.person_id)
        ]


def create_circle(ctx: Context, form: CircleCreate) -> CircleSummary:
    """A study circle or a buddy pair of me and the colleagues named."""
    name = one_line(form.name, field="name", label="circle's name", max_len=200, required=True)
    others = list(dict.fromkeys(pid for pid in form.member_ids if pid != ctx.person_id))
    _check_size(form.kind, len(others) + 1)
    now = ctx.now()
    with ctx.db.transaction() as session:
        _check_people(session, others)
        if store.count_created(session=session, person_id=ctx.person_id) >= MAX_CREATED:
            raise Conflict(
                f"You have started {MAX_CREATED} circles: end one before starting another."
            )
        circle = store.add_circle(
            session=session, name=name or "", kind=form.kind, created_by=ctx.person_id, now=now
        )
        # Colleagues added by someone else share nothing until they choose to, on the circle
        # page: being put in a circle must never open anyone's records.
        for person_id in [ctx.person_id, *others]:
            store.add_member(
                session=session,
                circle_id=circle.id,
                person_id=person_id,
                now=now,
                shares=person_id == ctx.person_id,
            )
        return _summary(session, circle, ctx.person_id, is_hr=_is_hr(session, ctx.person_id))


def _check_size(kind: str, size: int) -> None:
    if kind == "buddy" and size != BUDDY_SIZE:
        raise InvalidInput(
            "A buddy pair is you and exactly one colleague: choose one.", field="member_ids"
        )
    if size > MAX_MEMBERS:
        message = f"A study circle holds {MAX_MEMBERS} people at most: start a second one."
        raise InvalidInput(message, field="member_ids")


def _check_people(session: Session, person_ids: list[int]) -> None:
    found = {person.id for person in store.org_people(session=session, person_ids=person_ids)}
    missing = [pid for pid in person_ids if pid not in found]
    if missing:
        raise InvalidInput(
            f"No one in the organization has the number {missing[0]}: pick a colleague.",
            field="person_id",
        )


def add_member(ctx: Context, circle_id: int, form: MemberAdd) -> CircleSummary:
    """Add a colleague (the circle's creator or an HR admin)."""
    with ctx.db.transaction() as session:
        circle = _managed(session, ctx, circle_id)
        if form.person_id == ctx.person_id and circle.created_by != ctx.person_id:
            raise Forbidden("Joining a circle takes its creator's invitation: ask them to add you.")
        _check_people(session, [form.person_id])
        if store.get_member(session=session, circle_id=circle.id, person_id=form.person_id):
            raise Conflict("That colleague is already in this circle.", field="person_id")
        size = store.count_members(session=session, circle_id=circle.id) + 1
        if circle.kind == "buddy" and size > BUDDY_SIZE:
            raise Conflict("A buddy pair has exactly two members: start a study circle instead.")
        if size > MAX_MEMBERS:
            raise Conflict(f"A study circle holds {MAX_MEMBERS} people at most.")
        store.add_member(
            session=session,
            circle_id=circle.id,
            person_id=form.person_id,
            now=ctx.now(),
            shares=form.person_id == ctx.person_id,
        )
        return _summary(session, circle, ctx.person_id, is_hr=_is_hr(session, ctx.person_id))


def remove_member(ctx: Context, circle_id: int, person_id: int) -> bool:
    """Take a member out (the creator or an HR admin); taking myself out is leaving. True when
    that ended the circle."""
    if person_id == ctx.person_id:
        return leave_circle(ctx, circle_id)
    with ctx.db.transaction() as session:
        circle = _managed(session, ctx, circle_id)
        member = store.get_member(session=session, circle_id=circle.id, person_id=person_id)
        if member is None:
            raise NotFound(f"Circle number {circle_id} has no member number {person_id}.")
        return _drop(session, circle, member)


def leave_circle(ctx: Context, circle_id: int) -> bool:
    """Leave a circle: my shares stop at once. True when that ended the circle."""
    with ctx.db.transaction() as session:
        circle, member = _membership(session, ctx, circle_id, lock=True)
        return _drop(session, circle, member)


def _drop(session: Session, circle: Circle, member: CircleMember) -> bool:
    store.delete_member(session=session, member=member)
    left = store.count_members(session=session, circle_id=circle.id)
    if left == 0 or circle.kind == "buddy":
        store.delete_circle(session=session, circle=circle)
        return True
    return False


def set_shares(ctx: Context, circle_id: int, form: SharesUpdate) -> SharesPublic:
    """Choose what I share with a circle."""
    with ctx.db.transaction() as session:
        _, member = _membership(session, ctx, circle_id)
        member.shares_progress = form.shares_progress
        member.shares_wins = form.shares_wins
        member.shares_ticks = form.shares_ticks
        return _shares(member)


# --- looking at a circle -----------------------------------------------------------------------


def view_circle(ctx: Context, circle_id: int, week: str | None = None) -> CircleView:
    """A circle I am in: each other member's shared section for the week (this one by default)."""
    shown = parse_week(week, today=ctx.today)
    with ctx.db.transaction() as session:
        circle, mine = _membership(session, ctx, circle_id)
        members = store.members_of(session=session, circle_id=circle.id)
        sections = [
            _section(_member_share(session, ctx.person_id, member, person, shown, ctx.today))
            for member, person in members
            if person.id != ctx.person_id
        ]
        return CircleView(
            id=circle.id,
            name=circle.name,
            kind="buddy" if circle.kind == "buddy" else "study",
            week=shown.label,
            week_start=shown.start,
            previous_week=shown.shifted(-1).label,
            next_week=shown.shifted(1).label if shown.end < ctx.today else None,
            can_manage=_can_manage(session, circle, ctx.person_id),
            my_shares=_shares(mine),
            members=[_member(circle, member, person) for member, person in members],
            sections=sections,
        )


def _member_share(
    session: Session,
    viewer_id: int,
    member: CircleMember,
    person: Person,
    week: IsoWeek,
    today: date,
) -> rules.MemberShare:
    """What `person` shows `viewer_id` in this circle for the week: only the kinds they share
    with it, and only from records the visibility helper lets the viewer read."""
    who: dict[str, Any] = {"session": session, "person_id": person.id, "viewer_id": viewer_id}
    span: dict[str, Any] = {**who, "start": week.start, "end": week.end}
    ticks = store.ticks_seen(**span) if member.shares_ticks else None
    return rules.MemberShare(
        person_id=person.id,
        name=person.name,
        progress=_progress(who, week, today) if member.shares_progress else None,
        wins=_wins(who, week) if member.shares_wins else None,
        ticks=None if ticks is None else rules.tick_counts(week, ticks),
    )


def _progress(who: dict[str, Any], week: IsoWeek, today: date) -> rules.Progress:
    span = {**who, "start": week.start, "end": week.end}
    changes = [
        rules.LevelChange(name, old, new, local_day(at))
        for name, old, new, at in store.level_changes_seen(**span)
    ]
    return rules.progress_of(
        week,
        practice=store.practice_seen(**span),
        goals=[goal_fact(row) for row in store.goals_seen(**who, since=week.start)],
        changes=changes,
        today=today,
    )


def _wins(who: dict[str, Any], week: IsoWeek) -> tuple[rules.Win, ...]:
    span = {**who, "start": week.start, "end": week.end}
    return rules.wins_of(
        week,
        achievements=[
            rules.AchievementFact(row.title, row.metric, row.achieved_on)
            for row in store.achievements_seen(**span)
        ],
        reviews=[
            rules.ReviewFact(row.week_start, row.wins)
            for row in store.reviews_seen(**who, week_start=week.start)
        ],
        signals=[
            rules.SignalFact(row.kind, row.source, row.note, row.rating, row.occurred_on)
            for row in store.signals_seen(**span)
        ],
    )


def nudge(ctx: Context, circle_id: int, form: NudgeCreate) -> NudgePublic:
    """A short encouragement to another member of a circle I am in (3 a day to one person)."""
    message = one_line(
        form.message, field="message", label="nudge", max_len=MAX_NUDGE, required=True
    )
    if form.to_id == ctx.person_id:
        raise InvalidInput("Nudge another member of the circle, not yourself.", field="to_id")
    now = ctx.now()
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # one count at a time
        circle, _ = _membership(session, ctx, circle_id)
        if store.get_member(session=session, circle_id=circle.id, person_id=form.to_id) is None:
            raise NotFound(f"Circle number {circle_id} has no member number {form.to_id}.")
        since = now - timedelta(days=1)
        sent = store.count_nudges(
            session=session, from_id=ctx.person_id, to_id=form.to_id, since=since
        )
        if sent >= NUDGES_PER_DAY:
            raise TooManyNudges(
                f"You nudged them {NUDGES_PER_DAY} times in the last day: let it sink in, "
                "and nudge again tomorrow."
            )
        row = store.add_nudge(
            session=session,
            circle_id=circle.id,
            from_id=ctx.person_id,
            to_id=form.to_id,
            message=message or "",
            now=now,
        )
        sender = queries.get_person(session=session, person_id=ctx.person_id)
        return _nudge_public(row, sender.name if sender else "", circle.name)


def list_nudges(ctx: Context) -> list[NudgePublic]:
    """Nudges I received: unseen first, newest first."""
    with ctx.db.transaction() as session:
        rows = store.nudges_to(session=session, person_id=ctx.person_id, limit=NUDGES_LISTED)
        return [_nudge_public(row, sender, circle) for row, sender, circle in rows]


def mark_nudges_seen(ctx: Context, form: NudgesSeen) -> int:
    """Mark received nudges seen (these, or all); how many were unseen."""
    with ctx.db.transaction() as session:
        return store.mark_seen(
            session=session, person_id=ctx.person_id, nudge_ids=form.ids, now=ctx.now()
        )


# --- the weekly digest -------------------------------------------------------------------------


def weekly_digests(db: Database, *, week_start: date) -> list[CircleDigest]:
    """One digest per member per circle of two or more: what the OTHER members shared in the
    week starting `week_start` (any day of it is taken as its week), seen as that member."""
    week = IsoWeek.of(week_start)
    digests: list[CircleDigest] = []
    with db.transaction() as session:
        for circle in store.circles_with_members(session=session, least=2):
            members = store.members_of(session=session, circle_id=circle.id)
            digests += [
                _digest(session, circle, person.id, members, week)
                for _, person in members
                if person.is_active
            ]
    return digests


def _digest(
    session: Session,
    circle: Circle,
    recipient_id: int,
    members: list[tuple[CircleMember, Person]],
    week: IsoWeek,
) -> CircleDigest:
    shares = [
        _member_share(session, recipient_id, member, person, week, week.end)
        for member, person in members
        if person.id != recipient_id
    ]
    return CircleDigest(
        person_id=recipient_id,
        circle_id=circle.id,
        week_start=week.start,
        subject=rules.digest_subject(circle.name, week),
        text=rules.digest_text(circle.name, week, shares),
    )


# --- access ------------------------------------------------------------------------------------


def _membership(
    session: Session, ctx: Context, circle_id: int, *, lock: bool = False
) -> tuple[Circle, CircleMember]:
    """The circle and my membership; NotFound when I am not in it (its existence stays hidden)."""
    circle = store.get_circle(session=session, circle_id=circle_id, lock=lock)
    member = (
        store.get_member(session=session, circle_id=circle_id, person_id=ctx.person_id)
        if circle is not None
        else None
    )
    if circle is None or member is None:
        raise NotFound(f"You are not in a circle number {circle_id}.")
    return circle, member


def _managed(session: Session, ctx: Context, circle_id: int) -> Circle:
    """A circle whose membership I may change: I created it, or I administer the org."""
    circle = store.get_circle(session=session, circle_id=circle_id, lock=True)
    is_hr = _is_hr(session, ctx.person_id)
    member = circle is not None and store.get_member(
        session=session, circle_id=circle_id, person_id=ctx.person_id
    )
    if circle is None or not (member or is_hr or circle.created_by == ctx.person_id):
        raise NotFound(f"You are not in a circle number {circle_id}.")
    if not _can_manage(session, circle, ctx.person_id, is_hr=is_hr):
        raise Forbidden("Only the circle's creator or an HR admin changes who is in it.")
    return circle


def _is_hr(session: Session, person_id: int) -> bool:
    person = queries.get_person(session=session, person_id=person_id)
    return person is not None and person.role == "hr_admin"


def _can_manage(
    session: Session, circle: Circle, person_id: int, *, is_hr: bool | None = None
) -> bool:
    if circle.created_by == person_id:
        return True
    return _is_hr(session, person_id) if is_hr is None else is_hr


# --- shapes ------------------------------------------------------------------------------------


def _summary(session: Session, circle: Circle, viewer_id: int, *, is_hr: bool) -> CircleSummary:
    members = store.members_of(session=session, circle_id=circle.id)
    return CircleSummary(
        id=circle.id,
        name=circle.name,
        kind="buddy" if circle.kind == "buddy" else "study",
        created_by=circle.created_by,
        can_manage=_can_manage(session, circle, viewer_id, is_hr=is_hr),
        members=[_member(circle, member, person) for member, person in members],
    )


def _member(circle: Circle, member: CircleMember, person: Person) -> MemberPublic:
    return MemberPublic(
        person_id=person.id,
        name=person.name,
        is_creator=circle.created_by == person.id,
        joined_at=member.joined_at,
        shares=_shares(member),
    )


def _shares(member: CircleMember) -> SharesPublic:
    return SharesPublic(
        shares_progress=member.shares_progress,
        shares_wins=member.shares_wins,
        shares_ticks=member.shares_ticks,
    )


def _section(share: rules.MemberShare) -> MemberSection:
    progress = share.progress
    return MemberSection(
        person_id=share.person_id,
        name=share.name,
        progress=None
        if progress is None
        else ProgressPublic(
            minutes=progress.minutes,
            sessions=progress.sessions,
            goals_done=progress.goals_done,
            goals_active=progress.goals_active,
            skills_rose=[
                SkillRisePublic(skill=r.skill, from_level=r.from_level, to_level=r.to_level)
                for r in progress.skills_rose
            ],
        ),
        wins=None
        if share.wins is None
        else [WinPublic.model_validate(w, from_attributes=True) for w in share.wins],
        ticks=None
        if share.ticks is None
        else [TickCountPublic(title=t.title, count=t.count) for t in share.ticks],
    )


def _nudge_public(row: Nudge, sender: str, circle: str) -> NudgePublic:
    return NudgePublic(
        id=row.id,
        circle_id=row.circle_id,
        circle_name=circle,
        from_id=row.from_id,
        from_name=sender,
        to_id=row.to_id,
        message=row.message,
        created_at=row.created_at,
        seen_at=row.seen_at,
    )
