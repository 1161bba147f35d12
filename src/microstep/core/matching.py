"""Matching people and opportunities (seed 004): scores with reasons, and a global assignment.

A person and an opportunity score on four things, each in [0, 1]:

- skill fit: how far the person's levels reach the levels the opportunity requires (a level 2
  against a required 4 covers half of it), averaged over the required skills;
- learning value: the levels the opportunity could add to gaps on the person's skill map, up to
  the level it offers and the person's target; a skill tied to their objective counts fully,
  another gap at GAP_WEIGHT; LEARN_FULL weighted levels is full value;
- breadth or depth (core.moves.depth_check): after a run of short moves with no deep step, only
  a deep step scores (long enough, or building on a skill an earlier move started); otherwise a
  skill new to the map (breadth) and a deep step score half each;
- availability: the share of the week still free (in-progress moves take theirs) against the
  share the opportunity needs; it scales the rest, so a person with no time scores nothing.

Scores are computed on whole blocks of people at once with numpy; reasons are plain words
built for the pairs shown. The global assignment maximises the total score with every person in
at most one opportunity, every opportunity within its capacity, and at most `team_cap` people
from one team. That is a min-cost flow — source → team (team_cap) → person (1) → opportunity
(-score) → sink (capacity), with a free arc from source to sink for the places left empty —
whose optimum is whole; OR-Tools' network solver finds it on sparse candidate edges (each
person's and each opportunity's best pairs) at scale. `assign_exact` solves the same problem
as an integer programme (SciPy's HiGHS) on every positive pair: an independent solver, for
small instances and to measure the gap the pruning costs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from microstep.core.gap import name_key
from microstep.core.moves import DEEP_WEEKS, MoveFact, depth_check, is_short, timeline

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]
Bools = npt.NDArray[np.bool_]

W_FIT, W_LEARN, W_BALANCE = 0.45, 0.40, 0.15
OBJECTIVE_WEIGHT, GAP_WEIGHT = 1.0, 0.6
LEARN_FULL = 3.0  # weighted levels of growth that make full learning value
CHUNK = 1000  # people scored per block (memory: a few blocks of CHUNK x skill entries)


@dataclass(frozen=True)
class SkillNeed:
    """A skill an opportunity requires (at a level) or offers (up to a level)."""

    key: str
    name: str
    level: int


@dataclass(frozen=True)
class PersonFacts:
    """What matching knows of one person (only what the viewer may see of them)."""

    id: int
    name: str
    team_id: int | None = None
    levels: Mapping[str, int] = field(default_factory=dict)  # skill key -> current level
    targets: Mapping[str, int] = field(default_factory=dict)  # skill key -> target level
    skill_names: Mapping[str, str] = field(default_factory=dict)  # skill key -> their words
    objective: str | None = None
    objective_skills: frozenset[str] = frozenset()  # keys of skills tied to the objective
    committed: int = 0  # percent of the week taken by moves in progress and approved places
    moves: tuple[MoveFact, ...] = ()
    commitments: tuple[str, ...] = ()  # what takes that time, in plain words, for reasons


@dataclass(frozen=True)
class OpportunityFacts:
    """What matching knows of one opportunity."""

    id: int
    title: str
    kind: str
    team_id: int | None
    share_of_time: int
    weeks: int
    capacity: int
    required: tuple[SkillNeed, ...] = ()
    offered: tuple[SkillNeed, ...] = ()


class SkillKeys:
    """One key per skill: its words (case and spacing aside), or — when two names carry the same
    ESCO link — the key first seen with that link."""

    def __init__(self) -> None:
        self._by_uri: dict[str, str] = {}

    def key(self, name: str, uri: str | None = None) -> str:
        """The key of a skill named `name`, linked to `uri` if given."""
        own = name_key(name)
        if uri is None:
            return own
        return self._by_uri.setdefault(uri, own)


@dataclass(frozen=True)
class People:
    """People as arrays: one row each, one column per skill of the problem."""

    level: U8  # (n, S) current level
    target: U8  # (n, S) target level (0: not on the map)
    objective: Bools  # (n, S) skill tied to the person's objective
    earlier: Bools  # (n, S) aimed at by a recent short move (a deeper step builds on it)
    flagged: Bools  # (n,) recent short moves with no deep step
    short_run: npt.NDArray[np.int16]  # (n,) recent short moves
    committed: F32  # (n,) percent of the week taken
    team: I64  # (n,) team id, -1 for none

    @property
    def count(self) -> int:
        """How many people."""
        return int(self.level.shape[0])


@dataclass(frozen=True)
class Opportunities:
    """Opportunities as arrays; skills as (opportunity, skill, level) entries sorted by
    opportunity."""

    req_opp: I64
    req_skill: I64
    req_level: F32
    off_opp: I64
    off_skill: I64
    off_level: F32
    share: F32  # (m,) percent of the week needed
    weeks: I64  # (m,)
    capacity: I64  # (m,)
    team: I64  # (m,) team id, -1 for none

    @property
    def count(self) -> int:
        """How many opportunities."""
        return int(self.share.shape[0])


@dataclass(frozen=True)
class Problem:
    """People and opportunities ready to score, with the sparse sums that average entries."""

    people: People
    opps: Opportunities
    skills: tuple[str, ...]  # display name per skill column
    req_mean: Any  # (entries x m) sparse: each required entry / its opportunity's count
    off_sum: Any  # (entries x m) sparse indicator of each offered entry's opportunity
    no_required: F32  # (m,) 1 where an opportunity requires nothing
    req_ptr: I64  # (m+1,) an opportunity's required entries
    off_ptr: I64  # (m+1,) its offered entries
    objectives: tuple[str | None, ...] = ()  # objective title per person, for reasons
    commitments: tuple[tuple[str, ...], ...] = ()  # what takes each person's time, for reasons


def make_problem(
    people: People,
    opps: Opportunities,
    skills: Sequence[str],
    *,
    objectives: Sequence[str | None] = (),
    commitments: Sequence[tuple[str, ...]] = (),
) -> Problem:
    """Add the sparse sums scoring needs to the arrays."""
    m = opps.count
    req_counts = np.bincount(opps.req_opp, minlength=m)
    entries = np.arange(len(opps.req_opp))
    weights = 1.0 / np.maximum(req_counts[opps.req_opp], 1)
    req_mean = sparse.csr_matrix(
        (weights.astype(np.float32), (entries, opps.req_opp)), shape=(len(entries), m)
    )
    off_entries = np.arange(len(opps.off_opp))
    off_sum = sparse.csr_matrix(
        (np.ones(len(off_entries), np.float32), (off_entries, opps.off_opp)),
        shape=(len(off_entries), m),
    )
    off_counts = np.bincount(opps.off_opp, minlength=m)
    return Problem(
        people=people,
        opps=opps,
        skills=tuple(skills),
        req_mean=req_mean,
        off_sum=off_sum,
        no_required=(req_counts == 0).astype(np.float32),
        req_ptr=np.concatenate([[0], np.cumsum(req_counts)]).astype(np.int64),
        off_ptr=np.concatenate([[0], np.cumsum(off_counts)]).astype(np.int64),
        objectives=tuple(objectives),
        commitments=tuple(commitments),
    )


# --- from facts ------------------------------------------------------------------------------


def recent_short_moves(moves: Iterable[MoveFact], today: date) -> list[MoveFact]:
    """The short moves since the last lasting change, started by `today` (what depth_check
    looks at)."""
    ordered = timeline(moves)
    last_lasting = max((i for i, m in enumerate(ordered) if not is_short(m.kind)), default=-1)
    return [m for m in ordered[last_lasting + 1 :] if m.start <= today]


def build_problem(
    people: Sequence[PersonFacts], opps: Sequence[OpportunityFacts], *, today: date
) -> Problem:
    """Arrays from facts: one skill column per key met on either side."""
    columns: dict[str, int] = {}
    names: list[str] = []

    def column(key: str, name: str) -> int:
        if key not in columns:
            columns[key] = len(names)
            names.append(name)
        return columns[key]

    req = [(j, column(s.key, s.name), s.level) for j, o in enumerate(opps) for s in o.required]
    off = [(j, column(s.key, s.name), s.level) for j, o in enumerate(opps) for s in o.offered]
    for person in people:
        for key in {*person.levels, *person.targets}:
            column(key, person.skill_names.get(key, key))
        for move in recent_short_moves(person.moves, today):
            for skill in move.intended_skills:
                column(name_key(skill), skill)
    return make_problem(
        _people_arrays(people, columns, today),
        _opp_arrays(opps, req, off),
        names,
        objectives=[p.objective for p in people],
        commitments=[p.commitments for p in people],
    )


def _people_arrays(
    people: Sequence[PersonFacts], columns: Mapping[str, int], today: date
) -> People:
    n, s = len(people), len(columns)
    level = np.zeros((n, s), np.uint8)
    target = np.zeros((n, s), np.uint8)
    objective = np.zeros((n, s), np.bool_)
    earlier = np.zeros((n, s), np.bool_)
    flagged = np.zeros(n, np.bool_)
    short_run = np.zeros(n, np.int16)
    for i, person in enumerate(people):
        for key, value in person.levels.items():
            level[i, columns[key]] = value
        for key, value in person.targets.items():
            target[i, columns[key]] = value
        for key in person.objective_skills:
            if key in columns:
                objective[i, columns[key]] = True
        recent = recent_short_moves(person.moves, today)
        for move in recent:
            for skill in move.intended_skills:
                earlier[i, columns[name_key(skill)]] = True
        check = depth_check(person.moves, today)
        flagged[i], short_run[i] = check.flagged, check.moves
    return People(
        level=level,
        target=target,
        objective=objective,
        earlier=earlier,
        flagged=flagged,
        short_run=short_run,
        committed=np.array([p.committed for p in people], np.float32),
        team=np.array([p.team_id or -1 for p in people], np.int64),
    )


def _opp_arrays(
    opps: Sequence[OpportunityFacts],
    req: Sequence[tuple[int, int, int]],
    off: Sequence[tuple[int, int, int]],
) -> Opportunities:
    r = np.array(req, np.int64).reshape(-1, 3)
    o = np.array(off, np.int64).reshape(-1, 3)
    return Opportunities(
        req_opp=r[:, 0].copy(),
        req_skill=r[:, 1].copy(),
        req_level=r[:, 2].astype(np.float32),
        off_opp=o[:, 0].copy(),
        off_skill=o[:, 1].copy(),
        off_level=o[:, 2].astype(np.float32),
        share=np.array([x.share_of_time for x in opps], np.float32),
        weeks=np.array([x.weeks for x in opps], np.int64),
        capacity=np.array([x.capacity for x in opps], np.int64),
        team=np.array([x.team_id or -1 for x in opps], np.int64),
    )


# --- scores ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """The four parts and the total for a block of people (rows) x every opportunity."""

    fit: F32
    learning: F32
    balance: F32
    availability: F32
    total: F32


def score(problem: Problem, start: int, stop: int) -> Scores:
    """Scores of people start..stop-1 against every opportunity."""
    p, o = problem.people, problem.opps
    level = p.level[start:stop].astype(np.float32)
    have = level[:, o.req_skill]
    cover = np.minimum(have, o.req_level) / o.req_level
    fit = _sum(problem.req_mean, cover) + problem.no_required
    cur = level[:, o.off_skill]
    aim = p.target[start:stop, o.off_skill].astype(np.float32)
    gain = np.clip(np.minimum(o.off_level, aim) - cur, 0, None)
    objective = p.objective[start:stop, o.off_skill]
    weighted = gain * np.where(objective, np.float32(OBJECTIVE_WEIGHT), np.float32(GAP_WEIGHT))
    learning = np.minimum(1.0, _sum(problem.off_sum, weighted) / LEARN_FULL)
    builds_on = _sum(problem.off_sum, p.earlier[start:stop, o.off_skill].astype(np.float32)) > 0
    deep = builds_on | (o.weeks >= DEEP_WEEKS)[None, :]
    new = _sum(problem.off_sum, ((cur == 0) & (aim == 0)).astype(np.float32)) > 0
    flagged = p.flagged[start:stop, None]
    balance = np.where(flagged, deep, 0.5 * new + 0.5 * deep).astype(np.float32)
    free = np.clip(100.0 - p.committed[start:stop], 0.0, 100.0)
    availability = np.clip(free[:, None] / o.share[None, :], 0.0, 1.0).astype(np.float32)
    total = availability * (W_FIT * fit + W_LEARN * learning + W_BALANCE * balance)
    return Scores(fit, learning.astype(np.float32), balance, availability, total.astype(np.float32))


def _sum(entries_by_opp: Any, values: npt.NDArray[np.floating[Any]]) -> F32:
    """Per opportunity, the weighted sum of a block's entry values: values @ matrix."""
    if values.shape[1] == 0:
        return np.zeros((values.shape[0], entries_by_opp.shape[1]), np.float32)
    out: F32 = np.asarray((entries_by_opp.T @ values.T).T, dtype=np.float32)
    return out


