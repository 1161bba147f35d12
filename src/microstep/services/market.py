"""Use cases of market alignment: import job postings, see what they ask for, and what to learn.

Skills are found in postings by the shared linker (services.taxonomy.extract_skills); the
numbers come from core.market, whose docstring holds the trend rule and the ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from microstep.core import market
from microstep.core.market import Demand, MapSkill, OnetFlag, PostingSkills, RoleSkills
from microstep.core.postings import PostingIn, parse_postings
from microstep.errors import InvalidInput, NotFound
from microstep.services import taxonomy
from microstep.services.context import Context
from microstep.services.market_schemas import (
    FactorPublic,
    MarketPublic,
    MonthPublic,
    PostingImportPublic,
    PostingPublic,
    PostingsDeleted,
    RolePublic,
    SkillDemandPublic,
    SkillLinkPublic,
    SuggestionPublic,
    TechnologyPublic,
    WindowsPublic,
)
from microstep.services.taxonomy import LoadProgress
from microstep.services.taxonomy_schemas import MatchPublic, OccupationPublic
from microstep.store import market as store
from microstep.store import queries
from microstep.store import taxonomy as reference
from microstep.store.db import Database
from microstep.store.models import Objective

EXTRACT_TOP = 15  # skills kept per posting: past this the linker's finds are mostly noise
CHUNK = 20  # postings per linker call, so a progress bar moves on a long import
LINK_FLOOR = 0.68  # a technology's name linked below this is as often wrong as right
TOP_SKILLS = 20
MAX_TOP = 50
EXCERPT = 160
MAX_NAME = 100
NAMED_IN_SUMMARY = 5


# ---------------------------------------------------------------- import


def import_postings(
    ctx: Context,
    data: bytes,
    *,
    name: str,
    default_date: date | None = None,
    progress: LoadProgress | None = None,
) -> PostingImportPublic:
    """Read a CSV or text file of postings, find their skills, store all of them or none.

    A posting already imported (same day, same text) or twice in the file is skipped, so
    importing a file again changes nothing."""
    shown = file_label(name)
    postings = parse_postings(data, name=shown, today=ctx.today, default_date=default_date)
    with ctx.db.transaction() as session:
        known = _known(session, ctx, postings)
    fresh = _unique(postings, known)
    found = _extract(ctx.db, [p.text for p in fresh], progress)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        known = _known(session, ctx, fresh)  # again: another import may have landed meanwhile
        kept = [(p, m) for p, m in zip(fresh, found, strict=True) if _key(p) not in known]
        for posting, matches in kept:
            _store(session, ctx, posting, matches, shown)
    return _summary(shown, postings, kept)


def file_label(name: str) -> str:
    """The file's own name, safe to print: no folders, no control characters, not too long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in base).split())
    return (flat[: MAX_NAME - 1] + "…" if len(flat) > MAX_NAME else flat) or "the file"


def _key(posting: PostingIn) -> tuple[date, str]:
    return posting.posted_on, posting.text


def _known(session: Session, ctx: Context, postings: Sequence[PostingIn]) -> set[tuple[date, str]]:
    days = {p.posted_on for p in postings}
    return store.posting_keys(session=session, person_id=ctx.person_id, days=days)


def _unique(postings: Sequence[PostingIn], known: set[tuple[date, str]]) -> list[PostingIn]:
    seen = set(known)
    fresh = []
    for posting in postings:
        if _key(posting) not in seen:
            seen.add(_key(posting))
            fresh.append(posting)
    return fresh


def _extract(
    db: Database, texts: Sequence[str], progress: LoadProgress | None
) -> list[list[MatchPublic]]:
    """The skills named in each text, in chunks so a progress bar can follow."""
    if not texts:
        return []  # nothing new: no need to wake the linker
    if progress is not None:
        progress.start(len(texts))
    found: list[list[MatchPublic]] = []
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start : start + CHUNK]
        found.extend(r.matches for r in taxonomy.extract_skills(db, chunk, EXTRACT_TOP))
        if progress is not None:
            progress.advance(len(chunk))
    return found


def _store(
    session: Session, ctx: Context, posting: PostingIn, matches: list[MatchPublic], shown: str
) -> None:
    row = store.add_posting(
        session=session,
        person_id=ctx.person_id,
        now=ctx.now(),
        posted_on=posting.posted_on,
        title=posting.title,
        text=posting.text,
        source=posting.source or shown,
    )
    skills = {m.id: m.score for m in matches}
    store.add_posting_skills(session=session, posting_id=row.id, skills=skills)


