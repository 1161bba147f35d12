"""`microstep bench import-moves` at a small size: both figures measured beside a plain COPY."""

from __future__ import annotations

import pytest

from microstep.bench import run
from microstep.bench.move_import import history, import_results
from microstep.core.move_import import check_moves, move_csv
from microstep.errors import InvalidInput


def test_the_generated_history_is_a_valid_file_of_distinct_moves() -> None:
    rows, problems = check_moves(list(move_csv(history(500))))
    assert problems == []
    assert len(rows) == 500
    assert len({(r.person_id, r.start) for r in rows}) == 500
    assert {r.kind for r in rows} >= {"hire", "promotion", "rotation"}


def test_import_results_compare_our_import_and_a_reimport_with_copy(pg_url: str) -> None:
    results = import_results(rows=300)
    assert [r.metric for r in results] == [
        "import 300 moves (s)",
        "re-import the same 300 moves, nothing added (s)",
    ]
    for result in results:
        assert result.unit == "s"
        assert result.value > 0
        assert result.baseline > 0
        assert result.as_dict()["ratio"] == round(result.value / result.baseline, 3)


def test_the_benchmark_is_registered_and_reads_its_size(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSTEP_BENCH_MOVES", "120")
    assert next(r.metric for r in run("import-moves")) == "import 120 moves (s)"
    monkeypatch.setenv("MICROSTEP_BENCH_MOVES", "lots")
    with pytest.raises(InvalidInput, match="MICROSTEP_BENCH_MOVES must be a whole number"):
        run("import-moves")
