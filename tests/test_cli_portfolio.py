"""`microstep portfolio ...`, `microstep export` and `microstep import` as people and scripts use
them: exit codes, one-sentence errors, nothing written on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli import ms, refused

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def ready(db_url: str) -> str:
    """Ana set up with a skill and one finished goal."""
    steps = [
        ("init", "--name", "Ana Łukasz", "--objective", "Senior analyst", "--horizon", "+40w"),
        ("skill", "add", "SQL", "--current", "2", "--target", "4"),
        (
            "goal",
            "add",
            "Write 3 window queries",
            "--metric",
            "queries",
            "--target",
            "3",
            "--due",
            "+5d",
            "--skill",
            "sql",
            "--start",
        ),
        ("goal", "done", "1", "--outcome", "3"),
    ]
    for step in steps:
        result = ms(*step, db=db_url)
        assert result.exit_code == 0, result.output
    return db_url


def listed(db: str) -> list[dict[str, object]]:
    result = ms("portfolio", "list", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_suggest_add_from_goal_edit_and_delete(ready: str) -> None:
    suggestions = json.loads(ms("portfolio", "suggest", "-f", "json", db=ready).stdout)
    assert [(s["source"], s["source_id"], s["metric"]) for s in suggestions] == [
        ("goal", 1, "3 of 3 queries")
    ]
    added = ms("portfolio", "add", "--from-goal", "1", db=ready)
    assert added.exit_code == 0, added.output
    assert "Added achievement #1: Write 3 window queries · 3 of 3 queries" in added.stdout
    assert json.loads(ms("portfolio", "suggest", "-f", "json", db=ready).stdout) == []
    edited = ms("portfolio", "edit", "1", "--narrative", "Now the monthly report.", db=ready)
    assert edited.exit_code == 0, edited.output
    assert listed(ready)[0]["narrative"] == "Now the monthly report."
    assert ms("portfolio", "delete", "1", db=ready).exit_code == 0
    assert listed(ready) == []


def test_a_typed_achievement_and_its_refusals(ready: str) -> None:
    result = ms(
        "portfolio",
        "add",
        "--title",
        "Led the Q3 review — Zoë",
        "--metric",
        "40 people",
        "--on",
        "yesterday",
        db=ready,
    )
    assert result.exit_code == 0, result.output
    refused(ms("portfolio", "add", "--metric", "x", db=ready), "Give --title")
    future = ms("portfolio", "add", "--title", "Later", "--on", "+3d", db=ready)
    refused(future, "20")
    assert "is in the future" in future.stderr
    refused(ms("portfolio", "add", "--title", "X", "--on", "someday", db=ready), "'someday'")
    refused(ms("portfolio", "add", "--from-goal", "1", "--from-signal", "2", db=ready), "Give one")
    refused(ms("portfolio", "add", "--from-goal", "9", db=ready), "There is no finished")
    refused(ms("portfolio", "edit", "1", db=ready), "Nothing to change")
    refused(ms("portfolio", "edit", "99", "--title", "x", db=ready), "There is no achievement #99")
    assert [row["title"] for row in listed(ready)] == ["Led the Q3 review — Zoë"]


def test_the_update_prints_three_bullets_in_each_format(ready: str) -> None:
    text = ms("portfolio", "update", db=ready)
    assert text.exit_code == 0, text.output
    lines = text.stdout.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("- Impact: finished 'Write 3 window queries': 3 of 3 queries")
    payload = json.loads(ms("portfolio", "update", "-f", "json", db=ready).stdout)
    assert [b["kind"] for b in payload["bullets"]] == ["impact", "progress", "question"]
    md = ms("portfolio", "update", "--since", "-30d", "--format", "md", db=ready).stdout
    assert md.startswith("**Update for ")
    refused(
        ms("portfolio", "update", "--since", "today", "--until", "-3d", db=ready),
        "The period starts on",
    )


def test_export_writes_each_format_and_refuses_a_missing_folder(ready: str, tmp_path: Path) -> None:
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"portfolio.{fmt}"
        result = ms("portfolio", "export", "--format", fmt, "--out", str(out), db=ready)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    text = PdfReader(tmp_path / "portfolio.pdf").pages[0].extract_text()
    assert "Ana Łukasz" in text
    missing = tmp_path / "nowhere" / "p.pdf"
    refused(ms("portfolio", "export", "--out", str(missing), db=ready), "The folder")
    assert not missing.parent.exists()
    bad = ms("portfolio", "export", "--format", "docx", "--out", str(tmp_path / "x"), db=ready)
    assert bad.exit_code == 2


def test_export_and_import_move_everything_to_an_empty_database(ready: str, tmp_path: Path) -> None:
    assert ms("portfolio", "add", "--from-goal", "1", db=ready).exit_code == 0
    dump = tmp_path / "all.json"
    result = ms("export", "--out", str(dump), db=ready)
    assert result.exit_code == 0, result.output
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Ana Łukasz"
    target = f"sqlite:///{tmp_path / 'new.sqlite'}"
    imported = ms("import", str(dump), db=target)
    assert imported.exit_code == 0, imported.output
    assert "Imported Ana Łukasz" in imported.stdout
    assert [row["title"] for row in listed(target)] == ["Write 3 window queries"]
    refused(ms("import", str(dump), db=target), "Someone is already set up")
    assert ms("import", str(dump), "--replace", db=target).exit_code == 0


@pytest.mark.sqlite_only
def test_import_refuses_bad_files_in_one_sentence_and_writes_nothing(
    ready: str, tmp_path: Path
) -> None:
    target = f"sqlite:///{tmp_path / 'new.sqlite'}"
    refused(ms("import", str(tmp_path / "missing.json"), db=target), "There is no file")
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    refused(ms("import", str(junk), db=target), "This file is not JSON")
    dump = tmp_path / "all.json"
    assert ms("export", "--out", str(dump), db=ready).exit_code == 0
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["tables"]["micro_goal"][0]["due"] = "next week"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    refused(ms("import", str(broken), db=target), "Table 'micro_goal', row 1: 'due'")
    refused(ms("portfolio", "list", db=target), "No one is set up")


def test_export_refuses_an_unwritable_target(ready: str, tmp_path: Path) -> None:
    refused(ms("export", "--out", str(tmp_path), db=ready), f"{tmp_path} is a folder")


def test_help_teaches_with_examples() -> None:
    for command in (("portfolio", "export"), ("portfolio", "update"), ("export",), ("import",)):
        result = ms(*command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout
