"""Use cases of succession: mark and unmark critical roles (HR), list them, and the bench of
each — candidates by readiness with reasons, bench strength, the roles with no successor — for
HR (the whole organization) and managers (candidates from their teams only).

What a role needs is read here and decided in core.succession.role_needs, the organization's
own word first: the skills the marketplace's opportunities for it require (their level) and
what at least half of its incumbents hold on the skill maps the viewer may see (their median
level), the higher level winning. Only when neither names a skill do ESCO's essential skills of
the role's occupation stand in, and then only those on a skill map the viewer may see in the
slice (level 3): ESCO's full lists (10-30 skills, many nobody here records) would leave every
role without a successor once the taxonomy is loaded. People's skills match a need by the ESCO
skill they are linked to, else by name (case and spacing aside).

Everyone's skills are read through `visible_to`: a candidate who shares no skill map with the
viewer is listed as "not enough shared to judge", never as unready. The organization's
operator (the CLI without --as, person id 0) owns no map and is nobody's manager, mentor or
circle peer, so it reads only the maps shared with the whole organization; an HR admin also
reads their own and those shared with them as a manager, mentor or circle peer, so their counts
can differ. The maths is in core/succession.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from microstep.core import succession as core
from microstep.core.history import History
from microstep.core.matching import SkillKeys
from microstep.core.moves import quoted, role_key
from microstep.core.text import clean_text, is_digits, one_line
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import analytics
from microstep.services.context import Context
from microstep.services.succession_schemas import (
    BarPublic,
    BarSegmentPublic,
    BucketCount,
    CandidatePublic,
    ChartPublic,
    CriticalRoleCreate,
    CriticalRolePublic,
    NeedPublic,
    RoleBenchPublic,
    SuccessionPublic,
)
from microstep.store import succession as store
from microstep.store.models import CriticalRole, Person, Role

SHOWN = 25  # candidates listed per role, best first
MAX_SHOWN = 500
MAX_NOTE = 2000
MAX_TITLE = 200
HR_ONLY = "Only HR admins mark and unmark critical roles."
COUNTED = (
    core.Bucket.READY_NOW,
    core.Bucket.WITHIN_YEAR,
    core.Bucket.WITHIN_TWO,
    core.Bucket.NOT_YET,
    core.Bucket.UNJUDGED,
)


def list_critical_roles(ctx: Context) -> list[CriticalRolePublic]:
    """The critical roles, by title (HR admins and managers)."""
    with ctx.db.transaction() as session:
        analytics.scope(session, ctx)
        return [_public(c, r, by) for c, r, by in store.critical_roles(session=session)]


def mark_critical(ctx: Context, role_in: CriticalRoleCreate) -> CriticalRolePublic:
    """HR: mark a role critical (by its title or id) with an optional note on why."""
    note = clean_text(role_in.note, field="note", label="note", max_len=MAX_NOTE, required=False)
    with ctx.db.transaction() as session:
        _require_hr(session, ctx)
        role = _role(session, role_in.role, role_in.role_id)
        if store.critical_by_role(session=session, role_id=role.id) is not None:
            raise Conflict(f"{role.title} is already a critical role.", field="role")
        by = None if ctx.person_id == analytics.OPERATOR else ctx.person_id
        row = store.add_critical(
            session=session, role_id=role.id, note=note, created_by_id=by, now=ctx.now()
        )
        return _public(row, role, _name_of(session, ctx.person_id))


def unmark_critical(ctx: Context, critical_id: int) -> CriticalRolePublic:
    """HR: unmark a critical role by the id the list shows."""
    with ctx.db.transaction() as session:
        _require_hr(session, ctx)
        row = store.get_critical(session=session, critical_id=critical_id)
        if row is None:
            raise NotFound(f"There is no critical role #{critical_id}.", field="critical_id")
        return _unmark(session, row)


def unmark_role(ctx: Context, role: str) -> CriticalRolePublic:
    """HR: unmark a critical role by the role's title or id."""
    with ctx.db.transaction() as session:
        _require_hr(session, ctx)
        found = _role(session, role, None)
        row = store.critical_by_role(session=session, role_id=found.id)
        if row is None:
            raise NotFound(f"{found.title} is not a critical role.", field="role")
        return _unmark(session, row)


def succession(ctx: Context, team_id: int | None = None, limit: int = SHOWN) -> SuccessionPublic:
    """Each critical role's bench for the viewer's slice: candidates by readiness with reasons,
    bench strength, and the roles with no successor first."""
    if not 1 <= limit <= MAX_SHOWN:
        raise InvalidInput(f"The limit must be between 1 and {MAX_SHOWN}.", field="limit")
    with ctx.db.transaction() as session:
        slice_ = analytics.scope(session, ctx, team_id)
        history = analytics.history(session, ctx, slice_)
        teams = slice_.team_options()
        marks = store.critical_roles(session=session)
        active = sorted(p for p, info in history.people.items() if info.active)
        keys = SkillKeys()
        skills, names = _maps(session, ctx, active, keys)
        needs = _needs(session, history, [r for _, r, _ in marks], keys, skills, names)
        for need in needs.values():
            names.update(need.names)
        role_ids = [r.id for _, r, _ in marks]
        ready = core.readiness(
            history,
            role_ids,
            {r: n.levels for r, n in needs.items()},
            skills,
            min_group=analytics.MIN_GROUP,
        )
        profiles = store.profiles(session=session, person_ids=active)
        rows = [
            (
                _bench(ready, column, mark, needs[role.id], names, profiles, limit),
                core.bench(ready, column),
            )
            for column, (mark, role, _) in enumerate(marks)
        ]
    rows.sort(key=lambda pair: (not pair[1].no_successor, pair[0].title.casefold()))
    benches = [public for public, _ in rows]
    chart = core.bench_chart([(public.title, bench) for public, bench in rows])
    return SuccessionPublic(
        scope=slice_.label,
        team_id=team_id,
        teams=teams,
        is_hr=slice_.is_hr,
        people=len(active),
        roles=benches,
        no_successor=[b.title for b in benches if b.no_successor],
        chart=_chart(chart),
    )


def role_titles(ctx: Context) -> list[str]:
    """HR: the titles of the roles the organization's records name (its counted moves, its
    opportunities, its critical roles), for the mark-a-role form; a title typed into a private
    move is never listed."""
    with ctx.db.transaction() as session:
        _require_hr(session, ctx)
        return store.role_titles(session=session)


# --- helpers ---------------------------------------------------------------------------------


def _require_hr(session: Session, ctx: Context) -> None:
    """HR admins (and the organization's operator, the CLI without --as) only."""
    if ctx.person_id == analytics.OPERATOR:
        return
    if not store.is_hr(session=session, person_id=ctx.person_id):
        raise Forbidden(HR_ONLY)


def _name_of(session: Session, person_id: int) -> str | None:
    person = session.get(Person, person_id)
    return person.name if person is not None else None


def _role(session: Session, title: str | None, role_id: int | None) -> Role:
    """A role the organization's records name, by id or by title (digits alone are an id)."""
    text = one_line(title, field="role", label="role", max_len=MAX_TITLE, required=False) or ""
    if role_id is None and is_digits(text):
        role_id = int(text)
    if role_id is not None:
        found = store.get_role(session=session, role_id=role_id) if role_id < 2**31 else None
        if found is None:
            raise NotFound(f"There is no role #{role_id}.", field="role_id")
        return found
    if not text:
        raise InvalidInput("Give the role's title or its id.", field="role")
    found = store.role_by_key(session=session, title_key=role_key(text))
    if found is None:
        raise InvalidInput(
            f"There is no role called {quoted(text)}: use a title the organization's moves name.",
            field="role",
        )
    return found


def _unmark(session: Session, row: CriticalRole) -> CriticalRolePublic:
    role = store.get_role(session=session, role_id=row.role_id)
    assert role is not None  # a critical role keeps its role (RESTRICT)
    public = _public(row, role, None)
    store.delete_critical(session=session, critical=row)
    return public


def _public(row: CriticalRole, role: Role, by: str | None) -> CriticalRolePublic:
    return CriticalRolePublic(
        id=row.id,
        role_id=role.id,
        title=role.title,
        note=row.note,
        created_by=by,
        created_at=row.created_at,
    )


