"""Pathway mining on seeded histories whose answer is known: support, median time, conversion,
drop-out and the flow diagram's boxes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core import pathways as core
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered

A, B, C, T, X = 1, 2, 3, 4, 5
TITLES = {A: "Analyst", B: "Business analyst", C: "Consultant", T: "Team lead", X: "Expert"}
DAY0 = date(2020, 1, 6)
TODAY = date(2026, 11, 18)


def _history(people: list[tuple[list[tuple[int, str | None, int, int | None]], bool]]) -> History:
    """Each person: steps as (role, kind, start offset in days, length in days or None) and
    whether they are still active; people are shuffled so order cannot matter."""
    steps, infos = [], {}
    order = list(range(len(people)))
    random.Random(4).shuffle(order)
    for pid, index in enumerate(order, start=1):
        career, active = people[index]
        infos[pid] = PersonInfo(id=pid, name=f"P{pid}", active=active)
        for role, kind, offset, length in career:
            start = DAY0 + timedelta(days=offset)
            end = start + timedelta(days=length) if length is not None else None
            steps.append(Step(pid, role, kind, start, end))
    roles = {r: RoleInfo(r, t) for r, t in TITLES.items()}
    return History(roles=roles, people=infos, steps=ordered(steps), today=TODAY)


def known() -> History:
    """30 go A → B (rotation) → T, 10 go A → C (lateral) → T, and 20 start A → B (rotation)
    without reaching T: 8 left, 7 are still in place, 5 moved to X."""
    via_b = [(A, "hire", 0, None), (B, "rotation", 200, 60), (T, "promotion", 400, None)]
    via_c = [(A, "hire", 0, 200), (C, "lateral", 200, None), (T, "promotion", 400, None)]
    start = [(A, "hire", 0, None), (B, "rotation", 200, 60)]
    people = [(via_b, True)] * 30 + [(via_c, True)] * 10
    people += [(start, False)] * 8 + [(start, True)] * 7
    people += [([*start, (X, "lateral", 500, None)], True)] * 5
    return _history(people)


def _find(result: core.Pathways, *key: tuple[int, str | None]) -> core.Pattern:
    return next(p for p in result.patterns if p.key == key)


def test_support_median_time_and_conversion_are_recovered() -> None:
    result = core.mine(known(), T)
    assert result.reached == 40
    assert result.direct == 0
    ab = _find(result, (A, "hire"), (B, "rotation"))
    assert ab.support == 30
    assert [s.duration for s in ab.steps] == [">1 yr", "<3 mo"]
    assert ab.median_days == 400
    assert (ab.entrants, ab.converted) == (50, 30)
    assert ab.conversion == 0.6
    ac = _find(result, (A, "hire"), (C, "lateral"))
    assert (ac.support, ac.entrants, ac.conversion) == (10, 10, 1.0)
    assert [s.duration for s in ac.steps] == ["3\u201312 mo", "3\u201312 mo"]
    b = _find(result, (B, "rotation"))
    assert (b.support, b.median_days, b.entrants, b.converted) == (30, 200, 50, 30)
    assert result.patterns[0].support == 30  # most supported first


def test_drop_out_at_each_step_is_recovered() -> None:
    ab = _find(core.mine(known(), T), (A, "hire"), (B, "rotation"))
    first, second = ab.dropout
    assert (first.reached, first.continued, first.left, first.stayed, first.elsewhere) == (
        60,
        50,
        0,
        0,
        10,
    )
    assert (second.reached, second.continued, second.left, second.stayed, second.elsewhere) == (
        50,
        30,
        8,
        7,
        5,
    )


def test_a_short_step_into_the_target_is_not_an_arrival() -> None:
    history = _history(
        [([(A, "hire", 0, None), (T, "rotation", 100, 30), (T, "promotion", 300, None)], True)]
    )
    result = core.mine(history, T)
    assert result.reached == 1
    [seq] = result.sequences
    assert [(s.role, s.kind) for s in seq] == [(A, "hire"), (T, "rotation")]


def test_depth_keeps_only_the_last_steps_and_min_support_prunes() -> None:
    career = [(X, "hire", 0, None), (A, "lateral", 100, None), (B, "rotation", 200, 30)]
    career.append((T, "promotion", 300, None))
    people = [(career, True)] * 4 + [([(C, "hire", 0, None), (T, None, 500, None)], True)]
    result = core.mine(_history(people), T, depth=2, min_support=3)
    assert {p.key for p in result.patterns} == {
        ((A, "lateral"), (B, "rotation")),
        ((B, "rotation"),),
    }
    assert all(len(s) <= 2 for s in result.sequences)


def test_flow_columns_and_widths_follow_the_people() -> None:
    result = core.mine(known(), T)
    flow = core.flow(result.sequences, result.depth, T)
    target = [n for n in flow.nodes if n.column == result.depth]
    assert [(n.role, n.people) for n in target] == [(T, 40)]
    col2 = {(n.role, n.kind): n.people for n in flow.nodes if n.column == 2}
    assert col2 == {(B, "rotation"): 30, (C, "lateral"): 10}
    into_t = sum(link.people for link in flow.links if flow.nodes[link.target].role == T)
    assert into_t == 40
    widest = max(flow.links, key=lambda link: link.people)
    assert widest.people == 30
    assert widest.width > min(link.width for link in flow.links)


def test_a_column_with_many_roles_folds_the_rest_into_other() -> None:
    people = [([(100 + i, "hire", 0, None), (T, "promotion", 400, None)], True) for i in range(9)]
    flow = core.flow(core.mine(_history(people), T).sequences, 3, T)
    col = [n for n in flow.nodes if n.column == 2]
    assert len(col) == core.MAX_NODES + 1
    assert col[-1].role == core.OTHER
    assert col[-1].people == 9 - core.MAX_NODES


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([A, B, C, T, X]), min_size=1, max_size=6), max_size=25))
def test_support_never_exceeds_entrants_and_drop_out_adds_up(careers: list[list[int]]) -> None:
    people = [
        (
            [(role, "lateral" if i % 2 else "rotation", i * 100, 50) for i, role in enumerate(c)],
            True,
        )
        for c in careers
    ]
    result = core.mine(_history(people), T)
    for pattern in result.patterns:
        assert pattern.converted <= pattern.entrants
        assert pattern.converted >= pattern.support
        for drop in pattern.dropout:
            parts = drop.continued + drop.left + drop.stayed + drop.elsewhere
            assert parts == drop.reached
            assert min(drop.continued, drop.left, drop.stayed, drop.elsewhere) >= 0
