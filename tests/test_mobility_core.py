"""Mobility metrics on seeded simulated histories whose truth is known."""

from __future__ import annotations

import math
import random
import time
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.mobility import (
    km_median,
    median_ci,
    metrics,
    poisson_rate,
    roles_reached,
    suppressed,
    suppressed_teams,
    wilson,
)

TODAY = date(2026, 11, 18)
ROLE_A, ROLE_B, TARGET = 1, 2, 3
ROLES = {r: RoleInfo(r, t) for r, t in ((1, "Analyst"), (2, "Engineer"), (3, "Lead"))}


def simulate(
    *,
    people: int,
    rate: float,
    short_share: float = 0.4,
    met: float = 0.7,
    promote_rate: float = 0.2,
    teams: int = 3,
    seed: int = 1,
    rate_of: dict[int, float] | None = None,
    start_id: int = 1,
) -> History:
    """People hired over six years; moves arrive as a Poisson process of `rate` a year (a
    person's own rate from `rate_of`), each short with `short_share`, judged met with `met`;
    promotion into TARGET after an exponential wait of `promote_rate` a year; nobody leaves."""
    rng = random.Random(seed)
    steps: list[Step] = []
    infos = {}
    for pid in range(start_id, start_id + people):
        hired = TODAY - timedelta(days=rng.randrange(30, 6 * 365))
        role = rng.choice((ROLE_A, ROLE_B))
        steps.append(Step(pid, role, "hire", hired))
        infos[pid] = PersonInfo(pid, f"P{pid}", team=100 + pid % teams, active=True)
        lam = (rate_of or {}).get(pid, rate)
        wait = min(rng.expovariate(promote_rate), 50.0) if promote_rate > 0 else 50.0
        promoted = hired + timedelta(days=wait * 365.25)
        day = hired
        while True:
            day += timedelta(days=max(1, round(rng.expovariate(lam) * 365.25)))
            if day > TODAY:
                break
            if rng.random() < short_share:
                end = day + timedelta(days=rng.randrange(30, 120))
                outcome = "met" if rng.random() < met else rng.choice(("partly", "not_met"))
                steps.append(
                    Step(pid, ROLE_B, "rotation", day, end if end < TODAY else None, outcome)
                )
            else:
                steps.append(Step(pid, role, "lateral", day))
        if promoted <= TODAY:
            steps.append(Step(pid, TARGET, "promotion", promoted))
    return History(
        roles=ROLES,
        people=infos,
        steps=ordered(steps),
        today=TODAY,
        teams={100 + t: f"Team {t}" for t in range(teams)},
    )


def test_a_known_move_rate_is_recovered_inside_its_interval() -> None:
    history = simulate(people=400, rate=0.8, promote_rate=0, seed=3)
    rate = metrics(history).overall.rate
    assert rate is not None
    assert rate.low is not None
    assert rate.high is not None
    assert rate.low <= 0.8 <= rate.high
    assert rate.high - rate.low < 0.15


def test_the_share_of_short_moves_and_success_are_recovered() -> None:
    found = metrics(simulate(people=400, rate=1.0, short_share=0.3, met=0.6, seed=4)).overall
    assert found.short is not None
    assert found.short.low is not None
    assert found.short.high is not None
    # promotions count as (lasting) moves too: the expected short share is diluted by them
    assert found.short.low < 0.3 < found.short.high + 0.05
    assert found.success is not None
    assert found.success.low is not None
    assert found.success.high is not None
    assert found.success.low <= 0.6 <= found.success.high


def test_the_poisson_interval_covers_the_true_rate_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(7)
    hits = 0
    for _ in range(400):
        exposure = float(rng.uniform(20, 60))
        events = int(rng.poisson(0.5 * exposure))
        r = poisson_rate(events, exposure)
        assert r.low is not None
        assert r.high is not None
        hits += r.low <= 0.5 <= r.high
    assert 0.92 <= hits / 400 <= 0.99


def test_wilson_and_the_median_interval_behave_at_the_edges() -> None:
    assert wilson(0, 0).value is None
    zero = wilson(0, 10)
    assert zero.low == 0.0
    assert zero.high is not None
    assert 0.2 < zero.high < 0.35
    assert median_ci(np.array([], dtype=np.float64)).value is None
    m = median_ci(np.arange(1.0, 101.0))
    assert m.value == 50.5
    assert m.low is not None
    assert m.high is not None
    assert m.low < 50 < m.high


