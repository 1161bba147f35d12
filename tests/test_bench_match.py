"""`microstep bench match` at small sizes answers in the contract's shape (no timed asserts)."""

from __future__ import annotations

import json

import pytest

from microstep.bench.match import Sizes, run_match, synthetic_org
from tests.cli import ms


def small(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "PEOPLE": "800",
        "OPPORTUNITIES": "60",
        "SMALL_PEOPLE": "200",
        "SMALL_OPPORTUNITIES": "12",
        "IMPORT": "0",
    }.items():
        monkeypatch.setenv(f"MICROSTEP_BENCH_MATCH_{name}", value)


def test_a_small_run_reports_every_figure_beside_its_baseline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small(monkeypatch)
    result = ms("bench", "match", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["name"] == "match"
    rows = {row["metric"].split(" (")[0]: row for row in payload["results"]}
    for row in payload["results"]:
        assert set(row) == {"metric", "value", "unit", "baseline", "ratio"}
    assert rows["rank 60 opportunities for one person"]["unit"] == "ms"
    gap = next(r for r in payload["results"] if r["metric"].startswith("optimality gap"))
    assert gap["unit"] == "%"
    assert 0 <= gap["value"] <= gap["baseline"] + 1e-9  # never worse than greedy's gap
    total = next(r for r in payload["results"] if r["metric"].startswith("total score"))
    assert total["value"] >= total["baseline"] - 1e-6  # the optimum on its edges beats greedy


def test_the_import_figures_are_appended(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> None:
    from tests.conftest import PG_ADMIN

    monkeypatch.setenv("MICROSTEP_BENCH_PG", PG_ADMIN)
    monkeypatch.setenv("MICROSTEP_BENCH_MOVES", "2000")
    results = run_match(Sizes(300, 20, 100, 8))
    assert len(results) > 6
    assert any("COPY" in r.metric or "import" in r.metric.casefold() for r in results[6:])


def test_bad_sizes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_BENCH_MATCH_PEOPLE", "lots")
    result = ms("bench", "match")
    assert result.exit_code == 2
    assert "MICROSTEP_BENCH_MATCH_PEOPLE must be a whole number" in result.stderr


def test_the_synthetic_org_is_seeded() -> None:
    first, again = synthetic_org(50, 5, seed=2), synthetic_org(50, 5, seed=2)
    assert (first.people.level == again.people.level).all()
    assert (first.opps.req_skill == again.opps.req_skill).all()
