"""Use cases of matching: opportunities ranked for me, candidates for an opportunity, and the
global assignment HR runs.

Matching another person uses only what they share with the viewer (skills, objectives and moves
read through `visible_to`): a candidate who shares nothing is not scored. The maths is in
core/matching.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from microstep.core import matching as core
from microstep.core.moves import KIND_LABELS, SHORT_KINDS, MoveFact
from microstep.core.opportunities import PUBLIC
from microstep.errors import Forbidden, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.matching_schemas import (
    AssignmentPublic,
    CandidateMatch,
    CandidatesPublic,
    FillPublic,
    OpportunityMatch,
    PlacementPublic,
    ScoresPublic,
    TeamUsePublic,
)
from microstep.store import matching as store
from microstep.store.models import Opportunity, Person

RANKED = 10
CANDIDATES = 20
MAX_TEAM_CAP = 1000
EXACT_PAIRS = 200_000  # up to this many pairs the flow runs on every pair (the exact optimum)
TAKEN = ("approved", "declined")  # an application that rules a pair out of the assignment
# A short move under way with no share of the week recorded (one entered by hand or imported,
# not made from an opportunity) counts as one day a week, and its reason says it is assumed.
DEFAULT_SHORT_SHARE = 20


def ranked_for_person(ctx: Context, limit: int = RANKED) -> list[OpportunityMatch]:
    """Open opportunities ranked for the acting person, best first, with reasons."""
    with ctx.db.transaction() as session:
        opps = [
            o for o in store.open_opportunities(session=session) if o.posted_by_id != ctx.person_id
        ]
        me = store.active_people(session=session, ids=[ctx.person_id])
        if not opps or not me:
            return []
        problem = _problem(session, ctx, me, opps)
        applied = store.applications_of(session=session, person_id=ctx.person_id)
        teams = store.team_names(session=session)
        ranked = core.rank_opportunities(problem, 0, len(opps))
        # A place one is approved for does not take time from itself: score it again without.
        ranked = sorted(
            (
                _besides_own_place(session, ctx, me, opps, m)
                if applied.get(opps[m.opportunity].id) == "approved"
                else m
                for m in ranked
            ),
            key=lambda m: -m.total,
        )
        return [
            _opportunity_match(match, opps[match.opportunity], teams, applied)
            for match in ranked[: max(0, limit)]
        ]


def _besides_own_place(
    session: Session,
    ctx: Context,
    me: Sequence[Person],
    opps: Sequence[Opportunity],
    match: core.Match,
) -> core.Match:
    """The match of an opportunity the person is approved for, their place in it not counted
    against their time."""
    opp = opps[match.opportunity]
    alone = _problem(session, ctx, me, [opp], besides=opp.id)
    return replace(core.rank_opportunities(alone, 0, 1)[0], opportunity=match.opportunity)


def candidates_for(ctx: Context, opportunity_id: int, limit: int = CANDIDATES) -> CandidatesPublic:
    """The people best matched to an opportunity, for its poster, its team's manager or HR."""
    with ctx.db.transaction() as session:
        opp = _managed_opportunity(session, ctx, opportunity_id)
        applied = {
            person: status
            for _, person, status in store.applications_to(
                session=session, opportunity_ids=[opp.id]
            )
        }
        people = _considered(session, ctx, exclude=[opp.posted_by_id or 0], also=applied)
        teams = store.team_names(session=session)
        matches = (
            core.rank_people(
                _problem(session, ctx, people, [opp], besides=opp.id), 0, max(0, limit)
            )
            if people
            else []
        )
        return CandidatesPublic(
            opportunity_id=opp.id,
            title=opp.title,
            status=opp.status,
            considered=len(people),
            candidates=[
                _candidate(match, people[match.person], teams, applied) for match in matches
            ],
        )


def global_assignment(ctx: Context, team_cap: int | None) -> AssignmentPublic:
    """HR's proposal: who goes where among the open opportunities, maximising the total score,
    every opportunity within its open slots and at most `team_cap` people from one team."""
    if team_cap is not None and not 1 <= team_cap <= MAX_TEAM_CAP:
        raise InvalidInput(f"The team cap must be between 1 and {MAX_TEAM_CAP}.", field="team_cap")
    started = time.perf_counter()
    with ctx.db.transaction() as session:
        if not store.is_hr(session=session, person_id=ctx.person_id):
            raise Forbidden("Only an HR admin of the organization may run the global assignment.")
        posted = store.open_opportunities(session=session)
        applications = store.applications_to(
            session=session, opportunity_ids=[o.id for o in posted]
        )
        opps, slots = _open_slots(posted, applications)
        people = _considered(session, ctx, exclude=[], also={})
        everyone = len(store.active_people(session=session))
        teams = store.team_names(session=session)
        if not opps or not people:
            return _assignment_public(
                _Run(team_cap, [], opps, slots, people, teams, None, None, everyone), started
            )
        problem = _problem(session, ctx, people, opps, slots=slots)
        blocked = _blocked(people, opps, applications)
        solved, greedy = _solve(problem, team_cap, blocked)
        matches = _placements(problem, solved)
        run = _Run(team_cap, matches, opps, slots, people, teams, solved, greedy, everyone)
        return _assignment_public(run, started)