def test_kaplan_meier_recovers_an_exponential_median_under_censoring() -> None:
    rng = np.random.default_rng(5)
    true = rng.exponential(1 / 0.3, 3000)  # median ln 2 / 0.3 = 2.31 years
    follow = rng.uniform(0, 6, 3000)
    seen = np.minimum(true, follow)
    found = km_median(seen, true <= follow)
    assert found.value is not None
    assert found.low is not None
    assert found.high is not None
    assert found.low <= math.log(2) / 0.3 <= found.high
    naive = float(np.median(seen[true <= follow]))  # "of those who reached it" is biased low
    assert naive < found.value


def test_time_to_promotion_is_a_kaplan_meier_median_of_everyone() -> None:
    history = simulate(people=600, rate=0.5, promote_rate=0.35, seed=8)
    found = metrics(history).overall
    assert found.to_target is not None
    assert found.to_target.low is not None
    assert found.to_target.high is not None
    assert found.to_target.low <= math.log(2) / 0.35 <= found.to_target.high
    assert found.reached is not None
    assert 0 < found.reached.hits < found.reached.n == 600


def test_a_chosen_target_role_leaves_out_people_hired_into_it() -> None:
    history = simulate(people=50, rate=0.5, seed=9)
    extra = Step(999, TARGET, "hire", date(2024, 1, 1))
    people = {**history.people, 999: PersonInfo(999, "Hired lead", team=100)}
    found = metrics(
        History(ROLES, people, ordered([*history.steps, extra]), TODAY, history.teams),
        target=TARGET,
    )
    assert found.target_label == "Lead"
    assert found.overall.reached is not None
    assert found.overall.reached.n == 50


def test_teams_and_years_break_down_and_small_groups_are_too_few() -> None:
    history = simulate(people=60, rate=0.7, teams=3, seed=10)
    lonely = Step(500, ROLE_A, "hire", date(2026, 1, 5))
    people = {**history.people, 500: PersonInfo(500, "Solo", team=900)}
    found = metrics(
        History(
            ROLES, people, ordered([*history.steps, lonely]), TODAY, history.teams | {900: "Solo"}
        ),
        min_group=3,
    )
    assert [g.label for g in found.by_team] == ["Solo", "Team 0", "Team 1", "Team 2"]
    solo = found.by_team[0]
    assert solo.too_few
    assert solo.rate is None
    assert solo.people is None  # not even the head count of a hidden team
    # One hidden person would be the total minus the shown teams: the smallest team hides too.
    assert sum(g.too_few for g in found.by_team) == 2
    shown = [g for g in found.by_team if not g.too_few]
    assert found.overall.people is not None
    assert found.overall.people - sum(g.people or 0 for g in shown) >= 3
    assert [g.key for g in found.by_year][-1] == "2026"
    moves = sum(g.rate.events for g in found.by_year if g.rate)
    assert found.overall.rate is not None
    assert moves == found.overall.rate.events


def test_leavers_count_only_until_they_left() -> None:
    steps = [
        Step(p, ROLE_A, "hire", date(2020, 1, 1), date(2022, 1, 1) if p <= 2 else None)
        for p in range(1, 5)
    ]
    people = {p: PersonInfo(p, str(p), team=1, active=p > 2) for p in range(1, 5)}
    found = metrics(History(ROLES, people, ordered(steps), TODAY, {1: "T"}))
    assert found.overall.rate is not None
    expected = (2 * 731 + 2 * (TODAY - date(2020, 1, 1)).days + 2) / 365.25
    assert found.overall.rate.person_years == pytest.approx(expected, abs=0.01)


def test_a_hundred_thousand_people_and_a_million_steps_take_seconds() -> None:
    rng = np.random.default_rng(1)
    n_people, per = 100_000, 10
    base = date(2015, 1, 1).toordinal()
    kinds = ("lateral", "rotation", "promotion", "stretch")
    steps = []
    for pid in range(n_people):
        days = np.sort(rng.integers(0, 4000, per))
        roles = rng.integers(1, 200, per)
        for j in range(per):
            kind = "hire" if j == 0 else kinds[(pid + j) % 4]
            steps.append(Step(pid, int(roles[j]), kind, date.fromordinal(base + int(days[j]))))
    people = {p: PersonInfo(p, team=p % 300) for p in range(n_people)}
    roles = {r: RoleInfo(r, f"R{r}") for r in range(1, 200)}
    history = History(roles, people, tuple(steps), TODAY, {t: f"T{t}" for t in range(300)})
    began = time.perf_counter()
    found = metrics(history, target=5)
    took = time.perf_counter() - began
    assert found.overall.rate is not None
    assert found.overall.rate.events == n_people * (per - 1)
    assert len(found.by_team) == 300
    assert took < 20, took


