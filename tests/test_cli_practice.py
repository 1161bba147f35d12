"""The practice commands as a person uses them: define, log, watch the curve, master, stack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import ms

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def speaking(db_url: str) -> str:
    """Ana with a 'Public speaking' skill and two micro-skills on it."""
    assert ms("init", "--name", "Ana", db=db_url).exit_code == 0
    assert ms("skill", "add", "Public speaking", db=db_url).exit_code == 0
    for behaviour in ("Pause three seconds before answering", "Open with the conclusion"):
        added = ms(
            "microskill",
            "add",
            "public",
            behaviour,
            "--metric",
            "filler words",
            "--unit",
            "per min",
            "--threshold",
            "2",
            db=db_url,
        )
        assert added.exit_code == 0, added.output
    return db_url


def test_today_lists_the_micro_skill_due(speaking: str) -> None:
    agenda = json.loads(ms("today", "-f", "json", db=speaking).stdout)
    assert [(i["kind"], i["id"], i["days_left"]) for i in agenda["items"]] == [("practice", 1, 0)]


def test_log_and_mastery_through_the_cli(speaking: str) -> None:
    for value in ("6", "2", "1.5", "2"):
        result = ms("practice", "log", "1", "--minutes", "5", "--value", value, db=speaking)
        assert result.exit_code == 0, result.output
    last = ms("practice", "log", "1", "--minutes", "5", "--value", "1", db=speaking)
    assert "Mastered" in last.stdout
    assert "Next in the stack, now active: #2" in last.stdout
    states = [
        r["state"] for r in json.loads(ms("microskill", "list", "-f", "json", db=speaking).stdout)
    ]
    assert states == ["mastered", "active"]
    curve = json.loads(ms("practice", "curve", "1", "-f", "json", db=speaking).stdout)
    assert [p["value"] for p in curve["points"]] == [6, 2, 1.5, 2, 1]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--minutes", "0"], "1 to 120 minutes"),
        (["--minutes", "5", "--value", "lots"], "Invalid value for '--value'"),
        (["--minutes", "5", "--on", "tomorrow"], "in the future"),
        (["--minutes", "5", "--rating", "meh"], "Invalid value for '--rating'"),
    ],
)
def test_bad_sessions_exit_2_and_write_nothing(speaking: str, args: list[str], words: str) -> None:
    result = ms("practice", "log", "1", *args, db=speaking)
    assert result.exit_code == 2
    assert words in result.stderr
    assert (
        json.loads(ms("practice", "curve", "1", "-f", "json", db=speaking).stdout)["sessions"] == []
    )


def test_logging_to_unknown_or_queued_micro_skills_is_refused(speaking: str) -> None:
    assert "no micro-skill #7" in ms("practice", "log", "7", "--minutes", "5", db=speaking).stderr
    queued = ms("practice", "log", "2", "--minutes", "5", db=speaking)
    assert queued.exit_code == 2
    assert "queued" in queued.stderr


def test_plan_exports_markdown(speaking: str, tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    assert ms("microskill", "plan", "public", "--out", str(out), db=speaking).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Four-week plan: Public speaking")
    assert "**Focus:** Pause three seconds before answering" in text


def test_stats_show_the_streak(speaking: str) -> None:
    ms("practice", "log", "1", "--minutes", "7", "--value", "5", db=speaking)
    stats = json.loads(ms("practice", "stats", "-f", "json", db=speaking).stdout)
    assert stats["streak_days"] == 1
    assert stats["weeks"][-1]["minutes"] == 7
