"""`microstep market` from the command line: import, show, next, list and clear; a bad file is
one sentence on stderr, exit 2, and nothing stored."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from microstep.cli.main import app
from microstep.core.postings import MAX_FILE_BYTES
from tests.cli import ms, refused, runner

pytestmark = [pytest.mark.taxonomy, pytest.mark.usefixtures("isolated_settings")]

DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


def day(ago: int) -> str:
    """A day counted back from the real today: the CLI acts on date.today()."""
    return (date.today() - timedelta(days=ago)).isoformat()


@pytest.fixture
def ana(db_url: str) -> str:
    """Ana, aiming at ESCO's data analyst."""
    setup = ("init", "--name", "Ana", "--objective", "Senior data analyst", "--horizon", "+40w")
    assert ms(*setup, db=db_url).exit_code == 0
    role = ms("objective", "role", "1", DATA_ANALYST, db=db_url)
    assert role.exit_code == 0, role.output
    return db_url


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    """Ten postings over two months: SQL in all, data mining in the recent ones."""
    rows = ["date,title,text"]
    for index in range(10):
        extra = " Data mining matters." if index < 5 else " Knowledge of R helps."
        rows.append(f'{day(index * 6)},Analyst {index},"We need SQL.{extra}"')
    path = tmp_path / "jobs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def as_json(db: str, *args: str) -> Any:
    result = ms("market", *args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_show_next_list_and_clear(ana: str, postings: Path) -> None:
    imported = ms("market", "import", str(postings), db=ana)
    assert imported.exit_code == 0, imported.output
    assert "Imported 10 postings from jobs.csv" in imported.stdout
    assert "Named most: SQL" in imported.stdout
    again = ms("market", "import", str(postings), db=ana)
    assert "Nothing new in jobs.csv: its 10 postings were imported before." in again.stdout

    view = as_json(ana, "show")
    assert view["postings"] == 10
    assert view["skills"][0] == view["skills"][0] | {"id": SQL, "label": "SQL", "count": 10}
    assert view["role"]["occupation_label"] == "data analyst"
    assert any(t["name"] == "Microsoft Excel" and t["in_demand"] for t in view["technologies"])
    table = ms("market", "show", db=ana)
    assert table.exit_code == 0, table.output
    assert "Senior data analyst → data analyst" in table.stdout
    assert "Microsoft Excel" in table.stdout

    ranked = as_json(ana, "next", "--top", "3")
    assert len(ranked) == 3
    assert all(r["why"].endswith(".") for r in ranked)
    assert ranked[0]["score"] >= ranked[-1]["score"]
    assert "Why" in ms("market", "next", db=ana).stdout

    listed = as_json(ana, "list")
    assert [p["title"] for p in listed][:2] == ["Analyst 0", "Analyst 1"]
    one = ms("market", "clear", "--id", str(listed[0]["id"]), db=ana)
    assert "Deleted 1 posting." in one.stdout
    kept = runner.invoke(app, ["market", "clear", "--db", ana], input="n\n")
    assert "Kept them." in kept.stderr
    assert len(as_json(ana, "list")) == 9
    assert "Deleted 9 postings." in ms("market", "clear", "--yes", db=ana).stdout
    assert as_json(ana, "list") == []


def test_a_text_file_with_a_default_day(ana: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Title: Analyst\nWe need SQL.\n---\nData mining.\n", encoding="utf-8")
    result = ms("market", "import", str(path), "--date", "yesterday", db=ana)
    assert result.exit_code == 0, result.output
    assert {p["posted_on"] for p in as_json(ana, "list")} == {day(1)}


def test_bad_files_are_one_sentence_and_store_nothing(ana: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-text.csv"
    missing.write_text("date,title\n2026-11-01,Analyst\n", encoding="utf-8")
    refused(ms("market", "import", str(missing), db=ana), "no-text.csv has no 'text' column")
    bad_day = tmp_path / "bad.csv"
    bad_day.write_text(f"date,text\n{day(1)},SQL\n31/12/2025,Python\n", encoding="utf-8")
    refused(
        ms("market", "import", str(bad_day), db=ana),
        "bad.csv line 3: the date '31/12/2025' is not YYYY-MM-DD.",
    )
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"SQL\n---\ncaf\xe9\n")
    refused(ms("market", "import", str(latin), db=ana), "latin.txt line 3 is not UTF-8 text")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    refused(ms("market", "import", str(huge), db=ana), "huge.txt is over 25 MB")
    refused(ms("market", "import", str(tmp_path / "nope.csv"), db=ana), f"{tmp_path}")
    refused(
        ms("market", "import", str(bad_day), "--date", "tomorrow", db=ana),
        f"The default date {(date.today() + timedelta(1)).isoformat()} is in the future",
    )
    assert as_json(ana, "list") == []
    refused(ms("market", "next", "--top", "0", db=ana), "Invalid value for '--top'")
    refused(ms("market", "show", "--objective", "7", db=ana), "There is no objective #7.")