@dataclass(frozen=True)
class Fit:
    """How well one person fits one opportunity, out of 100, with the first reason."""

    score: int
    reason: str


def fits(ctx: Context, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Fit]:
    """Scores of (person id, opportunity id) pairs, for the approvals queue: each person scored
    on what they share with the viewer only (read through `visible_to`), like candidates."""
    if not pairs:
        return {}
    with ctx.db.transaction() as session:
        people = list(store.active_people(session=session, ids=sorted({p for p, _ in pairs})))
        opps = list(store.open_opportunities(session=session, ids=sorted({o for _, o in pairs})))
        if not people or not opps:
            return {}
        problem = _problem(session, ctx, people, opps)
        row = {p.id: i for i, p in enumerate(people)}
        col = {o.id: j for j, o in enumerate(opps)}
        found = {}
        for person_id, opp_id in pairs:
            if person_id in row and opp_id in col:
                match = core.explain(problem, row[person_id], col[opp_id])
                found[(person_id, opp_id)] = Fit(round(match.total * 100), match.reasons[0])
        return found


@dataclass(frozen=True)
class Reach:
    """Whom the global assignment can consider: people are matched only on the skills they
    share, and HR reads skill maps shared with the organization (besides their own and those
    of any team they manage)."""

    people: int  # active people in the organization
    considered: int  # of them, those with a skill map HR may read

    @property
    def left_out(self) -> int:
        """People the assignment cannot consider: no skill map shared that widely."""
        return self.people - self.considered


def assignment_reach(ctx: Context) -> Reach:
    """How many people HR's assignment considers, of how many (HR only)."""
    with ctx.db.transaction() as session:
        if not store.is_hr(session=session, person_id=ctx.person_id):
            raise Forbidden("Only an HR admin of the organization may run the global assignment.")
        everyone = store.active_people(session=session)
        considered = _considered(session, ctx, exclude=[], also={})
        return Reach(people=len(everyone), considered=len(considered))


# --- gathering the facts ---------------------------------------------------------------------


def _problem(
    session: Session,
    ctx: Context,
    people: Sequence[Person],
    opps: Sequence[Opportunity],
    *,
    slots: Sequence[int] | None = None,
    besides: int | None = None,
) -> core.Problem:
    """The problem to score; `besides`: an opportunity whose approved places do not count
    against the time of the people approved for it (its own candidates)."""
    keys = core.SkillKeys()
    opp_facts = [
        _opportunity_facts(o, keys, capacity=slots[j] if slots is not None else o.capacity)
        for j, o in enumerate(opps)
    ]
    person_facts = _people_facts(session, ctx, people, keys, besides=besides)
    return core.build_problem(person_facts, opp_facts, today=ctx.today)


def _opportunity_facts(
    opp: Opportunity, keys: core.SkillKeys, *, capacity: int
) -> core.OpportunityFacts:
    def needs(relation: str) -> tuple[core.SkillNeed, ...]:
        return tuple(
            core.SkillNeed(keys.key(s.name, s.esco_uri), s.name, s.level)
            for s in sorted(opp.skills, key=lambda s: s.id)
            if s.relation == relation
        )

    return core.OpportunityFacts(
        id=opp.id,
        title=opp.title,
        kind=opp.kind,
        team_id=opp.team_id,
        share_of_time=opp.share_of_time,
        weeks=opp.weeks,
        capacity=capacity,
        required=needs("required"),
        offered=needs("offered"),
    )


@dataclass
class _Facts:
    levels: dict[str, int]
    targets: dict[str, int]
    names: dict[str, str]
    objective_skills: set[str]
    moves: list[MoveFact]
    objective: str | None = None
    committed: int = 0
    commitments: list[str] = field(default_factory=list)

    def commit(self, share: int, what: str) -> None:
        self.committed = min(100, self.committed + share)
        self.commitments.append(what)


