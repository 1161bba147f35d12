"""Congestion and alternate routes on seeded histories with a planted bottleneck."""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta

from microstep.core import congestion as core
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered

A, R, S, P, Q = 1, 2, 3, 4, 5
TITLES = {A: "Data analyst", R: "Product rotation", S: "Business analyst", P: "Product manager"}
TITLES[Q] = "Quality lead"
TODAY = date(2026, 11, 18)


def planted() -> History:
    """Analysts usually reach Product manager through the rotation (30 people), 4 went through
    Business analyst; 6 people took the rotation in the last three years; 2 took Quality lead
    long ago."""
    steps, people = [], {}
    pid = 0

    def person(career: list[tuple[int, str, date]]) -> None:
        nonlocal pid
        pid += 1
        people[pid] = PersonInfo(pid)
        steps.extend(Step(pid, role, kind, start) for role, kind, start in career)

    old, recent = date(2018, 1, 1), TODAY - timedelta(days=400)
    for i in range(30):
        when = recent if i < 6 else old
        person([(A, "hire", old), (R, "lateral", when), (P, "promotion", when + timedelta(200))])
    for _ in range(4):
        person(
            [
                (A, "hire", old),
                (S, "lateral", old + timedelta(100)),
                (P, "promotion", old + timedelta(400)),
            ]
        )
    for _ in range(2):
        person([(Q, "hire", date(2015, 1, 1))])
    roles = {r: RoleInfo(r, t) for r, t in TITLES.items()}
    return History(roles=roles, people=people, steps=ordered(steps), today=TODAY)


def test_throughput_counts_lasting_entries_per_year_in_the_window() -> None:
    flow = core.throughput(planted())
    assert flow[R] == 6 / 3
    assert Q not in flow


def test_index_is_aspirants_over_places_and_throughput() -> None:
    history = planted()
    opp = core.OpenPlace(7, "Product rotation, spring", R, "rotation", places=1, applicants=3)
    result = core.congestion(
        history, objectives={R: 8, Q: 2}, recommended={R: 1}, opportunities=[opp]
    )
    loads = core.by_role(result)
    rot = loads[R]
    assert (rot.objectives, rot.applications, rot.recommended) == (8, 3, 1)
    assert rot.capacity == 1 + 2
    assert rot.index == 12 / 3
    assert loads[Q].status == core.NO_CAPACITY
    assert loads[Q].index is None
    assert result.roles[0].role == Q  # no capacity ranks first
    assert result.roles[1].role == R
    assert result.opportunities[0].index == 3.0


def test_a_route_around_the_crowded_rotation_comes_first_with_its_reason() -> None:
    history = planted()
    loads = core.by_role(core.congestion(history, objectives={R: 12}))
    routes = core.alternate_routes(history, P, [A], loads, k=3)
    assert [r.roles for r in routes] == [(A, S, P), (A, R, P)]
    around, usual = routes
    assert around.support == 4
    assert usual.support == 30
    assert math.isclose(around.probability, 4 / 34)
    assert around.steps[0].load is None  # nobody aims at Business analyst
    assert usual.steps[0].load is not None
    assert usual.steps[0].load.index == 12 / 2
    assert around.reason == (
        "Product rotation has 12 aspirants for 2 places a year; 4 people reached Product "
        "manager via Business analyst instead."
    )
    plain = core.alternate_routes(history, P, [A], loads, lam=0.0)
    assert plain[0].roles == (A, R, P)  # without congestion the likely way wins


def test_yen_finds_k_distinct_simple_paths_in_weight_order() -> None:
    graph = {1: {2: 0.5, 3: 0.5}, 2: {4: 1.0}, 3: {4: 0.5, 2: 0.5}, 4: {}}
    weight = core.edge_weight(graph, {}, 4, 0.0)
    paths = core.k_shortest(graph, weight, 1, 4, 5)
    assert paths == [[1, 2, 4], [1, 3, 4], [1, 3, 2, 4]]
    costs = [sum(weight(a, b) for a, b in itertools.pairwise(p)) for p in paths]
    assert costs == sorted(costs)


def test_fewer_than_the_minimum_group_is_not_written_as_a_number() -> None:
    history = planted()
    loads = core.by_role(core.congestion(history, objectives={R: 2}))
    route = core.alternate_routes(history, P, [A], loads, min_group=3)[0]
    assert "fewer than 3 aspirants" in route.reason


def test_common_roles_are_the_roles_people_hold_today() -> None:
    assert core.common_roles(planted(), range(1, 40), top=2) == [P, Q]
