"""Use cases of the skill gap: an objective's target role, linking the map, the gap, adopting it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from microstep.core import gap as rules
from microstep.core.dates import day_label
from microstep.core.gap import GapReport, Held, Relation, RoleSkill, SkillKind, SkillStatus
from microstep.core.goals import GoalDraft
from microstep.core.text import MAX_TITLE, clean_text
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import goals, practice, skills, taxonomy
from microstep.services.context import Context
from microstep.services.gap_schemas import (
    MAX_TOP,
    MAX_URI,
    AdoptAs,
    AdoptPublic,
    CoveragePublic,
    GapItemPublic,
    GapPublic,
    GoalSuggestion,
    MicroSkillSuggestion,
    OccupationRef,
    RoleChoice,
    RolePublic,
    RoleSkillPublic,
    SkillLinkPublic,
    SkillLinksPublic,
)
from microstep.services.schemas import GoalCreate, MicroSkillCreate, SkillCreate
from microstep.store import gap as store
from microstep.store import queries
from microstep.store import taxonomy as reference
from microstep.store.db import Database
from microstep.store.models import Objective, SkillTarget, TaxonomyOccupation
from microstep.taxonomy.sources import OCCUPATION_PREFIX, SKILL_PREFIX

LINKED_SCORE = 1.0  # a skill put on the map from the gap is the ESCO concept itself


# --- the target role of an objective ------------------------------------------------------


def role_choices(ctx: Context) -> list[RoleChoice]:
    """The active role objectives a target occupation can be set on, those with one first."""
    with ctx.db.transaction() as session:
        rows = store.role_objectives(session=session, person_id=ctx.person_id)
        return [
            RoleChoice(id=row.id, title=row.title, occupation=_occupation_of(session, row))
            for row in rows
        ]


def set_target_role(
    ctx: Context, objective_id: int, *, uri: str | None = None, text: str | None = None
) -> RolePublic:
    """Aim a role objective at an ESCO occupation, given by URI or linked from a job title.

    The objective's title stays in the person's words; only its occupation link changes."""
    uri, text = _blank(uri), _blank(text)
    if uri is None and text is not None and text.startswith(OCCUPATION_PREFIX):
        uri, text = text, None
    if uri is None and text is None:
        raise InvalidInput(
            "Give the target role as a job title, such as 'data analyst', or as an ESCO "
            "occupation URI.",
            field="text",
        )
    with ctx.db.transaction() as session:
        _role_objective(session, ctx, objective_id)  # refuse early, before linking anything
    score = None
    if uri is not None:
        _check_uri(uri, OCCUPATION_PREFIX, "occupation", field="uri")
        taxonomy.ensure_taxonomy(ctx.db)
    else:
        assert text is not None
        text = clean_text(text, field="text", label="job title", required=True, max_len=MAX_TITLE)
        uri, score = _link_role(ctx, text or "")
    return _store_role(ctx, objective_id, uri, text, score)


def _link_role(ctx: Context, text: str) -> tuple[str, float]:
    matches = taxonomy.link_roles(ctx.db, [text], top=1)[0].matches
    if not matches:
        raise InvalidInput(
            f"Nothing in ESCO fits '{text}' as a job title: try a common title, such as "
            "'data analyst', or pick one from the list.",
            field="text",
        )
    return matches[0].id, matches[0].score


def _store_role(
    ctx: Context, objective_id: int, uri: str, text: str | None, score: float | None
) -> RolePublic:
    with ctx.db.transaction() as session:
        objective = _role_objective(session, ctx, objective_id)
        occupation = reference.get_occupation(session=session, uri=uri)
        if occupation is None:
            raise NotFound(f"No ESCO occupation has the URI {uri}.", field="uri")
        store.set_occupation(session=session, objective=objective, uri=occupation.uri)
        return RolePublic(
            objective_id=objective.id,
            objective_title=objective.title,
            occupation=_ref(occupation),
            matched_text=text,
            score=score,
            message=f"'{objective.title}' now aims at the ESCO occupation '{occupation.label}'.",
        )


def _role_objective(session: Session, ctx: Context, objective_id: int) -> Objective:
    row = queries.get_objective(session=session, person_id=ctx.person_id, objective_id=objective_id)
    if row is None:
        raise NotFound(f"There is no objective #{objective_id}.", field="objective_id")
    if row.kind != "role":
        raise InvalidInput(
            f"Objective #{row.id} '{row.title}' is a capability: a target role fits a role "
            "objective only.",
            field="objective_id",
        )
    return row


# --- linking the skill map ----------------------------------------------------------------


# Linking a name nobody picked by hand needs more confidence than a suggestion in a list: a wrong
# silent link ("Excel pivot tables" -> "arrange tables") is worse than none.
AUTO_LINK = 0.75


def link_skill_targets(ctx: Context, *, retry: bool = True) -> SkillLinksPublic:
    """Link the skills on the map that have no ESCO link yet (best match only); names stay.

    A name nothing in ESCO fits stays unlinked, marked as tried (score 0); `retry=False` skips
    those marked."""
    with ctx.db.transaction() as session:
        rows = store.unlinked_skills(session=session, person_id=ctx.person_id, retry=retry)
        pending = [(row.id, row.name) for row in rows]
    if not pending:
        return SkillLinksPublic(linked=[], unlinked=[])
    results = taxonomy.link_skills(ctx.db, [name for _, name in pending], top=1)
    linked, unlinked = [], []
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        for (skill_id, name), result in zip(pending, results, strict=True):
            row = queries.get_skill(session=session, person_id=ctx.person_id, skill_id=skill_id)
            if row is None or row.esco_uri is not None or row.name != name:
                continue  # changed meanwhile: the newer state wins
            if not result.matches or result.matches[0].score < AUTO_LINK:
                store.set_skill_link(session=session, skill=row, uri=None, score=0.0)
                unlinked.append(name)
                continue
            best = result.matches[0]
            store.set_skill_link(session=session, skill=row, uri=best.id, score=best.score)
            linked.append(
                SkillLinkPublic(
                    skill_id=row.id,
                    name=row.name,
                    esco_uri=best.id,
                    esco_label=best.label,
                    score=best.score,
                )
            )
    return SkillLinksPublic(linked=linked, unlinked=unlinked)


def _link_pending(ctx: Context) -> list[str]:
    """Link skills the linker has not tried yet, so the gap sees them (and the linker is only
    built when there is something new to link)."""
    with ctx.db.transaction() as session:
        if not store.count_untried(session=session, person_id=ctx.person_id):
            return []
    return [item.name for item in link_skill_targets(ctx, retry=False).linked]


# --- the gap ------------------------------------------------------------------------------


def skill_gap(
    ctx: Context, objective_id: int | None = None, *, top: int = 5, link: bool = True
) -> GapPublic:
    """The gap of an objective (default: the active role objective with a target role) to its
    occupation: every skill's status, the coverage and the top gaps with first steps.

    With `link`, skills on the map not linked to ESCO yet are linked first."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"--top must be between 1 and {MAX_TOP}.", field="top")
    with ctx.db.transaction() as session:
        objective_id = _gap_objective(session, ctx, objective_id).id
    taxonomy.ensure_taxonomy(ctx.db)
    linked = _link_pending(ctx) if link else []
    with ctx.db.transaction() as session:
        objective = _gap_objective(session, ctx, objective_id)
        occupation = _occupation(session, objective)
        report = _report(session, ctx, objective, occupation)
        return _gap_public(objective, occupation, report, top=top, linked=linked)


