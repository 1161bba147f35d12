"""Pilot cohort matching and comparison on seeded histories with a known effect (or none)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import pytest

from microstep.core.cohorts import (
    CohortError,
    Person,
    compare,
    match,
    newcombe,
    sentence,
    welch,
)
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered

TODAY = date(2026, 11, 18)
START = date(2025, 5, 1)
ROLES = {r: RoleInfo(r, f"Role {r}") for r in range(1, 5)}


def org(
    *, people: int, members: int, effect: float, seed: int, base: float = 0.6
) -> tuple[History, list[int]]:
    """People in four roles hired over six years; after START everyone moves as a Poisson
    process of `base` a year, members of `base + effect`; nobody leaves."""
    rng = random.Random(seed)
    cohort = set(rng.sample(range(1, people + 1), members))
    steps = []
    for pid in range(1, people + 1):
        hired = START - timedelta(days=rng.randrange(60, 6 * 365))
        steps.append(Step(pid, 1 + pid % 4, "hire", hired))
        lam = base + (effect if pid in cohort else 0.0)
        day = START
        while True:
            day += timedelta(days=max(1, round(rng.expovariate(lam) * 365.25)))
            if day > TODAY:
                break
            steps.append(Step(pid, 1 + pid % 4, "rotation", day, day + timedelta(days=60)))
    infos = {p: PersonInfo(p, f"P{p}", team=1) for p in range(1, people + 1)}
    return History(ROLES, infos, ordered(steps), TODAY, {1: "T"}), sorted(cohort)


def test_matching_respects_role_and_tenure_without_replacement() -> None:
    people = {
        1: Person(1, 10, 2.0, True),
        2: Person(2, 10, 5.0, True),
        3: Person(3, 10, 2.3, True),  # nearest for 1
        4: Person(4, 10, 1.5, True),
        5: Person(5, 20, 2.0, True),  # other role
        6: Person(6, 10, 4.5, True),  # for 2
        7: Person(7, 10, 2.1, False),  # not active at the start
        8: Person(8, 30, 1.0, True),  # a member with nobody in role 30
        9: Person(9, 10, 8.0, True),  # outside every caliper
    }
    found = match([1, 2, 8, 11], people, k=2, caliper=1.0)
    assert found.pairs == {1: (3, 4), 2: (6,)}
    assert [(u.person, u.reason.split()[0]) for u in found.unmatched] == [(8, "no"), (11, "not")]
    assert len(set(found.controls)) == len(found.controls)


def test_two_members_share_a_pool_without_one_taking_every_match() -> None:
    people = {
        1: Person(1, 10, 2.0, True),
        2: Person(2, 10, 2.05, True),
        3: Person(3, 10, 2.0, True),
        4: Person(4, 10, 2.1, True),
    }
    found = match([1, 2], people, k=2)
    assert sorted(len(c) for c in found.pairs.values()) == [1, 1]


def test_a_planted_effect_gives_an_interval_that_excludes_zero() -> None:
    history, members = org(people=600, members=60, effect=1.5, seed=2)
    result = compare(history, members, START, k=2)
    moves = result.outcomes[0]
    assert moves.key == "moves"
    assert moves.low is not None
    assert moves.low > 0
    assert moves.clear
    assert "higher among members" in sentence(moves)
    assert "caused" not in " ".join(result.readout)
    assert result.readout[0].startswith("Not randomised: members were matched")


def test_with_no_effect_the_interval_covers_zero_about_95_percent_of_the_time() -> None:
    covered = 0
    reps = 200
    for seed in range(reps):
        history, members = org(people=160, members=25, effect=0.0, seed=100 + seed)
        o = compare(history, members, START, k=2).outcomes[0]
        assert o.low is not None
        assert o.high is not None
        covered += o.low <= 0 <= o.high
    assert 0.88 <= covered / reps <= 0.99


def test_newcombe_covers_a_known_difference_of_shares() -> None:
    rng = random.Random(4)
    covered = 0
    for _ in range(300):
        a = sum(rng.random() < 0.6 for _ in range(40))
        b = sum(rng.random() < 0.4 for _ in range(80))
        found = newcombe(a, 40, b, 80)
        assert found is not None
        covered += found[1] <= 0.2 <= found[2]
    assert 0.9 <= covered / 300 <= 0.99


def test_welch_needs_two_in_each_group() -> None:
    assert welch([1.0], [1.0, 2.0]) is None
    found = welch([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert found is not None
    assert found[0] == 0
    assert found[1] < 0 < found[2]


def test_skills_are_compared_only_for_people_whose_maps_are_visible() -> None:
    history, members = org(people=200, members=20, effect=0.0, seed=3)
    visible = dict.fromkeys(list(history.people)[:150], 2)
    result = compare(history, members, START, skills=visible)
    skills = result.outcomes[2]
    assert skills.key == "skills"
    assert skills.cohort_n <= len([m for m in members if m in visible])
    none = compare(history, members, START, skills={}).outcomes[2]
    assert none.too_few
    assert "too few" in sentence(none)


def test_bad_cohorts_are_refused() -> None:
    history, _ = org(people=20, members=5, effect=0.0, seed=1)
    with pytest.raises(CohortError, match="no members"):
        compare(history, [], START)
    with pytest.raises(CohortError, match="future"):
        compare(history, [1], TODAY + timedelta(days=1))


def test_comparing_in_a_hundred_thousand_people_takes_seconds() -> None:
    history, members = org(people=100_000, members=500, effect=0.5, seed=9, base=0.8)
    began = time.perf_counter()
    result = compare(history, members, START)
    assert time.perf_counter() - began < 30
    assert len(result.matching.pairs) > 450
