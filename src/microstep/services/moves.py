"""Use cases of the move tracker: plan a move, record its outcome (which adds evidence to the
person's skills), read one's timeline with the breadth-and-depth check, and a colleague's moves
as far as they are shared.

`begin_move` and `apply_outcome` work inside a caller's transaction (the marketplace starts and
reviews moves in its own); the ctx-level functions below own theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from microstep.core import moves as rules
from microstep.core.gap import name_key
from microstep.core.text import MAX_NOTE, clean_text
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import roles
from microstep.services.context import Context
from microstep.services.moves_schemas import (
    DepthPublic,
    MoveCreate,
    MoveOutcomeCreate,
    MovePublic,
    MoveTimeline,
    MoveUpdate,
    OutcomePublic,
)
from microstep.store import evidence as evidence_store
from microstep.store import moves as store
from microstep.store import queries
from microstep.store.models import Move, Role, SkillTarget

SOURCES = ("manual", "import", "marketplace")
NEW_SKILL_TARGET = 3  # the target level a skill first named by a move gets ("practising")


def begin_move(
    session: Session,
    *,
    person_id: int,
    kind: str | None,
    to_role_id: int,
    start: date,
    end: date | None,
    intended_skills: Sequence[str],
    success_criteria: str | None,
    source: str,
    opportunity_id: int | None = None,
    visibility: str | None,
    now: datetime,
    notes: str | None = None,
) -> int:
    """Add a move to a person's timeline (from the role they hold at its start) and return its
    id; a short trial without an end date or success criteria is refused."""
    if kind is not None and kind not in rules.MOVE_KINDS:
        raise InvalidInput(f"There is no kind of move called {rules.quoted(kind)}.", field="kind")
    if source not in SOURCES:
        raise InvalidInput(f"A move comes from {', '.join(SOURCES)}, not {rules.quoted(source)}.")
    criteria = clean_text(
        success_criteria, field="success_criteria", required=False, max_len=MAX_NOTE
    )
    rules.check_dates(start, end)
    rules.check_trial(kind, end, criteria)
    skills = rules.intended(intended_skills)
    row = store.add_move(
        session=session,
        person_id=person_id,
        now=now,
        kind=kind,
        from_role_id=role_held(session, person_id=person_id, on=start),
        to_role_id=to_role_id,
        start_date=start,
        end_date=end,
        intended_skills=skills,
        success_criteria=criteria,
        notes=clean_text(notes, field="notes", required=False, max_len=MAX_NOTE),
        source=source,
        opportunity_id=opportunity_id,
        visibility=visibility,
    )
    return row.id


def role_held(session: Session, *, person_id: int, on: date, skip: int | None = None) -> int | None:
    """The role id a person holds on a day: their latest lasting move started by then."""
    facts = [
        rules.MoveFact(kind=m.kind, role=str(m.to_role_id), start=m.start_date, end=m.end_date)
        for m in store.list_moves(session=session, person_id=person_id)
        if m.id != skip
    ]
    held = rules.current_role(facts, on)
    return int(held) if held is not None else None


@dataclass(frozen=True)
class OutcomeApplied:
    """What recording an outcome changed: the evidence entry and the skills it touched."""

    move_id: int
    signal_id: int
    raised: tuple[str, ...]  # skills one level up because of this move (this time)
    added: tuple[str, ...]  # skills put on the map because the move named them


def apply_outcome(
    session: Session,
    *,
    move_id: int,
    outcome: str,
    note: str | None,
    actor_id: int,
    now: datetime,
) -> OutcomeApplied:
    """Record how a move went and add its evidence: one evidence-log entry (an assignment) and,
    on each intended skill, a line of evidence and — when the criteria were met — one level up
    (once per move and skill, however often the outcome is edited)."""
    checked = rules.parse_outcome(outcome)
    said = clean_text(note, field="outcome_note", required=False, max_len=MAX_NOTE)
    move = store.get_move(session=session, move_id=move_id)
    if move is None:
        raise NotFound(f"There is no move #{move_id}.", field="move_id")
    if move.start_date > now.date():
        raise InvalidInput(
            f"This move starts on {rules.day_text(move.start_date)}: record its outcome once it "
            "has begun.",
            field="outcome",
        )
    move.outcome, move.outcome_note, move.updated_at = checked, said, now
    title = rules.move_title(move.kind, _role_title(session, move.to_role_id))
    signal_id = _log_signal(session, move, title=title, actor_id=actor_id, now=now)
    raised: list[str] = []
    added: list[str] = []
    for name in move.intended_skills or []:
        skill, is_new = _skill_of(session, person_id=move.person_id, name=name, now=now)
        if is_new:
            added.append(skill.name)
        line = rules.outcome_line(move.id, title, checked, said)
        skill.evidence = rules.with_line(skill.evidence, line, rules.move_marker(move.id), MAX_NOTE)
        skill.updated_at = now
        if checked == "met" and _raise_once(session, skill, move_id=move.id, title=title, now=now):
            raised.append(skill.name)
    return OutcomeApplied(move.id, signal_id, tuple(raised), tuple(added))


def _role_title(session: Session, role_id: int | None) -> str:
    return store.role_titles(session=session, role_ids=[role_id]).get(role_id or 0, "a role")


def _log_signal(session: Session, move: Move, *, title: str, actor_id: int, now: datetime) -> int:
    """The move's one entry in the evidence log, added or brought up to date."""
    outcome = rules.OUTCOME_LABELS[move.outcome or "met"].lower()
    note = f"{title}: {outcome}" + (f" — {move.outcome_note}" if move.outcome_note else "")
    day = min(move.end_date or now.date(), now.date())
    source = _source(session, move, actor_id)
    row = store.move_signal(session=session, move_id=move.id)
    if row is None:
        row = evidence_store.add_signal(
            session=session,
            person_id=move.person_id,
            now=now,
            kind="assignment",
            occurred_on=day,
            note=note[:MAX_NOTE],
            source=source,
            move_id=move.id,
        )
    else:
        row.note, row.occurred_on, row.source = note[:MAX_NOTE], day, source
    return row.id


