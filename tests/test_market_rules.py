"""Market demand and what to learn next, on seeded postings whose truth is known."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core.market import (
    Demand,
    MapSkill,
    OnetFlag,
    PostingSkills,
    RoleSkills,
    Trend,
    learn_next,
    market_demand,
    month_range,
    trend,
    trend_windows,
    why,
)

LAST = date(2026, 11, 15)
SQL, PYTHON, EXCEL, R, TABLEAU, DBT = "sql", "python", "excel", "r", "tableau", "dbt"


def seeded(seed: int = 3) -> list[PostingSkills]:
    """40 postings over 180 days: SQL steady at 70%, Python rising, Excel falling, R rare."""
    rng = random.Random(seed)
    postings = []
    for index in range(40):
        recent = index % 2 == 0  # 20 in each 90-day window
        day = LAST - timedelta(days=rng.randint(0, 89) + (0 if recent else 90))
        if index == 0:
            day = LAST  # the newest posting anchors the windows
        if index == 1:
            day = LAST - timedelta(days=179)  # the oldest: the span is exactly 180 days
        skills = set()
        if index % 10 < 7:
            skills.add(SQL)  # 16 of 20 recent, 12 of 20 before: 1.33x, steady
        if (recent and index % 4 == 0) or index == 3:
            skills.add(PYTHON)  # 10 recent, 1 before: rising
        if (not recent and index % 4 == 1) or index == 4:
            skills.add(EXCEL)  # 1 recent, 10 before: falling
        if index in (5, 6):
            skills.add(R)  # named twice: too few to tell
        postings.append(PostingSkills(day, frozenset(skills)))
    return postings


@pytest.fixture
def demand() -> Demand:
    return market_demand(seeded())


def test_counts_and_shares(demand: Demand) -> None:
    assert demand.total == 40
    assert (demand.first, demand.last) == (LAST - timedelta(days=179), LAST)
    counts = {s.uri: (s.count, round(s.share, 3)) for s in demand.skills}
    assert counts[SQL] == (28, 0.7)
    assert counts[R] == (2, 0.05)
    assert demand.skills[0].uri == SQL  # most named first


def test_trend_directions_of_the_seeded_skills(demand: Demand) -> None:
    assert (demand.recent_postings, demand.before_postings) == (20, 20)
    trends = {s.uri: s.trend for s in demand.skills}
    assert trends == {
        SQL: Trend.STEADY,
        PYTHON: Trend.RISING,
        EXCEL: Trend.FALLING,
        R: Trend.UNCLEAR,
    }
    python = demand.of(PYTHON)
    assert python is not None
    assert python.recent > 3 * python.before


def test_months_add_up_and_end_with_the_newest_posting(demand: Demand) -> None:
    assert [m.month for m in demand.months][-1] == date(2026, 11, 1)
    assert demand.months[0].month == date(2026, 5, 1)
    assert sum(m.postings for m in demand.months) == 40
    for skill in demand.skills:
        assert sum(skill.months) == skill.count
        assert len(skill.months) == len(demand.months)


def test_months_stop_at_twelve() -> None:
    months = month_range(date(2026, 11, 30), date(2020, 1, 1))
    assert len(months) == 12
    assert (months[0], months[-1]) == (date(2025, 12, 1), date(2026, 11, 1))
    assert month_range(date(2026, 11, 30), date(2026, 11, 2)) == [date(2026, 11, 1)]


def test_windows_are_ninety_days_or_the_halves_of_a_shorter_span() -> None:
    long = trend_windows(date(2025, 1, 1), LAST)
    assert (long.recent_end - long.recent_start).days == 89
    assert long.before_end == long.recent_start - timedelta(days=1)
    assert (long.before_end - long.before_start).days == 89
    short = trend_windows(LAST - timedelta(days=83), LAST)  # the demo's twelve weeks
    assert (short.recent_end - short.recent_start).days == 41
    assert short.before_start == LAST - timedelta(days=83)
    tiny = trend_windows(LAST, LAST)
    assert (tiny.recent_end - tiny.recent_start).days == 27


def test_trend_rule_boundaries() -> None:
    assert trend(6, 20, 4, 20) is Trend.RISING  # 30% vs 20%: 1.5x and 10 points
    assert trend(5, 20, 4, 20) is Trend.STEADY  # 25% vs 20%: only 1.25x
    assert trend(3, 100, 1, 100) is Trend.STEADY  # 3x, but only 2 points
    assert trend(4, 20, 6, 20) is Trend.FALLING
    assert trend(5, 20, 0, 20) is Trend.RISING  # new in the recent window
    assert trend(3, 4, 0, 20) is Trend.UNCLEAR  # too few recent postings
    assert trend(2, 20, 0, 20) is Trend.UNCLEAR  # named only twice
    assert trend(2, 20, 1, 20) is Trend.RISING  # 10% vs 5%: 2x and 5 points exactly


def test_no_postings_no_demand() -> None:
    empty = market_demand([])
    assert (empty.total, empty.skills, empty.months, empty.windows) == (0, (), (), None)
    assert learn_next(empty) == []


ROLE = RoleSkills(
    label="data analyst",
    essential=frozenset({SQL, PYTHON}),
    optional=frozenset({EXCEL}),
    onet_title="Business Intelligence Analysts",
)


def test_learn_next_ranks_by_demand_relevance_and_gap(demand: Demand) -> None:
    skill_map = [
        MapSkill(SQL, "SQL", current=4, target=4, for_objective=True),  # reached: left out
        MapSkill(PYTHON, "Python", current=2, target=4, for_objective=True),
        MapSkill(DBT, "dbt", current=0, target=3, for_objective=True),  # no demand: left out
    ]
    onet = [OnetFlag(TABLEAU, "Tableau", hot=True, in_demand=True)]
    found = learn_next(demand, onet=onet, role=ROLE, skill_map=skill_map, top=10)
    assert [s.uri for s in found] == [PYTHON, TABLEAU, EXCEL, R]
    python, tableau, excel, r = found
    assert python.demand.value == pytest.approx(min(1, 11 / 40 * 1.25), abs=1e-4)
    assert python.relevance.value == 1.0
    assert python.gap.value == pytest.approx(2 / 3, abs=1e-4)
    assert python.score == pytest.approx(python.demand.value * 2 / 3, abs=1e-3)
    assert excel.demand.value == pytest.approx(11 / 40 * 0.75, abs=1e-4)
    assert (excel.relevance.value, excel.gap.value) == (0.6, 0.8)
    assert (tableau.demand.value, tableau.relevance.value, tableau.gap.value) == (0.5, 0.3, 0.8)
    assert r.relevance.reasons == ("not listed for data analyst",)


def test_reasons_are_plain_sentences(demand: Demand) -> None:
    skill_map = [MapSkill(PYTHON, "Python", current=2, target=4, for_objective=True)]
    onet = [OnetFlag(PYTHON, "Python", hot=True, in_demand=True)]
    found = learn_next(demand, onet=onet, role=ROLE, skill_map=skill_map)
    python = next(s for s in found if s.uri == PYTHON)
    assert python.reasons == (
        "named in 11 of 40 postings (28%), rising",
        "O*NET lists Python as in demand for Business Intelligence Analysts",
        "essential for data analyst",
        "you are at 2, aiming for 4",
    )
    assert why(python) == (
        "Named in 11 of 40 postings (28%), rising; O*NET lists Python as in demand for "
        "Business Intelligence Analysts; essential for data analyst; you are at 2, aiming for 4."
    )
    assert python.demand.value == pytest.approx(1 - (1 - 11 / 40 * 1.25) * 0.5, abs=1e-4)


def test_without_a_role_relevance_is_even_and_the_map_still_counts(demand: Demand) -> None:
    skill_map = [MapSkill(EXCEL, "Excel", current=0, target=3, for_objective=True)]
    found = learn_next(demand, skill_map=skill_map, top=2)
    assert [s.uri for s in found] == [SQL, EXCEL]  # 0.7 x 0.5 x 0.8 and 0.206 x 0.8 x 1
    sql, excel = found
    assert excel.relevance.reasons == ("on your skill map",)
    assert sql.relevance.reasons == ("no target role set, so relevance is not weighed",)
    assert sql.gap.reasons == ("not on your map yet",)


def test_top_limits_and_order_is_stable(demand: Demand) -> None:
    assert len(learn_next(demand, role=ROLE, top=2)) == 2
    assert learn_next(demand, role=ROLE) == learn_next(demand, role=ROLE)


DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 11, 18))
POSTING = st.builds(
    PostingSkills, DAYS, st.frozensets(st.sampled_from([SQL, PYTHON, EXCEL, R]), max_size=4)
)


@settings(max_examples=200, deadline=None)
@given(postings=st.lists(POSTING, max_size=60))
def test_factors_and_scores_stay_within_zero_and_one(postings: list[PostingSkills]) -> None:
    demand = market_demand(postings)
    assert sum(m.postings for m in demand.months) <= demand.total
    for skill in demand.skills:
        assert 0 < skill.share <= 1
        assert skill.recent + skill.before <= skill.count
    onet = [OnetFlag(TABLEAU, "Tableau", hot=True, in_demand=False)]
    for suggestion in learn_next(demand, onet=onet, role=ROLE, top=10):
        for factor in (suggestion.demand, suggestion.relevance, suggestion.gap):
            assert 0 <= factor.value <= 1
        assert 0 < suggestion.score <= 1
        assert why(suggestion).endswith(".")