# --- reasons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One person and one opportunity: the score, its parts, and why in plain words."""

    person: int  # row in the problem
    opportunity: int  # column in the problem
    total: float
    fit: float
    learning: float
    balance: float
    availability: float
    reasons: tuple[str, ...]


def explain(problem: Problem, i: int, j: int, scores: Scores | None = None, row: int = 0) -> Match:
    """The scores of person row i and opportunity column j, with the reasons behind them
    (`scores` may hold person i's block already computed, i at `row`)."""
    if scores is None:
        scores, row = score(problem, i, i + 1), 0
    return Match(
        person=i,
        opportunity=j,
        total=float(scores.total[row, j]),
        fit=float(scores.fit[row, j]),
        learning=float(scores.learning[row, j]),
        balance=float(scores.balance[row, j]),
        availability=float(scores.availability[row, j]),
        reasons=(
            *_fit_reasons(problem, i, j),
            *_learning_reasons(problem, i, j),
            *_balance_reasons(problem, i, j),
            _availability_reason(problem, i, j),
        ),
    )


def _entries(ptr: I64, j: int) -> range:
    return range(int(ptr[j]), int(ptr[j + 1]))


def _fit_reasons(problem: Problem, i: int, j: int) -> list[str]:
    p, o = problem.people, problem.opps
    reasons = []
    for e in _entries(problem.req_ptr, j):
        name, need = problem.skills[o.req_skill[e]], int(o.req_level[e])
        has = int(p.level[i, o.req_skill[e]])
        if has >= need:
            reasons.append(f"{name}: level {has} meets the level {need} required")
        elif has > 0:
            reasons.append(f"{name}: level {has} of the {need} required")
        else:
            reasons.append(f"{name}: not on the skill map yet (level {need} required)")
    return reasons or ["requires no particular skill"]