def _gap_objective(session: Session, ctx: Context, objective_id: int | None) -> Objective:
    if objective_id is not None:
        row = _role_objective(session, ctx, objective_id)
        if row.occupation_uri is None:
            raise Conflict(_how_to(row), field="objective_id")
        return row
    rows = store.role_objectives(session=session, person_id=ctx.person_id)
    if rows and rows[0].occupation_uri is not None:
        return rows[0]
    if rows:
        raise Conflict(_how_to(rows[0]), field="objective_id")
    raise Conflict(
        'You have no active role objective yet: add one (`microstep objective add "Data '
        'analyst" --horizon +40w`, or on the Objectives page), then set its target role.',
        field="objective_id",
    )


def _how_to(objective: Objective) -> str:
    return (
        f"Objective #{objective.id} '{objective.title}' has no target role yet: set one with "
        f'`microstep objective role {objective.id} "data analyst"` or on the Gap page.'
    )


def _occupation(session: Session, objective: Objective) -> TaxonomyOccupation:
    uri = objective.occupation_uri or ""
    row = reference.get_occupation(session=session, uri=uri)
    if row is None:
        raise NotFound(
            f"The target role of '{objective.title}' ({uri}) is not in the loaded ESCO: set it "
            f"again with `microstep objective role {objective.id} TITLE`.",
            field="objective_id",
        )
    return row


