"""Whom a person's records are shared with, and what a colleague may see of them.

Every record starts private unless its owner chose a wider default for its kind; the owner may
change one record, or a whole kind at once. Reading across people goes through
`store.visibility.visible_to`, the one privacy helper.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from microstep.errors import NotFound
from microstep.services.context import Context
from microstep.services.moves import move_shown
from microstep.services.sharing_schemas import (
    KindSharing,
    Profile,
    ProfileItem,
    ShareResult,
    ShareUpdate,
    Visibility,
)
from microstep.store import accounts as account_store
from microstep.store import queries
from microstep.store import sharing as store
from microstep.store.models import (
    Achievement,
    ActionPick,
    CheckIn,
    Experiment,
    FeedbackRequest,
    JobPosting,
    Lesson,
    MicroGoal,
    MicroSkill,
    Move,
    Objective,
    PracticeSession,
    Review,
    Signal,
    SkillTarget,
)

# Kind -> (label, model). The order is the sharing page's.
KINDS: dict[str, tuple[str, type[Any]]] = {
    "objectives": ("Objectives", Objective),
    "skills": ("Skill map", SkillTarget),
    "goals": ("Micro-goals", MicroGoal),
    "microskills": ("Micro-skills", MicroSkill),
    "practice": ("Practice journal", PracticeSession),
    "actions": ("Micro-action ticks", ActionPick),
    "signals": ("Evidence log", Signal),
    "feedback": ("Feedback requests", FeedbackRequest),
    "experiments": ("Experiments", Experiment),
    "checkins": ("Check-ins", CheckIn),
    "reviews": ("Weekly reviews", Review),
    "lessons": ("Lessons", Lesson),
    "achievements": ("Portfolio wins", Achievement),
    "moves": ("Career moves", Move),
    "postings": ("Job postings", JobPosting),
}
KIND_OF = {model: kind for kind, (_, model) in KINDS.items()}


def _model(kind: str) -> type[Any]:
    if kind not in KINDS:
        raise NotFound(f"There is no kind of record called '{kind[:40]}': try {', '.join(KINDS)}.")
    return KINDS[kind][1]


def sharing(ctx: Context) -> list[KindSharing]:
    """Each kind of the acting person's records: counts by visibility, and the default."""
    with ctx.db.transaction() as session:
        chosen = store.defaults(session=session, person_id=ctx.person_id)
        return [
            KindSharing(
                kind=kind,
                label=label,
                default=_scope(chosen.get(kind, "private")),
                counts=store.visibility_counts(
                    session=session, model=model, person_id=ctx.person_id
                ),
            )
            for kind, (label, model) in KINDS.items()
        ]


def _scope(value: str) -> Visibility:
    scopes: dict[str, Visibility] = {
        "private": "private",
        "circle": "circle",
        "manager": "manager",
        "org": "org",
    }
    return scopes.get(value, "private")


def share_kind(ctx: Context, kind: str, change: ShareUpdate) -> ShareResult:
    """Share new records of a kind this widely (and, unless told not to, the existing ones)."""
    model = _model(kind)
    with ctx.db.transaction() as session:
        store.set_default(
            session=session, person_id=ctx.person_id, kind=kind, visibility=change.visibility
        )
        changed = 0
        if change.existing:
            changed = store.set_all(
                session=session, model=model, person_id=ctx.person_id, visibility=change.visibility
            )
        return ShareResult(kind=kind, visibility=change.visibility, changed=changed)


def share_record(ctx: Context, kind: str, record_id: int, visibility: Visibility) -> ShareResult:
    """Share one of the acting person's records this widely."""
    model = _model(kind)
    with ctx.db.transaction() as session:
        record = store.get_record(
            session=session, model=model, person_id=ctx.person_id, record_id=record_id
        )
        if record is None:
            raise NotFound(f"You have no {KINDS[kind][0].lower()} record number {record_id}.")
        changed = int(record.visibility != visibility)
        record.visibility = visibility
        return ShareResult(kind=kind, visibility=visibility, changed=changed)