def _learning_reasons(problem: Problem, i: int, j: int) -> list[str]:
    p, o = problem.people, problem.opps
    objective = problem.objectives[i] if i < len(problem.objectives) else None
    reasons = []
    for e in _entries(problem.off_ptr, j):
        s = o.off_skill[e]
        cur, aim = int(p.level[i, s]), min(int(o.off_level[e]), int(p.target[i, s]))
        if aim <= cur:
            continue
        name = problem.skills[s]
        if p.objective[i, s]:
            toward = f"toward the objective '{objective}'" if objective else "toward the objective"
            reasons.append(f"grows {name} from level {cur} to {aim}, {toward}")
        else:
            reasons.append(f"grows {name} from level {cur} to {aim}, a gap on the skill map")
    if not reasons and _entries(problem.off_ptr, j):
        reasons.append("offers no skill that closes a gap on the skill map")
    return reasons


def _balance_reasons(problem: Problem, i: int, j: int) -> list[str]:
    p, o = problem.people, problem.opps
    offered = [o.off_skill[e] for e in _entries(problem.off_ptr, j)]
    builds = [problem.skills[s] for s in offered if p.earlier[i, s]]
    new = [problem.skills[s] for s in offered if p.level[i, s] == 0 and p.target[i, s] == 0]
    weeks = int(o.weeks[j])
    deep = []
    if weeks >= DEEP_WEEKS:
        deep.append(f"{weeks} weeks: long enough to build depth")
    if builds:
        deep.append(f"builds on {', '.join(builds)}, which an earlier move started")
    reasons = []
    if p.flagged[i]:
        run = int(p.short_run[i])
        if deep:
            reasons.append(f"a deep step after {run} short moves in a row that went wide")
        else:
            reasons.append(f"another short step after {run} that went wide: no depth here")
    reasons.extend(deep)
    if new and not p.flagged[i]:
        reasons.append(f"adds {', '.join(new)}, new to the skill map (breadth)")
    return reasons