def _report(
    session: Session, ctx: Context, objective: Objective, occupation: TaxonomyOccupation
) -> GapReport:
    role = [
        RoleSkill(row.uri, row.label, SkillKind(row.kind), Relation(relation), row.reuse)
        for row, relation in reference.occupation_skills(
            session=session, occupation_id=occupation.id
        )
    ]
    return rules.skill_gap(
        role,
        _held(session, ctx),
        role_label=occupation.label,
        objective_id=objective.id,
        today=ctx.today,
        policy=ctx.policy,
    )


def _held(session: Session, ctx: Context) -> list[Held]:
    practised = store.practice_by_skill(session=session, person_id=ctx.person_id)
    return [
        Held(
            skill_id=row.id,
            name=row.name,
            esco_uri=row.esco_uri,
            current_level=row.current_level,
            target_level=row.target_level,
            evidence=bool(row.evidence),
            practice_minutes=practised.get(row.id, (0, 0))[0],
            mastered_microskills=practised.get(row.id, (0, 0))[1],
        )
        for row in queries.list_skills(session=session, person_id=ctx.person_id)
    ]


def _gap_public(
    objective: Objective,
    occupation: TaxonomyOccupation,
    report: GapReport,
    *,
    top: int,
    linked: list[str],
) -> GapPublic:
    return GapPublic(
        objective_id=objective.id,
        objective_title=objective.title,
        occupation=_ref(occupation),
        essential=_coverage(report.essential),
        optional=_coverage(report.optional),
        skills=[_skill_public(item) for item in report.skills],
        gaps=[_gap_item(rank, gap) for rank, gap in enumerate(report.gaps[:top], 1)],
        total_gaps=len(report.gaps),
        linked=linked,
    )


def _coverage(coverage: rules.Coverage) -> CoveragePublic:
    return CoveragePublic(
        strong=coverage.strong,
        growing=coverage.growing,
        missing=coverage.missing,
        total=coverage.total,
        share=round(coverage.share, 4),
    )


def _skill_public(item: SkillStatus) -> RoleSkillPublic:
    held = item.held
    return RoleSkillPublic(
        id=item.skill.uri,
        label=item.skill.label,
        kind=item.skill.kind,
        relation=item.skill.relation,
        reuse=item.skill.reuse,
        status=item.status,
        skill_id=held.skill_id if held else None,
        your_words=held.name if held else None,
        current_level=held.current_level if held else None,
        target_level=held.target_level if held else None,
        practice_minutes=held.practice_minutes if held else 0,
        evidence=held.proven if held else False,
    )


def _goal_fields(draft: GoalDraft) -> dict[str, Any]:
    """The fields a suggested micro-goal and the one planned from it share."""
    return {
        "title": draft.title,
        "kind": draft.kind,
        "metric": draft.metric,
        "target_value": draft.target_value,
        "unit": draft.unit,
        "due": draft.due,
        "effort_hours": draft.effort_hours,
    }