def _source(session: Session, move: Move, actor_id: int) -> str:
    """Who the evidence came from: the reviewer when somebody else recorded it."""
    if actor_id == move.person_id:
        return "move outcome"
    actor = queries.get_person(session=session, person_id=actor_id)
    return f"reviewed by {actor.name}"[:200] if actor is not None else "move review"


def _skill_of(
    session: Session, *, person_id: int, name: str, now: datetime
) -> tuple[SkillTarget, bool]:
    """The person's skill of this name, put on their map (level 0) when missing."""
    key = name_key(name)
    found = queries.find_skill_by_key(session=session, person_id=person_id, name_key=key)
    if found is not None:
        return found, False
    row = queries.add_skill(
        session=session,
        person_id=person_id,
        now=now,
        name=name,
        name_key=key,
        current_level=0,
        target_level=NEW_SKILL_TARGET,
        evidence=None,
        objective_id=None,
        esco_uri=None,
        link_score=None,
    )
    queries.add_level_change(
        session=session,
        skill_id=row.id,
        now=now,
        from_level=None,
        to_level=0,
        note="added to the skill map by a move",
    )
    return row, True


def _raise_once(
    session: Session, skill: SkillTarget, *, move_id: int, title: str, now: datetime
) -> bool:
    """One level up for a met move, unless this move already gave it (or the skill is at 5)."""
    marker = rules.move_marker(move_id)
    if store.has_level_change(session=session, skill_id=skill.id, marker=marker):
        return False
    level = rules.raised(skill.current_level)
    if level == skill.current_level:
        return False
    queries.add_level_change(
        session=session,
        skill_id=skill.id,
        now=now,
        from_level=skill.current_level,
        to_level=level,
        note=f"{title} {marker} met its success criteria",
    )
    skill.current_level = level
    skill.target_level = max(skill.target_level, level)
    return True


# --- use cases of the acting person ------------------------------------------------------------


def timeline(ctx: Context) -> MoveTimeline:
    """The acting person's moves in order, the role they hold and the breadth-and-depth check."""
    with ctx.db.transaction() as session:
        rows = store.list_moves(session=session, person_id=ctx.person_id)
        return _timeline(session, ctx, ctx.person_id, rows)