def _availability_reason(problem: Problem, i: int, j: int) -> str:
    need = int(problem.opps.share[j])
    free = max(0, min(100, 100 - int(problem.people.committed[i])))
    taken = problem.commitments[i] if i < len(problem.commitments) else ()
    why = f" ({'; '.join(taken)})" if taken else ""
    if free == 0:
        return f"needs {need}% of the week, but moves in progress take all of it{why}"
    if free >= need:
        return f"needs {need}% of the week; {free}% is free{why}"
    return f"needs {need}% of the week, but only {free}% is free{why}"


# --- ranking ---------------------------------------------------------------------------------


def top_k(values: F32, k: int) -> I64:
    """Indices of the k largest values, best first."""
    k = min(k, len(values))
    if k <= 0:
        return np.zeros(0, np.int64)
    part = np.argpartition(-values, k - 1)[:k]
    return part[np.argsort(-values[part], kind="stable")].astype(np.int64)


def rank_opportunities(problem: Problem, i: int, limit: int) -> list[Match]:
    """Opportunities for person row i, best first, with reasons."""
    scores = score(problem, i, i + 1)
    return [explain(problem, i, int(j), scores) for j in top_k(scores.total[0], limit)]


def rank_people(problem: Problem, j: int, limit: int) -> list[Match]:
    """People for opportunity column j, best first, with reasons (scored in blocks)."""
    n = problem.people.count
    totals = (
        np.concatenate(
            [score(problem, s, min(s + CHUNK, n)).total[:, j] for s in range(0, n, CHUNK)]
        )
        if n
        else np.zeros(0, np.float32)
    )
    return [explain(problem, int(i), j) for i in top_k(totals, limit)]


