"""`microstep bench match`: matching on a synthetic org of 100,000 people and 5,000 open
opportunities, each figure beside a baseline measured in the same run.

- Ranking one person: core.matching.rank_opportunities (score all 5,000, the best ten with their
  reasons) against a plain numpy top-10 of a random score row of the same length.
- Candidate edges: scoring every pair in blocks and keeping each person's 8 best and each
  opportunity's 40 best, against the same top-k bookkeeping over a random matrix of the same
  shape (the baseline generates its numbers instead of computing scores).
- Global assignment: the min-cost flow (OR-Tools) on those edges with a cap per team, against
  the greedy pick (best pairs first) on the same edges; and the objective each reaches.
- Optimality gap: a smaller org of the same make (2,000 x 100) solved exactly — the integer
  programme on every pair, by SciPy's HiGHS — and by our pruned edges + min-cost flow, in %; the
  baseline is the greedy pick's gap on the same instance.
- Then `bench import-moves`'s figures (helper B's import against a plain COPY).

The org: skills fall in families (say, data or people skills); a person's map and an
opportunity's skills come mostly from one family. Teams of 100 with a cap of 8 placed each
(it binds: 10,000 places, 8,000 people allowed); capacity 1-3 per opportunity. The figure names
how many teams reach the cap.
MICROSTEP_BENCH_MATCH_PEOPLE / _OPPORTUNITIES / _SMALL_PEOPLE / _SMALL_OPPORTUNITIES change the
sizes (tests use small ones); MICROSTEP_BENCH_MATCH_IMPORT=0 leaves the import figures out.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from microstep.bench import Result, paired_ms, register
from microstep.core import matching as core
from microstep.errors import InvalidInput

PEOPLE, OPPORTUNITIES = 100_000, 5_000
SMALL_PEOPLE, SMALL_OPPORTUNITIES = 2_000, 100
SKILLS, FAMILY = 400, 20  # skill columns, skills per family
TEAM_SIZE, TEAM_CAP = 100, 8
RANKED = 10
PERSONS_TIMED = 50


@dataclass(frozen=True)
class Sizes:
    """The two instances' sizes."""

    people: int = PEOPLE
    opportunities: int = OPPORTUNITIES
    small_people: int = SMALL_PEOPLE
    small_opportunities: int = SMALL_OPPORTUNITIES


def sizes_from_env() -> Sizes:
    """The sizes asked for in the environment, else the issue's."""

    def read(name: str, default: int) -> int:
        raw = os.environ.get(f"MICROSTEP_BENCH_MATCH_{name}", "").strip()
        if not raw:
            return default
        if not raw.isdigit() or int(raw) < 2:
            raise InvalidInput(f"MICROSTEP_BENCH_MATCH_{name} must be a whole number of 2 or more.")
        return int(raw)

    return Sizes(
        read("PEOPLE", PEOPLE),
        read("OPPORTUNITIES", OPPORTUNITIES),
        read("SMALL_PEOPLE", SMALL_PEOPLE),
        read("SMALL_OPPORTUNITIES", SMALL_OPPORTUNITIES),
    )


# --- the synthetic org -----------------------------------------------------------------------


def synthetic_org(people: int, opportunities: int, *, seed: int = 7) -> core.Problem:
    """A seeded org: skill maps and opportunities drawn mostly from one skill family each."""
    rng = np.random.default_rng(seed)
    return core.make_problem(
        _people(rng, people),
        _opportunities(rng, opportunities),
        [f"skill {s}" for s in range(SKILLS)],
    )