def _summary(
    shown: str,
    postings: Sequence[PostingIn],
    kept: Sequence[tuple[PostingIn, list[MatchPublic]]],
) -> PostingImportPublic:
    named = Counter(m.label for _, matches in kept for m in matches)
    days = [p.posted_on for p, _ in kept]
    return PostingImportPublic(
        name=shown,
        postings=len(kept),
        duplicates=len(postings) - len(kept),
        skills=len({m.id for _, matches in kept for m in matches}),
        links=sum(len(matches) for _, matches in kept),
        first=min(days, default=None),
        last=max(days, default=None),
        top=[label for label, _ in named.most_common(NAMED_IN_SUMMARY)],
    )


# ---------------------------------------------------------------- postings


def list_postings(ctx: Context, limit: int | None = None) -> list[PostingPublic]:
    """Imported postings, newest first, with how many skills each names."""
    with ctx.db.transaction() as session:
        rows = store.list_postings(session=session, person_id=ctx.person_id, limit=limit)
        return [
            PostingPublic(
                id=row.id,
                posted_on=row.posted_on,
                title=row.title,
                source=row.source,
                excerpt=_excerpt(row.text),
                skills=count,
            )
            for row, count in rows
        ]


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "…"


def delete_postings(ctx: Context, posting_id: int | None = None) -> PostingsDeleted:
    """Delete one imported posting, or all of them; their skills go with them."""
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        if posting_id is None:
            return PostingsDeleted(
                deleted=store.delete_postings(session=session, person_id=ctx.person_id)
            )
        row = store.get_posting(session=session, person_id=ctx.person_id, posting_id=posting_id)
        if row is None:
            raise NotFound(f"There is no posting #{posting_id}.", field="posting_id")
        store.delete_posting(session=session, row=row)
        return PostingsDeleted(deleted=1)


# ---------------------------------------------------------------- demand


@dataclass(frozen=True)
class _Facts:
    """What the market view and the ranking both read."""

    objective: tuple[int, str] | None  # id and title
    occupation: OccupationPublic | None
    demand: Demand
    technologies: list[TechnologyPublic]
    skill_map: list[MapSkill]


def market_view(
    ctx: Context, objective_id: int | None = None, top: int = TOP_SKILLS
) -> MarketPublic:
    """The skills imported postings name most, their trend, and O*NET's flags for the role.

    The objective defaults to the active one with a target occupation."""
    _check_top(top)
    facts = _facts(ctx, objective_id)
    demand = facts.demand
    with ctx.db.transaction() as session:
        skills = _skill_rows(session, [s.uri for s in demand.skills[:top]])
    return MarketPublic(
        postings=demand.total,
        first=demand.first,
        last=demand.last,
        months=[MonthPublic(month=m.month, postings=m.postings) for m in demand.months],
        skills=[
            _demand_public(s, skills.get(s.uri, (s.uri, "skill"))[0], facts.occupation)
            for s in demand.skills[:top]
        ],
        windows=_windows(demand),
        trend_rule=market.TREND_RULE,
        role=_role(facts),
        technologies=facts.technologies,
    )


def learn_next(
    ctx: Context, top: int = 10, objective_id: int | None = None
) -> list[SuggestionPublic]:
    """Skills ranked by demand x relevance to the objective x size of the gap, with reasons."""
    _check_top(top)
    facts = _facts(ctx, objective_id)
    onet = [
        OnetFlag(t.skill.id, t.name, t.hot, t.in_demand)
        for t in facts.technologies
        if t.skill is not None
    ]
    ranked = market.learn_next(
        facts.demand,
        onet=onet,
        role=_role_skills(facts.occupation),
        skill_map=facts.skill_map,
        top=top,
    )
    with ctx.db.transaction() as session:
        skills = _skill_rows(session, [s.uri for s in ranked])
    return [_suggestion(s, *skills.get(s.uri, (s.uri, "skill"))) for s in ranked]


def _check_top(top: int) -> None:
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top must be between 1 and {MAX_TOP}.", field="top")


def _facts(ctx: Context, objective_id: int | None) -> _Facts:
    taxonomy.ensure_taxonomy(ctx.db)
    with ctx.db.transaction() as session:
        objective = _objective(session, ctx, objective_id)
        demand = market.market_demand(_postings(session, ctx.person_id))
        skill_map = _skill_map(session, ctx.person_id, objective)
        picked = (objective.id, objective.title) if objective else None
        uri = objective.occupation_uri if objective else None
    occupation = _occupation(ctx.db, uri)
    technologies = _technologies(ctx.db, occupation)
    return _Facts(picked, occupation, demand, technologies, skill_map)


def _objective(session: Session, ctx: Context, objective_id: int | None) -> Objective | None:
    if objective_id is None:
        rows = store.market_objectives(session=session, person_id=ctx.person_id)
        return rows[0] if rows else None
    row = queries.get_objective(session=session, person_id=ctx.person_id, objective_id=objective_id)
    if row is None:
        raise NotFound(f"There is no objective #{objective_id}.", field="objective_id")
    return row