# --- candidate edges and the assignment ------------------------------------------------------


@dataclass(frozen=True)
class Edges:
    """Candidate pairs (person row, opportunity column) and their scores."""

    person: I64
    opp: I64
    weight: F32

    def __len__(self) -> int:
        return int(self.person.shape[0])


def candidate_edges(
    problem: Problem,
    *,
    per_person: int = 8,
    per_opportunity: int = 40,
    blocked: Iterable[tuple[int, int]] = (),
    chunk: int = CHUNK,
) -> Edges:
    """Each person's best opportunities and each opportunity's best people (positive scores
    only): the sparse edge set the assignment works on. `blocked` pairs are left out."""
    n, m = problem.people.count, problem.opps.count
    block = list(blocked)
    kp, ko = min(per_person, m), min(per_opportunity, n)
    found: list[tuple[I64, I64, F32]] = []
    best = np.zeros((0, m), np.float32)
    best_rows = np.zeros((0, m), np.int64)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        total = score(problem, start, stop).total
        for r, c in block:
            if start <= r < stop:
                total[r - start, c] = 0.0
        if kp:
            cols = np.argpartition(-total, kp - 1, axis=1)[:, :kp]
            rows = np.repeat(np.arange(start, stop, dtype=np.int64), kp)
            found.append((rows, cols.ravel().astype(np.int64), total[rows - start, cols.ravel()]))
        best, best_rows = _merge_best(best, best_rows, total, start, ko)
    found.append(
        (best_rows.ravel(), np.tile(np.arange(m, dtype=np.int64), len(best)), best.ravel())
    )
    return _unique_positive(*(np.concatenate(part) for part in zip(*found, strict=True)), m=m)


