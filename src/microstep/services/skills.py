"""Use cases for the skill map."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from microstep.core.skills import SkillLevel, check_level, check_levels
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_text, is_digits
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import taxonomy
from microstep.services.context import Context
from microstep.services.schemas import (
    MAX_ID,
    SkillCreate,
    SkillLevelUpdate,
    SkillPublic,
    SkillSuggestion,
)
from microstep.services.taxonomy_schemas import MatchPublic
from microstep.store import queries
from microstep.store import taxonomy as taxonomy_store
from microstep.store.db import Database
from microstep.store.models import SkillTarget

PICKED = 1.0  # a link the person chose by hand is as sure as a link gets
CLEARED = 0.0  # unlinked and tried: the gap's automatic linking skips it
MAX_SUGGEST = 20
MAX_QUERY = 200  # characters typed into a picker: a phrase, not a posting


def skill_public(row: SkillTarget, labels: Mapping[str, str] | None = None) -> SkillPublic:
    """Shape a stored skill target for output, with its ESCO label (looked up unless given)."""
    return SkillPublic(
        id=row.id,
        name=row.name,
        current_level=row.current_level,
        target_level=row.target_level,
        gap=SkillLevel(row.id, row.name, row.current_level, row.target_level).gap,
        evidence=row.evidence,
        objective_id=row.objective_id,
        esco_uri=row.esco_uri,
        esco_label=_label(row, labels),
        link_score=row.link_score,
        updated_at=row.updated_at,
    )


def _label(row: SkillTarget, labels: Mapping[str, str] | None) -> str | None:
    if row.esco_uri is None:
        return None
    if labels is None:
        # Callers shaping one row (the dashboard too) pass no labels: ask the row's own session.
        session = Session.object_session(row)
        labels = _esco_labels(session, [row]) if session is not None else {}
    return labels.get(row.esco_uri)


def _esco_labels(session: Session, rows: list[SkillTarget]) -> dict[str, str]:
    uris = [row.esco_uri for row in rows if row.esco_uri]
    if not uris:
        return {}
    found = taxonomy_store.get_skills(session=session, uris=uris)
    return {uri: skill.label for uri, skill in found.items()}


def add_skill(ctx: Context, skill_in: SkillCreate) -> SkillPublic:
    """Put a skill on the map with its current and target level (0-5)."""
    name = (
        clean_text(
            skill_in.name, field="name", label="skill name", required=True, max_len=MAX_TITLE
        )
        or ""
    )
    current, target = check_levels(skill_in.current_level, skill_in.target_level)
    evidence = clean_text(skill_in.evidence, field="evidence", required=False, max_len=MAX_NOTE)
    uri = _ready_uri(ctx, skill_in.esco_uri)
    with ctx.db.transaction() as session:
        _check_objective(session, ctx, skill_in.objective_id)
        _check_esco(session, uri)
        key = name.casefold()
        if queries.find_skill_by_key(session=session, person_id=ctx.person_id, name_key=key):
            raise Conflict(f"'{name}' is already on your skill map.", field="name")
        row = queries.add_skill(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            name=name,
            name_key=key,
            current_level=current,
            target_level=target,
            evidence=evidence,
            objective_id=skill_in.objective_id,
            esco_uri=uri,
            link_score=PICKED if uri else None,
        )
        queries.add_level_change(
            session=session,
            skill_id=row.id,
            now=ctx.now(),
            from_level=None,
            to_level=current,
            note="added to the skill map",
        )
        return skill_public(row)


def list_skills(ctx: Context) -> list[SkillPublic]:
    """The skill map, by name, with the ESCO labels of linked skills."""
    with ctx.db.transaction() as session:
        rows = list(queries.list_skills(session=session, person_id=ctx.person_id))
        labels = _esco_labels(session, rows)
        return [skill_public(row, labels) for row in rows]


def link_skill(ctx: Context, skill_id: int, uri: str | None) -> SkillPublic:
    """Link a skill to the ESCO skill the person picked (sure: score 1), or clear it with None."""
    uri = _ready_uri(ctx, uri)
    with ctx.db.transaction() as session:
        row = _get(session, ctx, skill_id)
        _check_esco(session, uri)
        # Score 0 marks "no link, on purpose", so automatic linking leaves a cleared skill alone.
        row.esco_uri, row.link_score = uri, PICKED if uri else CLEARED
        row.updated_at = ctx.now()
        return skill_public(row)


def _ready_uri(ctx: Context, uri: str | None) -> str | None:
    """The URI without stray spaces (None when blank), with the taxonomy loaded to check it."""
    cleaned = (uri or "").strip() or None
    if cleaned is not None:
        taxonomy.plain_uri(cleaned)
        taxonomy.ensure_taxonomy(ctx.db)
    return cleaned


def _check_esco(session: Session, uri: str | None) -> None:
    if uri is not None and taxonomy_store.get_skill(session=session, uri=uri) is None:
        raise NotFound(f"No ESCO skill has the URI {uri}.", field="esco_uri")


def suggest_skills(db: Database, query: str, limit: int = 8) -> list[SkillSuggestion]:
    """ESCO skills for what a person is typing, best first, with their kind."""
    matches = _suggest(db, "skill", query, limit)
    with db.transaction() as session:
        kinds = taxonomy_store.get_skills(session=session, uris=[m.id for m in matches])
        return [
            SkillSuggestion(
                id=m.id,
                label=m.label,
                score=m.score,
                kind=kinds[m.id].kind if m.id in kinds else None,
            )
            for m in matches
        ]


def suggest_roles(db: Database, query: str, limit: int = 8) -> list[MatchPublic]:
    """ESCO occupations for a target role being typed, best first."""
    return _suggest(db, "occupation", query, limit)


def _suggest(db: Database, kind: taxonomy.Kind, query: str, limit: int) -> list[MatchPublic]:
    if not 1 <= limit <= MAX_SUGGEST:
        raise InvalidInput(f"The limit must be between 1 and {MAX_SUGGEST}.", field="limit")
    phrase = " ".join(query.split())
    if not phrase:
        return []  # an emptied picker asks for nothing: no error while someone deletes
    if len(phrase) > MAX_QUERY:
        raise InvalidInput(
            f"Type at most {MAX_QUERY} characters to look up; this is {len(phrase):,}.", field="q"
        )
    link = taxonomy.link_skills if kind == "skill" else taxonomy.link_roles
    return link(db, [phrase], limit)[0].matches


def set_skill_level(ctx: Context, skill_id: int, update: SkillLevelUpdate) -> SkillPublic:
    """Change the current and/or target level, keeping the history."""
    if update.current_level is None and update.target_level is None and update.evidence is None:
        raise InvalidInput("Give a new current level, target level or evidence to change.")
    note = clean_text(update.note, field="note", required=False, max_len=MAX_NOTE)
    with ctx.db.transaction() as session:
        row = _get(session, ctx, skill_id)
        current = row.current_level if update.current_level is None else update.current_level
        target = row.target_level if update.target_level is None else update.target_level
        check_level(current, field="current level")
        check_levels(current, target)
        if current != row.current_level:
            queries.add_level_change(
                session=session,
                skill_id=row.id,
                now=ctx.now(),
                from_level=row.current_level,
                to_level=current,
                note=note,
            )
        if update.evidence is not None:
            row.evidence = clean_text(
                update.evidence, field="evidence", required=False, max_len=MAX_NOTE
            )
        row.current_level, row.target_level, row.updated_at = current, target, ctx.now()
        return skill_public(row)


def _get(session: Session, ctx: Context, skill_id: int) -> SkillTarget:
    row = queries.get_skill(session=session, person_id=ctx.person_id, skill_id=skill_id)
    if row is None:
        raise NotFound(f"There is no skill #{skill_id} on your map.", field="skill_id")
    return row


def _check_objective(session: Session, ctx: Context, objective_id: int | None) -> None:
    if objective_id is None:
        return
    found = queries.get_objective(
        session=session, person_id=ctx.person_id, objective_id=objective_id
    )
    if found is None:
        raise InvalidInput(f"There is no objective #{objective_id}.", field="objective_id")


def find_skill(ctx: Context, ref: str) -> SkillPublic:
    """A skill by its id or by its name (case does not matter)."""
    with ctx.db.transaction() as session:
        row = None
        if is_digits(ref.strip()) and int(ref) <= MAX_ID:
            row = queries.get_skill(session=session, person_id=ctx.person_id, skill_id=int(ref))
        key = " ".join(ref.split()).casefold()
        if row is None:
            row = queries.find_skill_by_key(session=session, person_id=ctx.person_id, name_key=key)
        if row is None:
            row = _one_containing(session, ctx, key, ref)
        return skill_public(row)


def _one_containing(session: Session, ctx: Context, key: str, ref: str) -> SkillTarget:
    rows = queries.list_skills(session=session, person_id=ctx.person_id)
    found = [row for row in rows if key and key in row.name_key]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"There is no skill '{ref}' on your map.", field="skill_id")
    names = ", ".join(f"'{row.name}'" for row in found)
    raise InvalidInput(f"'{ref}' could be {names}: give more of the name.", field="skill_id")