def colleague_timeline(ctx: Context, person_id: int) -> MoveTimeline:
    """Someone's moves as far as they are shared with the acting person (all of one's own)."""
    if person_id == ctx.person_id:
        return timeline(ctx)
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=person_id)
        if person is None or person.is_local or not person.is_active:
            raise NotFound(f"There is nobody with number {person_id} in this organization.")
        rows = store.shared_moves(session=session, person_id=person_id, viewer_id=ctx.person_id)
        every = store.list_moves(session=session, person_id=person_id)
        return _timeline(session, ctx, person_id, rows, from_shown=_from_shown(every, rows))


def _from_shown(every: Sequence[Move], shown: Sequence[Move]) -> set[int]:
    """The shown moves whose from-role a viewer may see: those whose role before comes from a
    move that is shown too (a hidden promotion must not surface as the next move's from-role)."""
    visible = {row.id for row in shown}
    pairs = sorted(((_fact(row, str(row.to_role_id)), row) for row in every), key=_pair_key)
    ordered = [row for _, row in pairs]
    allowed: set[int] = set()
    for row, source in zip(ordered, rules.previous_steps([f for f, _ in pairs]), strict=True):
        came_from = ordered[source] if source is not None else None
        if (
            row.id in visible
            and came_from is not None
            and came_from.id in visible
            and came_from.to_role_id == row.from_role_id
        ):
            allowed.add(row.id)
    return allowed


def get_move(ctx: Context, move_id: int) -> MovePublic:
    """One of the acting person's moves."""
    with ctx.db.transaction() as session:
        row = _own(session, ctx, move_id)
        return _one(session, ctx, row)


def add_move(ctx: Context, move_in: MoveCreate) -> MovePublic:
    """Put a move on the acting person's timeline; a short trial needs an end date and success
    criteria."""
    title = roles.clean_title(move_in.role)
    links = roles.role_links(ctx.db, [title])
    with ctx.db.transaction() as session:
        role_id = roles.role_id(session, title, now=ctx.now(), links=links)
        move_id = begin_move(
            session,
            person_id=ctx.person_id,
            kind=move_in.kind,
            to_role_id=role_id,
            start=move_in.start_date,
            end=move_in.end_date,
            intended_skills=move_in.intended_skills,
            success_criteria=move_in.success_criteria,
            source="manual",
            visibility=move_in.visibility,
            now=ctx.now(),
            notes=move_in.notes,
        )
        _rechain(session, ctx.person_id)
        return _one(session, ctx, _own(session, ctx, move_id))


# What the participant may change on a move the marketplace began: the rest (kind, role, dates,
# intended skills, success criteria) follows the opportunity, and its outcome is the review's —
# else a participant could name new skills and certify them met before the poster reviews.
MARKETPLACE_EDITABLE = frozenset({"notes", "visibility"})


def edit_move(ctx: Context, move_id: int, update: MoveUpdate) -> MovePublic:
    """Change a move; the short-trial rule holds for the result. Of a marketplace move only the
    notes and sharing change: the rest follows its opportunity."""
    given = update.model_fields_set
    title = roles.clean_title(update.role) if update.role is not None else None
    links = roles.role_links(ctx.db, [title]) if title else {}
    with ctx.db.transaction() as session:
        row = _own(session, ctx, move_id)
        if row.source == "marketplace" and given - MARKETPLACE_EDITABLE:
            raise Conflict(
                "This move came from the marketplace: its kind, role, dates, intended skills "
                "and success criteria follow the opportunity, so change only its notes or sharing."
            )
        _apply(row, update, given)
        if title is not None:
            row.to_role_id = roles.role_id(session, title, now=ctx.now(), links=links)
        rules.check_dates(row.start_date, row.end_date)
        rules.check_trial(row.kind, row.end_date, row.success_criteria)
        row.updated_at = ctx.now()
        _rechain(session, ctx.person_id)
        return _one(session, ctx, row)


def _apply(row: Move, update: MoveUpdate, given: set[str]) -> None:
    """Copy the given fields of an update onto the row, checked as a new move's are."""
    if "kind" in given:
        row.kind = update.kind
    if update.start_date is not None:
        row.start_date = update.start_date
    if update.end_date is not None:
        row.end_date = update.end_date
    if update.clear_end:
        row.end_date = None
    if update.intended_skills is not None:
        row.intended_skills = rules.intended(update.intended_skills)
    for name in ("success_criteria", "notes"):
        if name in given:
            value = clean_text(getattr(update, name), field=name, required=False, max_len=MAX_NOTE)
            setattr(row, name, value)
    if update.visibility is not None:
        row.visibility = update.visibility