def _merge_best(best: F32, rows: I64, total: F32, start: int, k: int) -> tuple[F32, I64]:
    """Keep, per opportunity, the k best people seen so far."""
    if k <= 0:
        return best, rows
    ids = np.broadcast_to(np.arange(start, start + len(total))[:, None], total.shape)
    values = np.concatenate([best, total])
    people = np.concatenate([rows, ids])
    if len(values) <= k:
        return values, people
    keep = np.argpartition(-values, k - 1, axis=0)[:k]
    return np.take_along_axis(values, keep, 0), np.take_along_axis(people, keep, 0)


def _unique_positive(person: I64, opp: I64, weight: F32, *, m: int) -> Edges:
    flat, first = np.unique(person * m + opp, return_index=True)
    weight = weight[first]
    keep = weight > 0
    return Edges(flat[keep] // m, flat[keep] % m, weight[keep])


def all_edges(problem: Problem, *, blocked: Iterable[tuple[int, int]] = ()) -> Edges:
    """Every positive pair: the full edge set, for small instances."""
    n, m = problem.people.count, problem.opps.count
    total = (
        np.concatenate([score(problem, s, min(s + CHUNK, n)).total for s in range(0, n, CHUNK)])
        if n
        else np.zeros((0, m), np.float32)
    )
    for r, c in blocked:
        total[r, c] = 0.0
    person = np.repeat(np.arange(n, dtype=np.int64), m)
    opp = np.tile(np.arange(m, dtype=np.int64), n)
    return _unique_positive(person, opp, total.ravel(), m=m)


@dataclass(frozen=True)
class Assignment:
    """Who goes where: chosen edges, their total score, and how it was solved."""

    person: I64
    opp: I64
    weight: F32
    objective: float
    edges: int  # candidate edges considered
    integral: bool  # the solver's answer was whole (no split person)
    solver: str

    def __len__(self) -> int:
        return int(self.person.shape[0])


def _constraints(
    edges: Edges, capacity: I64, team_of_person: I64, team_cap: int | None
) -> tuple[Any, npt.NDArray[np.float64]]:
    """Rows: one per person (<= 1), per opportunity (<= capacity), per team (<= team_cap)."""
    e = len(edges)
    people, p_row = np.unique(edges.person, return_inverse=True)
    opps, o_row = np.unique(edges.opp, return_inverse=True)
    rows = [p_row, len(people) + o_row]
    cols = [np.arange(e), np.arange(e)]
    bounds = [np.ones(len(people)), capacity[opps].astype(np.float64)]
    if team_cap is not None:
        team = team_of_person[edges.person]
        has = team >= 0
        teams, t_row = np.unique(team[has], return_inverse=True)
        rows.append(len(people) + len(opps) + t_row)
        cols.append(np.arange(e)[has])
        bounds.append(np.full(len(teams), float(team_cap)))
    r, c = np.concatenate(rows), np.concatenate(cols)
    matrix = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(sum(map(len, bounds)), e))
    return matrix, np.concatenate(bounds)


def _chosen(edges: Edges, x: npt.NDArray[np.float64], solver: str) -> Assignment:
    pick = x > 0.5
    integral = bool(np.all(np.minimum(x, 1 - x) < 1e-6)) if len(x) else True
    weight = edges.weight[pick]
    return Assignment(
        person=edges.person[pick],
        opp=edges.opp[pick],
        weight=weight,
        objective=float(weight.astype(np.float64).sum()),
        edges=len(edges),
        integral=integral,
        solver=solver,
    )


FLOW_SCALE = 1_000_000  # scores are whole units of a millionth in the flow network


