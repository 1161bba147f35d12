"""`microstep bench org` at a small size: the synthetic org is what the docstring says, DuckDB
sees the same rows as our History, and every analysis reports beside its scan."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from microstep.bench import org
from microstep.core.congestion import transition_graph
from tests.cli import ms

PEOPLE = 2_000


def test_the_synthetic_org_and_its_duckdb_copy_hold_the_same_moves() -> None:
    data = org.synthetic(PEOPLE)
    history = data.history
    per_person = len(history.steps) / PEOPLE
    assert 8 < per_person < 12  # about ten moves each
    assert {s.kind for s in history.steps} >= {"hire", "promotion", "lateral", "rotation"}
    left = sum(not p.active for p in history.people.values())
    assert 0.1 < left / PEOPLE < 0.2
    scan = org.Scan(data.columns)
    try:
        assert scan.query("SELECT count(*) FROM moves") == [(len(history.steps),)]
        pairs = scan.query(
            """
            WITH seq AS (SELECT role, lag(role) OVER (PARTITION BY person ORDER BY start) AS prev
                         FROM moves)
            SELECT prev, role, count(*) FROM seq
            WHERE prev IS NOT NULL AND prev <> role GROUP BY prev, role
            """
        )
    finally:
        scan.close()
    _graph, ours = transition_graph(history)
    assert Counter({(a, b): n for a, b, n in pairs}) == ours


def test_bench_org_reports_each_analysis_beside_its_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_BENCH_ORG_PEOPLE", str(PEOPLE))
    result = ms("bench", "org", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["name"] == "org"
    metrics = [r["metric"] for r in report["results"]]
    assert [m.split(" ")[0] for m in metrics] == ["mine", "predict-next", "congestion", "readiness"]
    for row in report["results"]:
        assert row["unit"] == "s"
        assert row["value"] > 0
        assert row["baseline"] > 0
        # value and baseline are rounded to 4 decimals: at this size a few ms, so 5% slack
        assert row["ratio"] == pytest.approx(row["value"] / row["baseline"], rel=0.05)
