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


def test_index_is_demand_over_places_and_throughput() -> None:
    """Aspirants are objectives and applications; a recommendation counts a quarter."""
    history = planted()
    opp = core.OpenPlace(7, "Product rotation, spring", R, "rotation", places=1, applicants=3)
    result = core.congestion(
        history, objectives={R: 8, Q: 2}, recommended={R: 4}, opportunities=[opp]
    )
    loads = core.by_role(result)
    rot = loads[R]
    assert (rot.objectives, rot.applications, rot.recommended) == (8, 3, 4)
    assert rot.aspirants == 11
    assert rot.demand == 11 + 4 * core.REC_WEIGHT
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


def test_recommendations_alone_weigh_a_quarter_of_what_people_ask_for() -> None:
    """30 recommendations and 1 objective (the demo's Cloud engineer) weigh less than 10
    objectives."""
    history = planted()
    result = core.congestion(history, objectives={R: 1, A: 10}, recommended={R: 29})
    loads = core.by_role(result)
    assert loads[R].aspirants == 1
    assert loads[R].demand == 1 + 29 / 4
    assert loads[R].index == (1 + 29 / 4) / 2  # 2 took the rotation a year
    assert loads[A].index is None  # 10 objectives, no capacity: ranked first
    assert [load.role for load in result.roles[:2]] == [A, R]


def test_capacity_comes_from_the_whole_organization_in_a_slice() -> None:
    """A slice with none of the rotation's recent takers still sees its 2 places a year."""
    whole = planted()
    slice_steps = [s for s in whole.steps if s.person > 6]  # people 1-6 took it recently
    part = History(
        roles=whole.roles,
        people={p: i for p, i in whole.people.items() if p > 6},
        steps=slice_steps,
        today=TODAY,
    )
    alone = core.by_role(core.congestion(part, objectives={R: 4}))
    assert alone[R].status == core.NO_CAPACITY
    org = core.by_role(core.congestion(part, objectives={R: 4}, capacity_from=whole))
    assert org[R].capacity == 2
    assert org[R].index == 2


def test_routes_count_lasting_arrivals_like_pathways() -> None:
    """5 analysts try Product manager on a short rotation, then lead a Business analyst team
    and are promoted: they reached it via Business analyst (the trial is not an arrival);
    nobody went straight. The pathways' reached count is the same 5."""
    from microstep.core import pathways

    start = date(2020, 1, 1)
    steps, people = [], {}
    for pid in range(1, 6):
        people[pid] = PersonInfo(pid)
        steps += [
            Step(pid, A, "hire", start),
            Step(pid, P, "rotation", start + timedelta(100), start + timedelta(160)),
            Step(pid, S, "lateral", start + timedelta(200)),
            Step(pid, P, "promotion", start + timedelta(600)),
        ]
    roles = {r: RoleInfo(r, t) for r, t in TITLES.items()}
    history = History(roles=roles, people=people, steps=ordered(steps), today=TODAY)
    assert pathways.mine(history, P).reached == 5
    graph, _ = core.transition_graph(history, P)
    assert P not in graph[A]  # the rotation is not a step into the target
    found = core.alternate_routes(history, P, [A], {}, min_group=3)
    assert [r.roles for r in found] == [(A, S, P)]
    assert found[0].support == 5
    assert found[0].tried == 5
    assert "5 people reached Product manager via Business analyst" in found[0].reason
    assert "5 of them had tried Product manager first on a short trial" in found[0].reason
    assert core.route_support(history, P, [(A, P)])[(A, P)] == 0