def assign(edges: Edges, capacity: I64, team_of_person: I64, *, team_cap: int | None) -> Assignment:
    """The assignment maximising the total score on these edges, as a min-cost flow."""
    if len(edges) == 0:
        return _chosen(edges, np.zeros(0), "none")
    people, p_idx = np.unique(edges.person, return_inverse=True)
    opps, o_idx = np.unique(edges.opp, return_inverse=True)
    team = team_of_person[people]
    capped = team >= 0 if team_cap is not None else np.zeros(len(people), np.bool_)
    teams, t_idx = np.unique(team[capped], return_inverse=True)
    first_team, source, sink = 2, 0, 1
    first_person = first_team + len(teams)
    first_opp = first_person + len(people)
    parent = np.full(len(people), source, np.int64)
    parent[capped] = first_team + t_idx
    places = capacity[opps].astype(np.int64)
    flow = int(min(places.sum(), len(people)))
    arcs = (  # (tails, heads, capacities, unit costs), in this order
        (
            np.zeros(len(teams)),
            first_team + np.arange(len(teams)),
            np.full(len(teams), team_cap or 0),
            0,
        ),
        (parent, first_person + np.arange(len(people)), np.ones(len(people)), 0),
        (
            first_person + p_idx,
            first_opp + o_idx,
            np.ones(len(edges)),
            -np.rint(edges.weight.astype(np.float64) * FLOW_SCALE),
        ),
        (first_opp + np.arange(len(opps)), np.full(len(opps), sink), places, 0),
        (np.array([source]), np.array([sink]), np.array([flow]), 0),
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    for tails, heads, caps, cost in arcs:
        solver.add_arcs_with_capacity_and_unit_cost(
            np.asarray(tails, np.int64),
            np.asarray(heads, np.int64),
            np.asarray(caps, np.int64),
            np.broadcast_to(np.asarray(cost, np.int64), len(tails)),
        )
    supplies = np.zeros(first_opp + len(opps), np.int64)
    supplies[source], supplies[sink] = flow, -flow
    solver.set_nodes_supplies(np.arange(len(supplies)), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"the assignment solver failed (status {status})")
    first_edge = len(teams) + len(people)
    x = solver.flows(np.arange(first_edge, first_edge + len(edges))).astype(np.float64)
    return _chosen(edges, x, "min-cost flow (OR-Tools)")


def assign_exact(
    edges: Edges, capacity: I64, team_of_person: I64, *, team_cap: int | None
) -> Assignment:
    """The integer optimum on these edges (branch and bound), whatever the matrix."""
    if len(edges) == 0:
        return _chosen(edges, np.zeros(0), "none")
    matrix, bound = _constraints(edges, capacity, team_of_person, team_cap)
    result = milp(
        -edges.weight.astype(np.float64),
        constraints=LinearConstraint(matrix, -np.inf, bound),
        integrality=np.ones(len(edges)),
        bounds=Bounds(0, 1),
    )
    if result.status != 0:
        raise RuntimeError(f"the exact solver failed: {result.message}")
    return _chosen(edges, np.round(np.asarray(result.x)), "milp")


def assign_greedy(
    edges: Edges, capacity: I64, team_of_person: I64, *, team_cap: int | None
) -> Assignment:
    """The baseline: take pairs best first while the person, the slot and the team allow."""
    order = np.argsort(-edges.weight, kind="stable")
    left = capacity.astype(np.int64).copy()
    taken: set[int] = set()
    per_team: dict[int, int] = {}
    x = np.zeros(len(edges))
    cap = team_cap if team_cap is not None else len(edges) + 1
    for e, p, o in zip(
        order.tolist(), edges.person[order].tolist(), edges.opp[order].tolist(), strict=True
    ):
        team = int(team_of_person[p])
        if p in taken or left[o] <= 0 or (team >= 0 and per_team.get(team, 0) >= cap):
            continue
        taken.add(p)
        left[o] -= 1
        per_team[team] = per_team.get(team, 0) + 1
        x[e] = 1.0
    return _chosen(edges, x, "greedy")


def gap_percent(optimum: float, found: float) -> float:
    """How far below the optimum an objective falls, in percent of it."""
    return 0.0 if optimum <= 0 else max(0.0, (optimum - found) / optimum * 100)