def delete_move(ctx: Context, move_id: int) -> MovePublic:
    """Take a move off the acting person's timeline (its evidence-log entry stays, unlinked);
    a marketplace move stays, as the opportunity's record of it."""
    with ctx.db.transaction() as session:
        row = _own(session, ctx, move_id)
        if row.source == "marketplace":
            raise Conflict(
                "This move came from the marketplace and stays on its record: change its "
                "sharing to hide it instead."
            )
        removed = _one(session, ctx, row)
        store.delete_row(session=session, row=row)
        _rechain(session, ctx.person_id)
        return removed


def record_outcome(ctx: Context, move_id: int, outcome_in: MoveOutcomeCreate) -> OutcomePublic:
    """Record how one of the acting person's moves went; a met move raises its intended skills
    one level (once), and every outcome adds evidence. A marketplace move's outcome is the
    opportunity's review (services.opportunities records it through `apply_outcome`); an
    imported move is the person's own history, theirs to judge like a manual one."""
    with ctx.db.transaction() as session:
        row = _own(session, ctx, move_id)
        if row.source == "marketplace":
            raise Conflict(
                "This move came from the marketplace: its outcome comes from the opportunity's "
                "review.",
                field="outcome",
            )
        # A note left out keeps the one recorded before; an empty one clears it.
        given = "note" in outcome_in.model_fields_set
        applied = apply_outcome(
            session,
            move_id=row.id,
            outcome=outcome_in.outcome,
            note=outcome_in.note if given else row.outcome_note,
            actor_id=ctx.person_id,
            now=ctx.now(),
        )
        return OutcomePublic(
            move=_one(session, ctx, row), raised=list(applied.raised), added=list(applied.added)
        )


def _own(session: Session, ctx: Context, move_id: int) -> Move:
    row = store.get_own_move(session=session, person_id=ctx.person_id, move_id=move_id)
    if row is None:
        raise NotFound(f"There is no move #{move_id} on your timeline.", field="move_id")
    return row


def _rechain(session: Session, person_id: int) -> None:
    """Each move's from-role: the role held just before it, after a move was added, changed or
    removed earlier in the timeline."""
    rows = store.list_moves(session=session, person_id=person_id)
    pairs = sorted(((_fact(row, str(row.to_role_id)), row) for row in rows), key=_pair_key)
    before = rules.previous_roles([fact for fact, _ in pairs])
    for (_, row), held in zip(pairs, before, strict=True):
        role_id = int(held) if held is not None else None
        if row.from_role_id != role_id:
            row.from_role_id = role_id


def _pair_key(pair: tuple[rules.MoveFact, Move]) -> tuple[date, bool, date, str, int]:
    return (*rules.order_key(pair[0]), pair[1].id)


def _fact(row: Move, role: str) -> rules.MoveFact:
    return rules.MoveFact(
        kind=row.kind,
        role=role,
        start=row.start_date,
        end=row.end_date,
        intended_skills=tuple(row.intended_skills or ()),
        outcome=row.outcome,
    )


def _timeline(
    session: Session,
    ctx: Context,
    person_id: int,
    rows: Sequence[Move],
    *,
    from_shown: set[int] | None = None,
) -> MoveTimeline:
    """The timeline of these moves; `from_shown`, when given, names the moves whose from-role
    may be shown (a colleague's view), else every from-role is (the owner's own view)."""
    person = queries.get_person(session=session, person_id=person_id)
    shown = {r.id for r in rows} if from_shown is None else from_shown
    known = store.roles(session=session, role_ids=[r.to_role_id for r in rows])
    known.update(
        store.roles(session=session, role_ids=[r.from_role_id for r in rows if r.id in shown])
    )
    pairs = sorted(((_fact(r, _title(known, r.to_role_id)), r) for r in rows), key=_pair_key)
    facts = [fact for fact, _ in pairs]
    deep = rules.deep_steps(facts, ctx.today)
    until = rules.held_until(facts, ctx.today)
    name = person.name if person is not None else ""
    return MoveTimeline(
        person_id=person_id,
        name=name,
        current_role=rules.current_role(facts, ctx.today),
        depth=_depth(facts, ctx.today, name=name, colleague=from_shown is not None),
        moves=[
            _public(
                row,
                known,
                deep=d,
                today=ctx.today,
                show_from=row.id in shown,
                ended=pairs[later][1] if later is not None else None,
            )
            for (_, row), d, later in zip(pairs, deep, until, strict=True)
        ],
    )