def _people_facts(
    session: Session,
    ctx: Context,
    people: Sequence[Person],
    keys: core.SkillKeys,
    *,
    besides: int | None = None,
) -> list[core.PersonFacts]:
    ids = [p.id for p in people]
    facts = {i: _Facts({}, {}, {}, set(), []) for i in ids}
    objectives: dict[int, int] = {}
    for objective in store.visible_objectives(
        session=session, viewer_id=ctx.person_id, person_ids=ids
    ):
        if facts[objective.person_id].objective is None:
            facts[objective.person_id].objective = objective.title
        objectives[objective.id] = objective.person_id
    for skill in store.visible_skills(session=session, viewer_id=ctx.person_id, person_ids=ids):
        fact, key = facts[skill.person_id], keys.key(skill.name, skill.esco_uri)
        fact.levels[key], fact.targets[key], fact.names[key] = (
            skill.current_level,
            skill.target_level,
            skill.name,
        )
        if skill.objective_id in objectives:
            fact.objective_skills.add(key)
    for move, role, share in store.visible_moves(
        session=session, viewer_id=ctx.person_id, person_ids=ids
    ):
        fact = facts[move.person_id]
        fact.moves.append(
            MoveFact(move.kind, role, move.start_date, move.end_date, tuple(move.intended_skills))
        )
        if not store.in_progress(move, ctx.today):
            continue
        label = KIND_LABELS.get(move.kind or "", "move").lower()
        if share is not None:
            fact.commit(share, f"a {label} under way takes {share}%")
        elif move.kind in SHORT_KINDS:
            fact.commit(
                DEFAULT_SHORT_SHARE,
                f"a {label} under way counted as {DEFAULT_SHORT_SHARE}%, its share not recorded",
            )
    for person_id, opp_id, title, share in store.approved_places(
        session=session, viewer_id=ctx.person_id, person_ids=ids
    ):
        if opp_id != besides:
            facts[person_id].commit(share, f"approved for '{title}' at {share}%")
    return [_person_facts(p, facts[p.id]) for p in people]


def _person_facts(person: Person, fact: _Facts) -> core.PersonFacts:
    return core.PersonFacts(
        id=person.id,
        name=person.name,
        team_id=person.team_id,
        levels=fact.levels,
        targets=fact.targets,
        skill_names=fact.names,
        objective=fact.objective,
        objective_skills=frozenset(fact.objective_skills),
        committed=fact.committed,
        moves=tuple(fact.moves),
        commitments=tuple(fact.commitments),
    )


def _considered(
    session: Session, ctx: Context, *, exclude: Sequence[int], also: Iterable[int]
) -> list[Person]:
    """Active people who share at least one skill with the viewer, plus these (applicants)."""
    everyone = store.active_people(session=session, exclude=exclude)
    sharing = {
        s.person_id
        for s in store.visible_skills(
            session=session, viewer_id=ctx.person_id, person_ids=[p.id for p in everyone]
        )
    }
    wanted = sharing | set(also)
    return [p for p in everyone if p.id in wanted]


def _managed_opportunity(session: Session, ctx: Context, opportunity_id: int) -> Opportunity:
    found = store.open_opportunities(session=session, ids=[opportunity_id])
    if not found:
        raise NotFound(f"There is no opportunity #{opportunity_id}.", field="opportunity_id")
    opp = found[0]
    if opp.posted_by_id == ctx.person_id:
        return opp
    if store.is_hr(session=session, person_id=ctx.person_id) or store.manages_team(
        session=session, person_id=ctx.person_id, team_id=opp.team_id
    ):
        return opp
    seen = opp.status in PUBLIC or opp.id in store.applications_of(
        session=session, person_id=ctx.person_id
    )
    if not seen:  # a draft or cancelled one stays with its managers (and its applicants)
        raise NotFound(f"There is no opportunity #{opportunity_id}.", field="opportunity_id")
    raise Forbidden("Only the poster, the team's manager or HR see an opportunity's candidates.")


# --- the assignment --------------------------------------------------------------------------


def _open_slots(
    opps: Sequence[Opportunity], applications: Sequence[tuple[int, int, str]]
) -> tuple[list[Opportunity], list[int]]:
    """Opportunities with slots left once approved applicants are counted, and those slots."""
    approved: dict[int, int] = {}
    for opp_id, _, status in applications:
        if status == "approved":
            approved[opp_id] = approved.get(opp_id, 0) + 1
    kept = [(o, o.capacity - approved.get(o.id, 0)) for o in opps]
    kept = [(o, left) for o, left in kept if left > 0]
    return [o for o, _ in kept], [left for _, left in kept]


def _blocked(
    people: Sequence[Person],
    opps: Sequence[Opportunity],
    applications: Sequence[tuple[int, int, str]],
) -> list[tuple[int, int]]:
    """Pairs left out: one's own posting, and an application already approved or declined."""
    row = {p.id: i for i, p in enumerate(people)}
    col = {o.id: j for j, o in enumerate(opps)}
    pairs = [(row[o.posted_by_id], j) for j, o in enumerate(opps) if o.posted_by_id in row]
    pairs += [
        (row[person], col[opp])
        for opp, person, status in applications
        if status in TAKEN and person in row and opp in col
    ]
    return pairs


