"""`microstep bench api`: a short run against the team server answers in the contract's shape."""

from __future__ import annotations

import json
import random

import psycopg
import pytest

from microstep.bench.api import Persona, request_for, workload_request
from tests.cli import ms, refused
from tests.conftest import PG_ADMIN


def _bench_databases() -> set[str]:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'microstep_bench_%'"
        )
        return {row[0] for row in rows}


def test_a_short_run_reports_latency_throughput_and_no_errors(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSTEP_BENCH_PG", PG_ADMIN)
    monkeypatch.setenv("MICROSTEP_BENCH_SECONDS", "3")
    monkeypatch.setenv("MICROSTEP_BENCH_CLIENTS", "4")
    monkeypatch.setenv("MICROSTEP_BENCH_THINK", "0.2")
    monkeypatch.setenv("MICROSTEP_BENCH_WORKERS", "2")  # `serve --workers 2`
    before = _bench_databases()
    result = ms("bench", "api", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["name"] == "api"
    results = payload["results"]
    for row in results:
        assert set(row) == {"metric", "value", "unit", "baseline", "ratio"}
        assert row["baseline"] > 0
        assert row["ratio"] == pytest.approx(row["value"] / row["baseline"], rel=0.01, abs=1e-3)
    paced = {r["metric"].split(",")[0]: r for r in results if "pausing ~0.2 s" in r["metric"]}
    assert set(paced) == {"p50 latency", "p95 latency", "p99 latency", "throughput"}
    latencies = [paced[f"p{p} latency"] for p in (50, 95, 99)]
    assert all(row["unit"] == "ms" and row["value"] > 0 for row in latencies)
    assert latencies[0]["value"] <= latencies[1]["value"] <= latencies[2]["value"]
    assert "4 clients" in paced["throughput"]["metric"]
    assert "2 app process(es)" in paced["throughput"]["metric"]
    saturated = {r["metric"].split(",")[0] for r in results if "back to back" in r["metric"]}
    assert saturated == {"p95 latency", "throughput"}
    [failed] = [r for r in results if r["metric"].startswith("failed requests")]
    assert failed["value"] == 0
    assert len(results) == 7
    # the scratch database is dropped (another worker's bench may come and go meanwhile)
    assert _bench_databases() - before == set()


def test_the_mix_is_about_seven_reads_to_three_writes() -> None:
    persona = Persona(1, {}, {}, microskill_id=7, skill_ids=(3, 4))
    rng = random.Random(5)
    methods = [workload_request(rng, persona)[0] for _ in range(5_000)]
    reads = methods.count("GET") / len(methods)
    assert 0.67 < reads < 0.73
    assert {"POST", "PATCH"} == set(methods) - {"GET"}


def test_each_write_names_the_persons_own_records() -> None:
    persona = Persona(1, {}, {}, microskill_id=7, skill_ids=(3,))
    rng = random.Random(1)
    assert request_for("practice", rng, persona)[1] == "/api/microskills/7/practice"
    assert request_for("level", rng, persona)[1] == "/api/skills/3"
    assert request_for("curve", rng, persona) == ("GET", "/api/microskills/7/curve", None)


def test_a_duration_that_is_not_a_number_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_BENCH_SECONDS", "a minute")
    refused(ms("bench", "api", "--json"), "MICROSTEP_BENCH_SECONDS must be a number")
