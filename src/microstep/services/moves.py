"""Use cases of the move tracker: plan a move, record its outcome (which adds evidence to the
person's skills), read one's timeline with the breadth-and-depth check, and a colleague's moves
as far as they are shared.

`begin_move` and `apply_outcome` work inside a caller's transaction (the marketplace starts and
reviews moves in its own); the ctx-level functions below own theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from microstep.core import moves as rules
from microstep.core.gap import name_key
from microstep.core.text import MAX_NOTE, clean_text
from microstep.errors import InvalidInput, NotFound
from microstep.store import evidence as evidence_store
from microstep.store import moves as store
from microstep.store import queries
from microstep.store.models import Move, SkillTarget

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
        raise InvalidInput(f"There is no kind of move called '{kind[:40]}'.", field="kind")
    if source not in SOURCES:
        raise InvalidInput(f"A move comes from {', '.join(SOURCES)}, not '{source[:40]}'.")
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
            f"This move starts on {move.start_date.isoformat()}: record its outcome once it has "
            "begun.",
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