def test_an_org_with_people_and_no_moves_has_nothing_to_show() -> None:
    people = {p: PersonInfo(p, str(p), team=1 + p % 2) for p in range(1, 6)}
    found = metrics(History(ROLES, people, (), TODAY, {1: "A", 2: "B"}))
    assert found.overall.too_few
    assert [g.too_few for g in found.by_team] == [True, True]
    empty = metrics(History(ROLES, {}, (), TODAY, {}))
    assert empty.overall.people is None
    assert empty.by_team == ()


def _few_reach_target(reachers: int) -> History:
    """Twenty people in one team; `reachers` of them promoted into TARGET, the rest stay;
    two people alone made short moves with outcomes."""
    steps = [Step(p, ROLE_A, "hire", date(2020, 1, 1)) for p in range(1, 21)]
    steps += [
        Step(p, TARGET, "promotion", date(2021, 1, 1) + timedelta(days=30 * p))
        for p in range(1, reachers + 1)
    ]
    steps += [
        Step(p, ROLE_B, "rotation", date(2023, 1, 1), date(2023, 3, 1), "met") for p in (19, 20)
    ]
    people = {p: PersonInfo(p, str(p), team=1) for p in range(1, 21)}
    return History(ROLES, people, ordered(steps), TODAY, {1: "T"})


def test_a_figure_resting_on_fewer_than_three_people_is_not_shown() -> None:
    one = metrics(_few_reach_target(1), target=TARGET).overall
    assert not one.too_few
    assert one.people == 20
    assert one.to_target is None  # one person's own time to the target
    assert one.reached is None
    # the short moves' success and length are two people's: hidden
    assert one.short is not None  # moves of three people: one promotion, two rotations
    assert one.success is None
    assert one.partly is None
    assert one.short_days is None
    assert one.rate is not None  # twenty people's moves per person-year
    three = metrics(_few_reach_target(3), target=TARGET).overall
    assert three.to_target is not None
    assert three.to_target.events == 3
    assert three.reached is not None
    assert three.reached.hits == 3


def test_the_target_picker_lists_only_organization_roles_three_people_reached() -> None:
    history = _few_reach_target(2)
    assert roles_reached(history) == []
    history = _few_reach_target(5)
    assert roles_reached(history) == [(TARGET, 5)]
    unnamed = History(
        {r: i for r, i in ROLES.items() if r != TARGET},
        history.people,
        history.steps,
        TODAY,
        history.teams,
    )
    assert roles_reached(unnamed) == []


@given(st.dictionaries(st.integers(1, 30), st.integers(0, 40), max_size=8), st.integers(0, 5))
def test_hidden_teams_never_add_up_to_a_few_people(counts: dict[int, int], teamless: int) -> None:
    hidden = suppressed(counts, teamless, 3)
    assert {t for t, n in counts.items() if n < 3} <= hidden
    rest = teamless + sum(counts[t] for t in hidden)
    assert rest == 0 or rest >= 3 or hidden == set(counts)


def test_a_small_team_asked_for_alone_stays_hidden() -> None:
    history = simulate(people=30, rate=0.7, teams=3, seed=11)
    people = {**history.people, 500: PersonInfo(500, "Solo", team=900)}
    lonely = Step(500, ROLE_A, "hire", date(2026, 1, 5))
    history = History(
        ROLES, people, ordered([*history.steps, lonely]), TODAY, history.teams | {900: "Solo"}
    )
    hidden = suppressed_teams(history)
    assert 900 in hidden
    assert len(hidden) == 2
    assert hidden == {int(g.key) for g in metrics(history).by_team if g.too_few}


def test_a_year_with_few_people_is_not_the_total_minus_the_others() -> None:
    steps = [
        Step(1, ROLE_A, "hire", date(2019, 6, 1)),
        Step(1, ROLE_B, "lateral", date(2019, 9, 1)),
    ]
    steps += [Step(p, ROLE_A, "hire", date(2021, 1, 1)) for p in range(2, 12)]
    steps += [
        Step(p, ROLE_B, "lateral", date(2022, 1, 1) + timedelta(days=p)) for p in range(2, 12)
    ]
    people = {p: PersonInfo(p, str(p), team=1) for p in range(1, 12)}
    found = metrics(History(ROLES, people, ordered(steps), TODAY, {1: "T"}))
    years = {g.key: g for g in found.by_year}
    assert years["2019"].too_few
    assert years["2020"].too_few  # the same lone person
    assert years["2021"].too_few  # hidden with them: the hidden years are eleven people's
    assert not years["2022"].too_few
    assert all(years[y].people is None for y in ("2019", "2020", "2021"))