def _postings(session: Session, person_id: int) -> list[PostingSkills]:
    days = store.posting_days(session=session, person_id=person_id)
    skills: dict[int, set[str]] = {posting_id: set() for posting_id in days}
    for posting_id, uri in store.posting_links(session=session, person_id=person_id):
        skills[posting_id].add(uri)
    return [PostingSkills(days[i], frozenset(uris)) for i, uris in sorted(skills.items())]


def _skill_map(session: Session, person_id: int, objective: Objective | None) -> list[MapSkill]:
    rows = queries.list_skills(session=session, person_id=person_id)
    return [
        MapSkill(
            uri=row.esco_uri,
            name=row.name,
            current=row.current_level,
            target=row.target_level,
            for_objective=row.objective_id is None
            or (objective is not None and row.objective_id == objective.id),
        )
        for row in rows
        if row.esco_uri
    ]


def _occupation(db: Database, uri: str | None) -> OccupationPublic | None:
    if uri is None:
        return None
    try:
        return taxonomy.occupation(db, uri)
    except NotFound:
        return None  # a link the shipped taxonomy no longer knows: show the market without it


def _technologies(db: Database, occupation: OccupationPublic | None) -> list[TechnologyPublic]:
    """O*NET's flagged technologies for the occupation, In Demand first, linked to ESCO."""
    if occupation is None or occupation.onet_code is None:
        return []
    with db.transaction() as session:
        rows = reference.onet_technology(session=session, code=occupation.onet_code)
        flagged = [
            (r.example, r.commodity, r.hot, r.in_demand) for r in rows if r.hot or r.in_demand
        ]
    flagged.sort(key=lambda t: (not t[3], not t[2], t[0].casefold()))
    if not flagged:
        return []
    links = taxonomy.link_skills(db, [name for name, *_ in flagged], top=1)
    return [
        TechnologyPublic(
            name=name,
            commodity=commodity,
            hot=hot,
            in_demand=in_demand,
            skill=_link(link.matches),
        )
        for (name, commodity, hot, in_demand), link in zip(flagged, links, strict=True)
    ]


def _link(matches: list[MatchPublic]) -> SkillLinkPublic | None:
    best = matches[0] if matches else None
    if best is None or best.score < LINK_FLOOR:
        return None
    return SkillLinkPublic(id=best.id, label=best.label, score=best.score)


def _skill_rows(session: Session, uris: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(label, kind) of each ESCO skill; a URI the taxonomy lost keeps its URI as label."""
    rows = reference.get_skills(session=session, uris=uris)
    return {uri: (row.label, row.kind) for uri, row in rows.items()}


def _relation(uri: str, occupation: OccupationPublic | None) -> str | None:
    if occupation is None:
        return None
    if any(s.id == uri for s in occupation.essential):
        return "essential"
    if any(s.id == uri for s in occupation.optional):
        return "optional"
    return None


def _demand_public(
    skill: market.SkillDemand, label: str, occupation: OccupationPublic | None
) -> SkillDemandPublic:
    return SkillDemandPublic(
        id=skill.uri,
        label=label,
        count=skill.count,
        share=round(skill.share, 4),
        recent=skill.recent,
        before=skill.before,
        trend=skill.trend,
        months=list(skill.months),
        relation=_relation(skill.uri, occupation),
    )


def _windows(demand: Demand) -> WindowsPublic | None:
    w = demand.windows
    if w is None:
        return None
    return WindowsPublic(
        before_from=w.before_start,
        before_to=w.before_end,
        recent_from=w.recent_start,
        recent_to=w.recent_end,
        before_postings=demand.before_postings,
        recent_postings=demand.recent_postings,
    )


def _role(facts: _Facts) -> RolePublic | None:
    if facts.objective is None:
        return None
    occupation = facts.occupation
    return RolePublic(
        objective_id=facts.objective[0],
        objective_title=facts.objective[1],
        occupation_id=occupation.id if occupation else None,
        occupation_label=occupation.label if occupation else None,
        onet_code=occupation.onet_code if occupation else None,
        onet_title=occupation.onet_title if occupation else None,
    )


def _role_skills(occupation: OccupationPublic | None) -> RoleSkills | None:
    if occupation is None:
        return None
    return RoleSkills(
        label=occupation.label,
        essential=frozenset(s.id for s in occupation.essential),
        optional=frozenset(s.id for s in occupation.optional),
        onet_title=occupation.onet_title,
    )


def _suggestion(found: market.Suggestion, label: str, kind: str) -> SuggestionPublic:
    return SuggestionPublic(
        id=found.uri,
        label=label,
        kind=kind,
        score=found.score,
        demand=_factor(found.demand),
        relevance=_factor(found.relevance),
        gap=_factor(found.gap),
        reasons=list(found.reasons),
        why=market.why(found),
    )


def _factor(factor: market.Factor) -> FactorPublic:
    return FactorPublic(value=factor.value, reasons=list(factor.reasons))