def _microskill_fields(idea: rules.MicroSkillIdea) -> dict[str, Any]:
    """The fields a suggested micro-skill and the one created from it share."""
    return {
        "definition": idea.definition,
        "metric": idea.metric,
        "unit": idea.unit,
        "direction": idea.rule.direction,
        "minutes": idea.minutes,
        "mastery_threshold": idea.rule.threshold,
        "mastery_needed": idea.rule.needed,
        "mastery_window": idea.rule.window,
    }


def _gap_item(rank: int, gap: rules.Gap) -> GapItemPublic:
    idea, goal = gap.microskill, gap.goal
    assert goal.due is not None  # the rules always set one
    return GapItemPublic(
        rank=rank,
        skill=_skill_public(gap.item),
        score=gap.score,
        reason=gap.reason,
        microskill=MicroSkillSuggestion(
            **_microskill_fields(idea), rule=idea.rule.describe(idea.unit)
        ),
        goal=GoalSuggestion(**_goal_fields(goal)),
    )


# --- adopting a gap -----------------------------------------------------------------------


class _Joined(Database):
    """Storage whose transactions join one already open: existing use cases compose into one
    transaction, so adopting a gap writes everything or nothing."""

    def __init__(self, outer: Database, session: Session) -> None:
        super().__init__(outer.engine)
        self._session = session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The open session; the outer transaction commits or rolls back."""
        yield self._session


def adopt_gap(
    ctx: Context,
    uri: str,
    as_: AdoptAs = AdoptAs.SKILL,
    *,
    objective_id: int | None = None,
) -> AdoptPublic:
    """Put a gap on the map, or create its suggested micro-skill or micro-goal, through the
    existing use cases, in one transaction; adopting it again creates nothing new."""
    uri = _check_uri(uri.strip(), SKILL_PREFIX, "skill", field="uri")
    with ctx.db.transaction() as session:
        objective_id = _gap_objective(session, ctx, objective_id).id
    taxonomy.ensure_taxonomy(ctx.db)
    _link_pending(ctx)  # the same view of the map as the gap shown
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # a double click waits
        joined = replace(ctx, db=_Joined(ctx.db, session))
        objective = _gap_objective(session, ctx, objective_id)
        occupation = _occupation(session, objective)
        item = _find(_report(session, ctx, objective, occupation).skills, uri, occupation)
        row, added = _ensure_skill(session, joined, item, objective.id)
        if as_ is AdoptAs.MICROSKILL:
            return _adopt_microskill(session, joined, item, row, added)
        if as_ is AdoptAs.GOAL:
            return _adopt_goal(session, joined, item, row, added, objective.id)
        same = rules.name_key(row.name) == rules.name_key(item.skill.label)
        words = "" if same else f" as '{row.name}'"
        message = (
            f"Added '{row.name}' to your skill map, linked to ESCO."
            if added
            else f"'{item.skill.label}' is already on your skill map{words}."
        )
        return AdoptPublic(
            adopted_as=as_, created=added, message=message, skill=skills.skill_public(row)
        )


def _find(items: Sequence[SkillStatus], uri: str, occupation: TaxonomyOccupation) -> SkillStatus:
    for item in items:
        if item.skill.uri == uri:
            return item
    raise NotFound(
        f"{uri} is not one of the skills ESCO lists for '{occupation.label}'.", field="uri"
    )


def _ensure_skill(
    session: Session, joined: Context, item: SkillStatus, objective_id: int
) -> tuple[SkillTarget, bool]:
    """The skill on the map for this gap, added (and linked) when missing."""
    if item.held is not None:
        row = queries.get_skill(
            session=session, person_id=joined.person_id, skill_id=item.held.skill_id
        )
        assert row is not None  # read in this transaction, under the person's lock
        if row.esco_uri is None:  # matched by its name: the link is certain
            store.set_skill_link(session=session, skill=row, uri=item.skill.uri, score=1.0)
        return row, False
    new = SkillCreate(
        name=item.skill.label,
        current_level=0,
        target_level=rules.STRONG_LEVEL,
        objective_id=objective_id,
    )
    added = skills.add_skill(joined, new)
    row = queries.get_skill(session=session, person_id=joined.person_id, skill_id=added.id)
    assert row is not None
    store.set_skill_link(session=session, skill=row, uri=item.skill.uri, score=LINKED_SCORE)
    return row, True


def _adopt_microskill(
    session: Session, joined: Context, item: SkillStatus, row: SkillTarget, added: bool
) -> AdoptPublic:
    idea = rules.microskill_idea(item)
    siblings = queries.list_microskills(
        session=session, person_id=joined.person_id, skill_id=row.id
    )
    same = [s for s in siblings if s.definition.casefold() == idea.definition.casefold()]
    if same:
        existing = practice.microskill_public(same[0], row.name, today=joined.today)
        return AdoptPublic(
            adopted_as=AdoptAs.MICROSKILL,
            created=False,
            message=f"'{idea.definition}' is already in the stack of '{row.name}'.",
            skill=skills.skill_public(row),
            microskill=existing,
        )
    created = practice.add_microskill(
        joined,
        MicroSkillCreate(skill_id=row.id, **_microskill_fields(idea)),
    )
    state = "started it" if created.state == "active" else "queued it"
    mapped = f" put '{row.name}' on your map and" if added else ""
    return AdoptPublic(
        adopted_as=AdoptAs.MICROSKILL,
        created=True,
        message=f"Added the micro-skill '{created.definition}':{mapped} {state}.",
        skill=skills.skill_public(row),
        microskill=created,
    )


def _adopt_goal(
    session: Session,
    joined: Context,
    item: SkillStatus,
    row: SkillTarget,
    added: bool,
    objective_id: int,
) -> AdoptPublic:
    draft = rules.goal_idea(
        item, objective_id=objective_id, today=joined.today, policy=joined.policy
    )
    existing = store.find_open_goal(
        session=session, person_id=joined.person_id, skill_id=row.id, title=draft.title
    )
    if existing is not None:
        return AdoptPublic(
            adopted_as=AdoptAs.GOAL,
            created=False,
            message=f"'{draft.title}' is already one of your open micro-goals.",
            skill=skills.skill_public(row),
            goal=goals.goal_public(existing),
        )
    goal_in = GoalCreate(**_goal_fields(draft), objective_id=objective_id, skill_id=row.id)
    created = goals.add_goal(joined, goal_in)
    mapped = f" '{row.name}' is on your map too." if added else ""
    return AdoptPublic(
        adopted_as=AdoptAs.GOAL,
        created=True,
        message=f"Planned the micro-goal '{created.title}', due {day_label(created.due)}.{mapped}",
        skill=skills.skill_public(row),
        goal=created,
    )


# --- small helpers ------------------------------------------------------------------------


def _blank(text: str | None) -> str | None:
    if text is None:
        return None
    return text.strip() or None


def _check_uri(uri: str, prefix: str, kind: str, *, field: str) -> str:
    bad = any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in uri)
    if not uri.startswith(prefix) or len(uri) > MAX_URI or bad:
        shown = uri if len(uri) <= 80 else uri[:79] + "…"
        shown = "".join(ch if ch.isprintable() else "?" for ch in shown)
        raise InvalidInput(
            f"'{shown}' is not an ESCO {kind} URI: those start with {prefix}.", field=field
        )
    return uri


def _ref(row: TaxonomyOccupation) -> OccupationRef:
    return OccupationRef(
        id=row.uri, label=row.label, description=row.description, onet_code=row.onet_code
    )


def _occupation_of(session: Session, objective: Objective) -> OccupationRef | None:
    if objective.occupation_uri is None:
        return None
    row = reference.get_occupation(session=session, uri=objective.occupation_uri)
    if row is None:  # the taxonomy is not loaded (yet): the URI alone still says it
        return OccupationRef(id=objective.occupation_uri, label=objective.occupation_uri)
    return _ref(row)