def _solve(
    problem: core.Problem, team_cap: int | None, blocked: Sequence[tuple[int, int]]
) -> tuple[core.Assignment, core.Assignment]:
    """The min-cost flow on every pair of a small org (its exact optimum) and on candidate
    edges of a large one. Also the greedy pick on the same edges, for comparison."""
    p, o = problem.people, problem.opps
    if p.count * o.count <= EXACT_PAIRS:
        edges = core.all_edges(problem, blocked=blocked)
    else:
        edges = core.candidate_edges(problem, blocked=blocked)
    solved = core.assign(edges, o.capacity, p.team, team_cap=team_cap)
    return solved, core.assign_greedy(edges, o.capacity, p.team, team_cap=team_cap)


def _placements(problem: core.Problem, solved: core.Assignment) -> list[core.Match]:
    order = sorted(zip(solved.opp.tolist(), solved.person.tolist(), strict=True))
    return [core.explain(problem, person, opp) for opp, person in order]


@dataclass(frozen=True)
class _Run:
    team_cap: int | None
    matches: list[core.Match]
    opps: list[Opportunity]
    slots: list[int]
    people: list[Person]
    teams: dict[int, str]
    solved: core.Assignment | None
    greedy: core.Assignment | None
    everyone: int  # active people in the organization


def _assignment_public(run: _Run, started: float) -> AssignmentPublic:
    filled: dict[int, int] = {}
    placed: dict[int, int] = {}
    for match in run.matches:
        filled[match.opportunity] = filled.get(match.opportunity, 0) + 1
        team = run.people[match.person].team_id
        if team is not None:
            placed[team] = placed.get(team, 0) + 1
    considered = sorted({p.team_id for p in run.people if p.team_id is not None})
    return AssignmentPublic(
        team_cap=run.team_cap,
        placements=[_placement(m, run) for m in run.matches],
        opportunities=[
            FillPublic(
                opportunity_id=o.id, title=o.title, slots=run.slots[j], filled=filled.get(j, 0)
            )
            for j, o in enumerate(run.opps)
        ],
        teams=[
            TeamUsePublic(
                team_id=t,
                name=run.teams.get(t, f"Team #{t}"),
                placed=placed.get(t, 0),
                cap=run.team_cap,
            )
            for t in considered
        ],
        total_score=round(run.solved.objective if run.solved else 0.0, 4),
        greedy_score=round(run.greedy.objective if run.greedy else 0.0, 4),
        slots=sum(run.slots),
        filled=len(run.matches),
        people=len(run.people),
        people_total=run.everyone,
        edges=run.solved.edges if run.solved else 0,
        solver=run.solved.solver if run.solved else "none",
        seconds=round(time.perf_counter() - started, 3),
    )


# --- public shapes ---------------------------------------------------------------------------


def _scores(match: core.Match) -> ScoresPublic:
    return ScoresPublic(
        total=round(match.total, 3),
        fit=round(match.fit, 3),
        learning=round(match.learning, 3),
        balance=round(match.balance, 3),
        availability=round(match.availability, 3),
    )


def _opportunity_match(
    match: core.Match, opp: Opportunity, teams: dict[int, str], applied: dict[int, str]
) -> OpportunityMatch:
    return OpportunityMatch(
        opportunity_id=opp.id,
        title=opp.title,
        kind=opp.kind,
        kind_label=KIND_LABELS.get(opp.kind, opp.kind),
        team=teams.get(opp.team_id) if opp.team_id is not None else None,
        share_of_time=opp.share_of_time,
        weeks=opp.weeks,
        capacity=opp.capacity,
        score=round(match.total, 3),
        scores=_scores(match),
        reasons=list(match.reasons),
        application=applied.get(opp.id),
    )


def _candidate(
    match: core.Match, person: Person, teams: dict[int, str], applied: dict[int, str]
) -> CandidateMatch:
    return CandidateMatch(
        person_id=person.id,
        name=person.name,
        has_profile=person.is_active and not person.is_local,
        team=teams.get(person.team_id) if person.team_id is not None else None,
        score=round(match.total, 3),
        scores=_scores(match),
        reasons=list(match.reasons),
        application=applied.get(person.id),
    )


def _placement(match: core.Match, run: _Run) -> PlacementPublic:
    person, opp = run.people[match.person], run.opps[match.opportunity]
    return PlacementPublic(
        person_id=person.id,
        name=person.name,
        team=run.teams.get(person.team_id) if person.team_id is not None else None,
        opportunity_id=opp.id,
        title=opp.title,
        score=round(match.total, 3),
        reasons=list(match.reasons),
    )