def _needs(
    session: Session,
    history: History,
    roles: Sequence[Role],
    keys: SkillKeys,
    maps: dict[int, dict[str, int]],
    names: dict[str, str],
) -> dict[int, core.Needs]:
    """role id -> what it needs: its opportunities' required skills and what its incumbents
    (in the slice) hold on the maps the viewer may see (`maps`); else ESCO's essentials of its
    occupation that are on those maps."""
    uris = {r.occupation_uri for r in roles if r.occupation_uri}
    essential: dict[str, list[tuple[str, str]]] = {}
    for occupation, skill_uri, label in store.essential_skills(
        session=session, occupation_uris={u for u in uris if u}
    ):
        essential.setdefault(occupation, []).append((keys.key(label, skill_uri), label))
    required: dict[int, list[tuple[str, str, int]]] = {}
    for role_id, name, uri, level in store.required_by_opportunities(
        session=session, role_ids=[r.id for r in roles]
    ):
        required.setdefault(role_id, []).append((keys.key(name, uri), name, level))
    holders = core.incumbents_of(history, [r.id for r in roles])
    vocabulary = {key for held in maps.values() for key, level in held.items() if level > 0}
    return {
        r.id: core.role_needs(
            essential.get(r.occupation_uri or "", []),
            required.get(r.id, []),
            [maps[p] for p in holders.get(r.id, []) if p in maps],
            names,
            vocabulary=vocabulary,
            linked=bool(r.occupation_uri),
        )
        for r in roles
    }


def _maps(
    session: Session, ctx: Context, people: Sequence[int], keys: SkillKeys
) -> tuple[dict[int, dict[str, int]], dict[str, str]]:
    """person -> skill key -> level (what the viewer may see), and each key's words."""
    maps: dict[int, dict[str, int]] = {}
    names: dict[str, str] = {}
    for person, name, uri, level in store.visible_skills(
        session=session, viewer_id=ctx.person_id, person_ids=people
    ):
        key = keys.key(name, uri)
        held = maps.setdefault(person, {})
        held[key] = max(held.get(key, 0), level)
        names.setdefault(key, name)
    return maps, names


def _bench(
    ready: core.Readiness,
    column: int,
    mark: CriticalRole,
    needs: core.Needs,
    names: dict[str, str],
    profiles: set[int],
    limit: int,
) -> RoleBenchPublic:
    history = ready.history
    bench = core.bench(ready, column)
    listed = [r for b in core.LISTED for r in ready.in_bucket(column, b)][:limit]
    unjudged = ready.in_bucket(column, core.Bucket.UNJUDGED)[:limit]
    role = ready.roles[column]
    return RoleBenchPublic(
        critical_id=mark.id,
        role_id=role,
        title=history.title(role),
        note=mark.note,
        incumbents=sorted(history.people[p].name for p in ready.incumbents(column)),
        needs=[
            NeedPublic(name=needs.names[k], level=level, sources=needs.sources[k])
            for k, level in sorted(
                needs.levels.items(), key=lambda kv: needs.names[kv[0]].casefold()
            )
        ],
        counts=[
            BucketCount(bucket=b.value, label=core.BUCKET_LABELS[b], count=bench.counts[b])  # type: ignore[arg-type]
            for b in COUNTED
        ],
        bench_strength=bench.strength,
        no_successor=bench.no_successor,
        needs_basis=needs.basis,
        candidates=[_candidate(ready, r, column, names, needs, profiles) for r in listed],
        unjudged=[_candidate(ready, r, column, names, needs, profiles) for r in unjudged],
    )


def _candidate(
    ready: core.Readiness,
    row: int,
    column: int,
    names: dict[str, str],
    needs: core.Needs,
    profiles: set[int],
) -> CandidatePublic:
    found = core.explain(ready, row, column, names, needs)
    history = ready.history
    info = history.people[found.person]
    current = ready.current[row]
    return CandidatePublic(
        person_id=found.person,
        name=info.name,
        has_profile=found.person in profiles,
        team=history.teams.get(info.team) if info.team is not None else None,
        role=history.title(current) if current is not None else None,
        bucket=found.bucket.value,  # type: ignore[arg-type]
        bucket_label=core.BUCKET_LABELS[found.bucket],
        score=found.score,
        skills_held=found.have,
        skills_below=found.partial,
        skills_needed=found.needed,
        reasons=list(found.reasons),
    )


def _chart(chart: core.BenchChart) -> ChartPublic:
    return ChartPublic(
        bars=[
            BarPublic(
                label=b.label,
                y=b.y,
                segments=[
                    BarSegmentPublic(bucket=s.bucket, x=s.x, width=s.width, count=s.count)
                    for s in b.segments
                ],
                strength=b.strength,
                no_successor=b.no_successor,
                title=b.title,
            )
            for b in chart.bars
        ],
        height=chart.height,
        row_height=chart.row_height,
        bar_y=chart.bar_y,
        bar_height=chart.bar_height,
    )