def _family_skills(rng: np.random.Generator, rows: int, per_row: int) -> np.ndarray:
    """`per_row` distinct-ish skill columns per row, 80% from the row's family."""
    family = rng.integers(0, SKILLS // FAMILY, rows)[:, None]
    own = family * FAMILY + rng.integers(0, FAMILY, (rows, per_row))
    other = rng.integers(0, SKILLS, (rows, per_row))
    return np.where(rng.random((rows, per_row)) < 0.8, own, other)


def _people(rng: np.random.Generator, n: int) -> core.People:
    level = np.zeros((n, SKILLS), np.uint8)
    target = np.zeros((n, SKILLS), np.uint8)
    objective = np.zeros((n, SKILLS), np.bool_)
    earlier = np.zeros((n, SKILLS), np.bool_)
    cols = _family_skills(rng, n, 8)
    rows = np.repeat(np.arange(n), 8).reshape(n, 8)
    cur = rng.integers(0, 5, (n, 8))
    level[rows, cols] = cur
    target[rows, cols] = np.minimum(5, cur + rng.integers(0, 3, (n, 8)))
    objective[rows[:, :2], cols[:, :2]] = rng.random((n, 2)) < 0.7
    flagged = rng.random(n) < 0.1
    earlier[rows[:, 2], cols[:, 2]] = flagged | (rng.random(n) < 0.2)
    committed = rng.choice(np.array([0, 0, 0, 0, 0, 0, 0, 20, 40, 100], np.float32), n).astype(
        np.float32
    )
    return core.People(
        level=level,
        target=target,
        objective=objective,
        earlier=earlier,
        flagged=flagged,
        short_run=np.where(flagged, 3, 1).astype(np.int16),
        committed=committed,
        team=(np.arange(n) // TEAM_SIZE).astype(np.int64),
    )


def _opportunities(rng: np.random.Generator, m: int) -> core.Opportunities:
    req_n = rng.integers(0, 4, m)
    off_n = rng.integers(1, 4, m)
    req_opp = np.repeat(np.arange(m), req_n)
    off_opp = np.repeat(np.arange(m), off_n)
    family = rng.integers(0, SKILLS // FAMILY, m)

    def skills(opp: np.ndarray) -> np.ndarray:
        own = family[opp] * FAMILY + rng.integers(0, FAMILY, len(opp))
        return np.where(rng.random(len(opp)) < 0.8, own, rng.integers(0, SKILLS, len(opp)))

    return core.Opportunities(
        req_opp=req_opp.astype(np.int64),
        req_skill=skills(req_opp).astype(np.int64),
        req_level=rng.integers(1, 5, len(req_opp)).astype(np.float32),
        off_opp=off_opp.astype(np.int64),
        off_skill=skills(off_opp).astype(np.int64),
        off_level=rng.integers(2, 6, len(off_opp)).astype(np.float32),
        share=rng.choice(np.array([10, 20, 30, 50], np.float32), m),
        weeks=rng.integers(4, 41, m).astype(np.int64),
        capacity=rng.integers(1, 4, m).astype(np.int64),
        team=rng.integers(0, max(1, m // 50), m).astype(np.int64),
    )


# --- the measures ----------------------------------------------------------------------------


def _seconds(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = action()
    return time.perf_counter() - start, out


def ranking(problem: core.Problem, *, persons: int = PERSONS_TIMED) -> Result:
    """Median time to rank every opportunity for one person (with reasons for the best ten)."""
    rng = np.random.default_rng(11)
    rows = rng.integers(0, problem.people.count, persons).tolist()
    random_row = rng.random(problem.opps.count, dtype=np.float32)
    mine, base = [], []
    for i in rows:

        def ours_once(i: int = i) -> object:
            return core.rank_opportunities(problem, i, RANKED)

        ours, floor = paired_ms(ours_once, lambda: core.top_k(random_row, RANKED), repeat=3)
        mine.append(ours)
        base.append(floor)
    m = problem.opps.count
    return Result(
        f"rank {m:,} opportunities for one person (top {RANKED} with reasons)",
        statistics.median(mine),
        "ms",
        statistics.median(base),
    )


def random_top_k(people: int, opportunities: int) -> None:
    """The floor of candidate edges: the same top-k bookkeeping over random numbers."""
    rng = np.random.default_rng(3)
    best = np.zeros((0, opportunities), np.float32)
    best_rows = np.zeros((0, opportunities), np.int64)
    for start in range(0, people, core.CHUNK):
        total = rng.random((min(core.CHUNK, people - start), opportunities), dtype=np.float32)
        np.argpartition(-total, 7, axis=1)[:, :8]
        best, best_rows = core._merge_best(best, best_rows, total, start, 40)


def full_size(problem: core.Problem) -> list[Result]:
    """Candidate edges, the assignment and its objective at full size."""
    n, m = problem.people.count, problem.opps.count
    edges_s, edges = _seconds(lambda: core.candidate_edges(problem))
    floor_s, _ = _seconds(lambda: random_top_k(n, m))
    assert isinstance(edges, core.Edges)
    cap, team = problem.opps.capacity, problem.people.team
    lp_s, solved = _seconds(lambda: core.assign(edges, cap, team, team_cap=TEAM_CAP))
    greedy_s, greedy = _seconds(lambda: core.assign_greedy(edges, cap, team, team_cap=TEAM_CAP))
    assert isinstance(solved, core.Assignment)
    assert isinstance(greedy, core.Assignment)
    size = f"{n:,} x {m:,}"
    return [
        Result(
            f"score every pair into {len(edges):,} candidate edges ({size})", edges_s, "s", floor_s
        ),
        Result(
            f"global assignment, team cap {TEAM_CAP} reached by {_capped(solved, team)} teams "
            f"({solved.solver}, {'integral' if solved.integral else 'fractional'}) vs greedy",
            lp_s,
            "s",
            greedy_s,
        ),
        Result(
            f"total score of the assignment ({len(solved):,} placed) vs greedy ({len(greedy):,})",
            solved.objective,
            "score",
            greedy.objective,
        ),
    ]


def _capped(solved: core.Assignment, team: np.ndarray) -> int:
    """How many teams the assignment fills up to the cap."""
    placed = team[solved.person]
    return int((np.bincount(placed[placed >= 0]) >= TEAM_CAP).sum())


def optimality_gap(people: int, opportunities: int) -> list[Result]:
    """Our objective against the exact optimum on a smaller org, greedy's gap as the baseline."""
    problem = synthetic_org(people, opportunities, seed=13)
    cap, team = problem.opps.capacity, problem.people.team
    exact_s, exact = _seconds(
        lambda: core.assign_exact(core.all_edges(problem), cap, team, team_cap=TEAM_CAP)
    )
    ours_s, ours = _seconds(
        lambda: core.assign(core.candidate_edges(problem), cap, team, team_cap=TEAM_CAP)
    )
    greedy = core.assign_greedy(core.candidate_edges(problem), cap, team, team_cap=TEAM_CAP)
    assert isinstance(exact, core.Assignment)
    assert isinstance(ours, core.Assignment)
    size = f"{people:,} x {opportunities:,}"
    return [
        Result(
            f"optimality gap vs the exact optimum ({size}, every pair, milp) vs greedy's gap",
            core.gap_percent(exact.objective, ours.objective),
            "%",
            core.gap_percent(exact.objective, greedy.objective),
        ),
        Result(f"our solve vs the exact solve ({size})", ours_s, "s", exact_s),
    ]


def imports() -> list[Result]:
    """Helper B's import figures, when asked for and present."""
    if os.environ.get("MICROSTEP_BENCH_MATCH_IMPORT", "").strip() == "0":
        return []
    from microstep.bench import move_import

    found: Callable[[], list[Result]] | None = getattr(move_import, "import_results", None)
    return found() if found is not None else []


def run_match(sizes: Sizes) -> list[Result]:
    """Every figure of `bench match` at these sizes."""
    problem = synthetic_org(sizes.people, sizes.opportunities)
    results = [ranking(problem), *full_size(problem)]
    del problem
    results += optimality_gap(sizes.small_people, sizes.small_opportunities)
    return results + imports()


@register("match", "Matching 100,000 people x 5,000 opportunities: ranking, assignment, gap")
def run() -> list[Result]:
    """The benchmark at the sizes the environment asks for (the issue's by default)."""
    return run_match(sizes_from_env())