def _depth(
    facts: Sequence[rules.MoveFact], today: date, *, name: str, colleague: bool
) -> DepthPublic | None:
    """The depth check; a colleague gets it only over the moves shared with them, said so, and
    not at all when nothing is shared (a verdict on a view that may be partial is no verdict)."""
    check = rules.depth_check(facts, today)
    if not colleague:
        return DepthPublic(
            moves=check.moves, deep=check.deep, flagged=check.flagged, reason=check.reason
        )
    if not facts:
        return None
    return DepthPublic(
        moves=check.moves,
        deep=check.deep,
        flagged=check.flagged,
        reason=rules.shared_depth_reason(check, shown=len(facts), name=name),
        shared_only=True,
    )


def _one(session: Session, ctx: Context, row: Move) -> MovePublic:
    """One move shaped for output, its depth judged against the person's earlier moves."""
    shown = _timeline(
        session, ctx, row.person_id, store.list_moves(session=session, person_id=row.person_id)
    )
    return next(m for m in shown.moves if m.id == row.id)


def _title(known: dict[int, Role], role_id: int | None) -> str:
    role = known.get(role_id or 0)
    return role.title if role is not None else "an unknown role"


def _public(
    row: Move,
    known: dict[int, Role],
    *,
    deep: bool,
    today: date,
    show_from: bool,
    ended: Move | None = None,
) -> MovePublic:
    """One move shaped for output; `ended`: the later lasting change that ended it (a lasting
    move left open), so it shows as held until then rather than as ongoing."""
    role = known.get(row.to_role_id)
    fact = _fact(row, _title(known, row.to_role_id))
    held = ended.start_date if ended is not None else None
    return MovePublic(
        id=row.id,
        kind=row.kind,  # type: ignore[arg-type]  # the table's check keeps it a MoveKind
        kind_label=rules.KIND_LABELS.get(row.kind or "", "Move"),
        is_trial=rules.is_short(row.kind),
        from_role=_title(known, row.from_role_id) if row.from_role_id and show_from else None,
        to_role=fact.role,
        to_role_code=(role.onet_code or role.occupation_uri) if role is not None else None,
        start_date=row.start_date,
        end_date=row.end_date,
        weeks=round(replace(fact, end=held).weeks(today) if held else fact.weeks(today), 1),
        held_until=held,
        ended_by=rules.KIND_LABELS.get(ended.kind or "", "move").lower() if ended else None,
        intended_skills=list(row.intended_skills or []),
        success_criteria=row.success_criteria,
        outcome=row.outcome,  # type: ignore[arg-type]
        outcome_label=rules.OUTCOME_LABELS.get(row.outcome or ""),
        outcome_note=row.outcome_note,
        notes=row.notes,
        source=row.source,
        opportunity_id=row.opportunity_id,
        visibility=row.visibility,  # type: ignore[arg-type]
        deep=deep,
        problems=rules.trial_problems(row.kind, row.end_date, row.success_criteria),
        updated_at=row.updated_at,
    )


def move_shown(row: Move) -> tuple[str, str | None, date | None]:
    """How a shared move shows on a profile: what it was, how it went, when it began."""
    session = Session.object_session(row)
    titles = store.role_titles(session=session, role_ids=[row.to_role_id]) if session else {}
    title = rules.move_title(row.kind, titles.get(row.to_role_id, "a role"))
    until = f"until {rules.day_text(row.end_date)}" if row.end_date else "ongoing"
    outcome = rules.OUTCOME_LABELS.get(row.outcome or "")
    return title, f"{until}, {outcome.lower()}" if outcome else until, row.start_date