def profile(ctx: Context, person_id: int) -> Profile:
    """What the acting person may see of someone: only records shared with them."""
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=person_id)
        if person is None or person.is_local or not person.is_active:
            raise NotFound(f"There is nobody with number {person_id} in this organization.")
        team = (
            account_store.get_team(session=session, team_id=person.team_id)
            if person.team_id
            else None
        )
        return Profile(
            person_id=person.id,
            name=person.name,
            team=team.name if team else None,
            is_self=person.id == ctx.person_id,
            items=list(_shared_items(session, person_id=person.id, viewer_id=ctx.person_id)),
        )


def _shared(session: Session, model: type[Any], *, person_id: int, viewer_id: int) -> list[Any]:
    return store.shared_with(session=session, model=model, person_id=person_id, viewer_id=viewer_id)


# How each kind shows on a profile: its title, a detail and a day (practice is summed up).
Shown = tuple[str, str | None, date | None]
SHOWN: dict[str, Callable[[Any], Shown]] = {
    "objectives": lambda r: (r.title, f"{r.kind} objective", r.horizon),
    "skills": lambda r: (r.name, f"level {r.current_level} now, aiming at {r.target_level}", None),
    "goals": lambda r: (r.title, r.status, r.due),
    "microskills": lambda r: (r.definition, r.state, None),
    "actions": lambda r: (r.title, f"{r.focus} micro-action", r.picked_on),
    "signals": lambda r: (
        r.note or r.kind,
        f"{r.kind}" + (f" from {r.source}" if r.source else ""),
        r.occurred_on,
    ),
    "feedback": lambda r: (r.question, f"asked {r.asked_whom} about {r.about}", r.asked_on),
    "experiments": lambda r: (r.tactic, r.status, r.starts_on),
    "checkins": lambda r: (r.title, f"with {r.with_whom}", None),
    "reviews": lambda r: (r.wins or "weekly review", "wins of the week", r.week_start),
    "lessons": lambda r: (r.title, None, r.learned_on),
    "achievements": lambda r: (r.title, r.metric, r.achieved_on),
    "postings": lambda r: (r.title or "job posting", r.source, r.posted_on),
    "moves": move_shown,
}
PER_KIND = 20
PRACTICE_DAYS = 28


def _shared_items(session: Session, *, person_id: int, viewer_id: int) -> Iterable[ProfileItem]:
    for kind, (label, model) in KINDS.items():
        rows = _shared(session, model, person_id=person_id, viewer_id=viewer_id)
        if kind == "practice":
            yield from _practice_summary(rows)
            continue
        for row in rows[:PER_KIND]:
            title, detail, on = SHOWN[kind](row)
            yield ProfileItem(
                kind=label, title=title, detail=detail, on=on, visibility=_scope(row.visibility)
            )


def _practice_summary(rows: list[Any]) -> Iterable[ProfileItem]:
    """Practice shows as its sum over the last four weeks, not session by session."""
    if not rows:
        return
    latest = max(row.practised_on for row in rows)
    recent = [r for r in rows if (latest - r.practised_on).days < PRACTICE_DAYS]
    minutes = sum(r.minutes for r in recent)
    yield ProfileItem(
        kind=KINDS["practice"][0],
        title=f"{len(recent)} practice sessions, {minutes} minutes",
        detail=f"the {PRACTICE_DAYS} days up to the last one",
        on=latest,
        visibility=_scope(rows[0].visibility),
    )


@event.listens_for(Session, "before_flush")
def _default_visibility(session: Session, _context: Any, _instances: Any) -> None:
    """New records without a visibility get their owner's default for the kind (else private)."""
    fresh = [obj for obj in session.new if type(obj) in KIND_OF and obj.visibility is None]
    if not fresh:
        return
    owners = {obj.person_id for obj in fresh}
    with session.no_autoflush:
        chosen = store.defaults_of(session=session, person_ids=owners)
    for obj in fresh:
        obj.visibility = chosen.get((obj.person_id, KIND_OF[type(obj)]), "private")
