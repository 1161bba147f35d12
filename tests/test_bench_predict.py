"""bench predict: the temporal split, the metrics' shape, and seeded histories with known
structure: with second-order structure the recommender beats the most popular next role and
the first-order chain (which cannot see the role before); on a first-order history it matches
the first-order chain; the inner split that checks the prior's share never reads the test
period."""

from __future__ import annotations

import random
from datetime import date, timedelta

from microstep.bench import predict
from microstep.core import nextmove
from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.prior import EMPTY

TODAY = date(2026, 11, 18)


def seeded(n: int = 300, seed: int = 11) -> History:
    """Analysts (1) and testers (2) both pass through Lead (3); analysts then become product
    managers (4), testers architects (5) — 90% of the time. Architects are the commoner end."""
    rng = random.Random(seed)
    steps = []
    for person in range(1, n + 1):
        first, last, other = (1, 4, 5) if rng.random() < 0.4 else (2, 5, 4)
        end = last if rng.random() < 0.9 else other
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        for role in (first, 3, end):
            steps.append(Step(person, role, "lateral", day))
            day += timedelta(days=rng.randrange(100, 300))
    roles = {i: RoleInfo(i, t) for i, t in enumerate(["A", "T", "Lead", "PM", "Arch"], 1)}
    return History(roles, {p: PersonInfo(p) for p in range(1, n + 1)}, ordered(steps), TODAY)


def first_order(n: int = 2000, seed: int = 5, k: int = 15) -> History:
    """A plain Markov chain over k roles with fixed random transition weights: the role before
    tells nothing the role now does not."""
    rng = random.Random(seed)
    weights = {
        r: [rng.random() ** 3 if s != r else 0.0 for s in range(1, k + 1)] for r in range(1, k + 1)
    }
    steps = []
    for person in range(1, n + 1):
        role = rng.randrange(1, k + 1)
        day = date(2019, 1, 1) + timedelta(days=rng.randrange(0, 1500))
        for _ in range(rng.randrange(3, 7)):
            steps.append(Step(person, role, "lateral", day))
            day += timedelta(days=rng.randrange(100, 400))
            role = rng.choices(range(1, k + 1), weights[role])[0]
    roles = {i: RoleInfo(i, f"R{i}") for i in range(1, k + 1)}
    return History(roles, {p: PersonInfo(p) for p in range(1, n + 1)}, ordered(steps), TODAY)


def test_on_a_first_order_history_the_recommender_is_the_first_order_chain() -> None:
    """The order-2 level steps aside (its strength is the largest tried) and the scores match
    the first-order baseline within a small tolerance, seed after seed."""
    for seed in range(3):
        history = first_order(seed=seed)
        scores = predict.evaluate(history, EMPTY, date(2023, 1, 1))
        ours, first = scores["ours"], scores["first order"]
        assert ours.cases > 1000
        assert abs(ours.recall5 - first.recall5) <= 0.015
        assert abs(ours.recall10 - first.recall10) <= 0.015
        assert abs(ours.mrr - first.mrr) <= 0.01
    train, _ = predict.split(first_order(seed=0), date(2023, 1, 1))
    assert nextmove.fit(train).strengths[1] >= 256


def test_the_inner_split_reads_only_the_training_period() -> None:
    """Rewriting everything at or after the cut changes nothing the inner check reports."""
    history = seeded()
    cut = date(2023, 1, 1)
    found = predict.inner(history, EMPTY, cut, scales=(1.0,))
    assert len(found[1.0]) == len(predict.INNER_WEEKS)
    assert all(s.cases > 0 for s in found[1.0])
    shuffled = [
        s if s.start < cut else Step(s.person, 1 + s.role % 5, s.kind, s.start, s.end)
        for s in history.steps
    ]
    other = History(history.roles, history.people, ordered(shuffled), history.today)
    assert predict.inner(other, EMPTY, cut, scales=(1.0,)) == found


def test_split_keeps_only_the_past_and_the_next_change() -> None:
    history = seeded()
    cut = date(2023, 1, 1)
    train, cases = predict.split(history, cut)
    assert all(s.start < cut for s in train.steps)
    assert cases
    assert all(c.before and all(s.start < cut for s in c.before) for c in cases)
    assert all(c.truth != c.before[-1].role for c in cases)


def test_the_recommender_beats_most_popular_on_second_order_structure() -> None:
    scores = predict.evaluate(seeded(), EMPTY, date(2023, 1, 1))
    ours, popular, first = scores["ours"], scores["most popular"], scores["first order"]
    assert ours.cases == popular.cases == first.cases > 30
    assert ours.mrr > popular.mrr + 0.03
    assert ours.mrr > first.mrr + 0.03  # at Lead only the role before tells PM from Arch
    assert ours.recall5 >= popular.recall5
    assert ours.recall5 >= first.recall5


def test_results_report_each_metric_against_each_baseline() -> None:
    results = predict.results(predict.evaluate(seeded(), EMPTY, date(2023, 1, 1)))
    assert len(results) == 6
    names = [r.metric for r in results]
    assert sum("most popular" in n for n in names) == 3
    assert sum("first order" in n for n in names) == 3
    for result in results:
        assert result.unit == "share"
        assert 0 <= result.value <= 1
        assert 0 <= result.baseline <= 1
        assert set(result.as_dict()) == {"metric", "value", "unit", "baseline", "ratio"}


def test_the_demo_history_splits_into_cases() -> None:
    history = predict.demo_rows_history(TODAY)
    assert any(r.onet_code == "11-2021.00" for r in history.roles.values())
    _, cases = predict.split(history, TODAY - timedelta(weeks=predict.CUT_WEEKS))
    assert len(cases) >= 20
    results = predict.run(prior=EMPTY)
    assert len(results) == 6
    assert results[0].baseline > 0
