"""core/matching.py against known truth: hand-made people and opportunities whose scores and
reasons are known, and seeded random instances where brute force gives the optimum."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pytest

from microstep.bench.match import synthetic_org
from microstep.core import matching as core
from microstep.core.moves import MoveFact

TODAY = date(2026, 11, 18)


def need(name: str, level: int) -> core.SkillNeed:
    return core.SkillNeed(name.casefold(), name, level)


def person(
    levels: dict[str, int],
    targets: dict[str, int] | None = None,
    **kwargs: object,
) -> core.PersonFacts:
    keys = {k.casefold(): v for k, v in levels.items()}
    aims = {k.casefold(): v for k, v in (targets or levels).items()}
    names = {k.casefold(): k for k in {*levels, *(targets or {})}}
    return core.PersonFacts(
        id=1,
        name="P",
        levels=keys,
        targets=aims,
        skill_names=names,
        **kwargs,  # type: ignore[arg-type]
    )


def opportunity(
    required: dict[str, int] | None = None,
    offered: dict[str, int] | None = None,
    *,
    share: int = 20,
    weeks: int = 8,
) -> core.OpportunityFacts:
    return core.OpportunityFacts(
        id=1,
        title="O",
        kind="rotation",
        team_id=None,
        share_of_time=share,
        weeks=weeks,
        capacity=1,
        required=tuple(need(k, v) for k, v in (required or {}).items()),
        offered=tuple(need(k, v) for k, v in (offered or {}).items()),
    )


def match(p: core.PersonFacts, o: core.OpportunityFacts) -> core.Match:
    return core.explain(core.build_problem([p], [o], today=TODAY), 0, 0)


# --- the four parts and their reasons --------------------------------------------------------


def test_fit_is_the_share_of_each_required_level_reached() -> None:
    found = match(person({"SQL": 2, "Python": 4}), opportunity({"SQL": 4, "Python": 3, "R": 2}))
    assert found.fit == pytest.approx((0.5 + 1 + 0) / 3)
    assert found.reasons[:3] == (
        "SQL: level 2 of the 4 required",
        "Python: level 4 meets the level 3 required",
        "R: not on the skill map yet (level 2 required)",
    )


def test_learning_counts_levels_toward_the_objective_fully_and_other_gaps_less() -> None:
    goal = person(
        {"SQL": 1, "Excel": 1},
        {"SQL": 4, "Excel": 4},
        objective="Data analyst",
        objective_skills=frozenset({"sql"}),
    )
    toward = match(goal, opportunity(offered={"SQL": 3}))
    aside = match(goal, opportunity(offered={"Excel": 3}))
    assert toward.learning == pytest.approx(2 / core.LEARN_FULL)
    assert aside.learning == pytest.approx(2 * core.GAP_WEIGHT / core.LEARN_FULL)
    assert "grows SQL from level 1 to 3, toward the objective 'Data analyst'" in toward.reasons
    assert "grows Excel from level 1 to 3, a gap on the skill map" in aside.reasons
    # Nothing to learn when the person is already at their target.
    done = match(person({"SQL": 4}), opportunity(offered={"SQL": 5}))
    assert done.learning == 0
    assert "offers no skill that closes a gap on the skill map" in done.reasons


def test_availability_scales_the_score_by_the_free_share_of_the_week() -> None:
    busy = person({"SQL": 3}, committed=80)
    found = match(busy, opportunity({"SQL": 3}, share=40))
    assert found.availability == pytest.approx(0.5)
    assert found.total == pytest.approx(0.5 * (core.W_FIT * 1 + core.W_BALANCE * 0))
    assert found.reasons[-1] == "needs 40% of the week, but only 20% is free"
    full = match(person({"SQL": 3}, committed=100), opportunity({"SQL": 3}))
    assert full.total == 0


def short(start: str, skill: str) -> MoveFact:
    day = date.fromisoformat(start)
    return MoveFact("gig", "Analyst", day, date(day.year, day.month, 28), (skill,))


def test_after_shallow_moves_only_a_deep_step_scores_for_balance() -> None:
    moves = (short("2026-05-01", "SQL"), short("2026-07-01", "Excel"), short("2026-09-01", "R"))
    wide = person({"SQL": 2, "Excel": 2, "R": 1}, {"SQL": 4, "Excel": 4, "R": 4}, moves=moves)
    long = match(wide, opportunity(offered={"Go": 2}, weeks=30))
    builds = match(wide, opportunity(offered={"SQL": 3}))
    shallow = match(wide, opportunity(offered={"Go": 2}))
    assert (long.balance, builds.balance, shallow.balance) == (1.0, 1.0, 0.0)
    assert "a deep step after 3 short moves in a row that went wide" in long.reasons
    assert "builds on SQL, which an earlier move started" in builds.reasons
    assert "another short step after 3 that went wide: no depth here" in shallow.reasons


def test_otherwise_a_new_skill_adds_breadth() -> None:
    found = match(person({"SQL": 2}), opportunity(offered={"Go": 2}))
    assert found.balance == 0.5
    assert "adds Go, new to the skill map (breadth)" in found.reasons


def test_linked_names_are_one_skill() -> None:
    keys = core.SkillKeys()
    assert keys.key("Data analysis", "esco:1") == keys.key("analyse data", "esco:1")
    assert keys.key("SQL ", None) == keys.key("sql", None)


def test_ranking_is_by_total_score_best_first() -> None:
    problem = synthetic_org(300, 40, seed=3)
    ranked = core.rank_opportunities(problem, 5, 10)
    totals = core.score(problem, 5, 6).total[0]
    assert [m.total for m in ranked] == pytest.approx(sorted(totals, reverse=True)[:10])
    people = core.rank_people(problem, 7, 5)
    column = np.concatenate([core.score(problem, 0, 300).total[:, 7]])
    assert [m.total for m in people] == pytest.approx(sorted(column, reverse=True)[:5])
    assert all(m.reasons for m in people)


# --- the assignment against brute force ------------------------------------------------------


def brute_force(
    weights: np.ndarray, capacity: np.ndarray, team: np.ndarray, cap: int | None
) -> float:
    """Try every choice (nothing or one opportunity) of every person."""
    n, m = weights.shape
    best = 0.0
    for choice in itertools.product(range(-1, m), repeat=n):
        taken = [c for c in choice if c >= 0]
        if any(taken.count(j) > capacity[j] for j in set(taken)):
            continue
        teams = [team[i] for i, c in enumerate(choice) if c >= 0 and team[i] >= 0]
        if cap is not None and any(teams.count(t) > cap for t in set(teams)):
            continue
        best = max(best, sum(weights[i, c] for i, c in enumerate(choice) if c >= 0))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_solvers_reach_the_brute_force_optimum_on_tiny_instances(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 6, 3
    weights = np.round(rng.random((n, m)) * (rng.random((n, m)) < 0.7), 3).astype(np.float32)
    capacity = rng.integers(1, 3, m)
    team = rng.integers(-1, 2, n)
    cap = int(rng.integers(1, 3)) if seed % 3 else None
    rows, cols = np.nonzero(weights > 0)
    edges = core.Edges(rows.astype(np.int64), cols.astype(np.int64), weights[rows, cols])
    optimum = brute_force(weights, capacity, team, cap)
    lp = core.assign(edges, capacity, team, team_cap=cap)
    exact = core.assign_exact(edges, capacity, team, team_cap=cap)
    assert lp.integral
    assert lp.objective == pytest.approx(optimum, abs=1e-4)
    assert exact.objective == pytest.approx(optimum, abs=1e-4)
    assert core.assign_greedy(edges, capacity, team, team_cap=cap).objective <= optimum + 1e-4


def check_feasible(
    found: core.Assignment, capacity: np.ndarray, team: np.ndarray, cap: int
) -> None:
    assert len(set(found.person.tolist())) == len(found)  # nobody twice
    assert np.all(np.bincount(found.opp, minlength=len(capacity)) <= capacity)
    teams = team[found.person]
    assert np.bincount(teams[teams >= 0]).max(initial=0) <= cap


@pytest.mark.parametrize("cap", [1, 3])
def test_capacity_and_team_cap_hold_on_a_seeded_org(cap: int) -> None:
    problem = synthetic_org(600, 40, seed=5)
    capacity, team = problem.opps.capacity, problem.people.team
    edges = core.candidate_edges(problem)
    for found in (
        core.assign(edges, capacity, team, team_cap=cap),
        core.assign_greedy(edges, capacity, team, team_cap=cap),
    ):
        check_feasible(found, capacity, team, cap)
    solved = core.assign(edges, capacity, team, team_cap=cap)
    assert solved.integral
    # Six teams of 100 under the cap: the cap binds.
    assert len(solved) == 6 * cap


def test_pruned_edges_stay_close_to_the_exact_optimum_on_every_pair() -> None:
    problem = synthetic_org(400, 30, seed=9)
    capacity, team = problem.opps.capacity, problem.people.team
    exact = core.assign_exact(core.all_edges(problem), capacity, team, team_cap=8)
    ours = core.assign(core.candidate_edges(problem), capacity, team, team_cap=8)
    greedy = core.assign_greedy(core.all_edges(problem), capacity, team, team_cap=8)
    assert ours.objective <= exact.objective + 1e-4
    assert core.gap_percent(exact.objective, ours.objective) < 1.0
    assert greedy.objective <= exact.objective + 1e-4


def test_blocked_pairs_are_never_candidates() -> None:
    problem = synthetic_org(200, 10, seed=1)
    free = core.candidate_edges(problem, per_person=10, per_opportunity=200)
    pair = (int(free.person[0]), int(free.opp[0]))
    edges = core.candidate_edges(problem, per_person=10, per_opportunity=200, blocked=[pair])
    assert pair not in set(zip(edges.person.tolist(), edges.opp.tolist(), strict=True))
    everyone = core.all_edges(problem, blocked=[pair])
    assert len(everyone) == len(core.all_edges(problem)) - 1
