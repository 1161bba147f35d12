"""`microstep review` as a person and a script use it: the week, JSON, save, list, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from microstep.cli.main import app
from microstep.services import practice, skills
from microstep.services.people import personal_context
from microstep.services.review_schemas import ReviewPublic
from microstep.services.schemas import MicroSkillCreate, SkillCreate
from microstep.settings import Settings
from microstep.store.db import open_database
from tests.cli import ms, refused, runner
from tests.conftest import TODAY
from tests.test_review_service import seed_week

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """The clock on Wednesday 18 November 2026 (2026-W47), on top of the isolated settings."""
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def ready(db_url: str, tmp_path: Path) -> str:
    """Ana set up from the CLI, with the week of tests/test_review_service.py stored."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Senior analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    db = open_database(db_url)
    ctx = personal_context(db, settings=Settings(data_dir=tmp_path), today=TODAY)
    skill = skills.add_skill(ctx, SkillCreate(name="Presenting"))
    drill = MicroSkillCreate(
        skill_id=skill.id, definition="Pause", metric="fill", mastery_threshold=2
    )
    seed_week(db, ctx.person_id, practice.add_microskill(ctx, drill).id)
    db.dispose()
    return db_url


def test_review_prints_the_week_wins_pitfalls_and_a_hint_to_save(ready: str) -> None:
    result = ms("review", db=ready)
    out = result.stdout
    assert result.exit_code == 0, out
    assert "Week 2026-W47" in out
    assert "Practice: 20 min in 3 sessions on 2 days (average 5 sessions a week)" in out
    assert "Goals: 1 done, 1 missed" in out
    assert "Rewrite 3 reports — reached 3 reports" in out
    assert "Perfection paralysis" in out
    assert "'Read 2 chapters': planned 12 days ago" in out
    assert "Not saved yet: microstep review save --week 2026-W47" in out


def test_review_json_is_the_same_data_as_the_api(ready: str) -> None:
    result = ms("review", "--week", "2026-W47", "--format", "json", db=ready)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    parsed = ReviewPublic.model_validate(body)
    assert parsed.week == "2026-W47"
    assert parsed.summary.sessions == 3
    assert {p.key for p in parsed.pitfalls} >= {"perfection_paralysis", "stalled_goal"}


def test_save_then_list_shows_the_reflections_and_writes_a_lesson(ready: str) -> None:
    saved = ms(
        "review", "save", "--week", "2026-11-10", "--worked", "Drills before lunch",
        "--lessons", "Short summaries travel further", db=ready,
    )  # fmt: skip
    assert saved.exit_code == 0, saved.output
    assert "Review for 2026-W46 saved." in saved.stdout
    assert "'Week 2026-W46' is in your lessons" in saved.stdout
    listed = json.loads(ms("review", "list", "--format", "json", db=ready).stdout)
    assert [(r["week"], r["what_worked"]) for r in listed] == [("2026-W46", "Drills before lunch")]
    shown = ms("review", "--week", "2026-W46", db=ready).stdout
    assert "What worked: Drills before lunch" in shown
    table = ms("review", "list", db=ready).stdout
    assert "2026-W46" in table


def test_save_says_it_left_a_lesson_edited_in_lessons_as_it_is(ready: str) -> None:
    first = ms("review", "save", "--worked", "Drills", "--lessons", "Old", db=ready)
    assert first.exit_code == 0, first.output
    body = json.loads(ms("review", "--format", "json", db=ready).stdout)
    lesson_id = str(body["saved"]["lesson_id"])
    edited = ms("lesson", "edit", lesson_id, "--next-time", "Mine", db=ready)
    assert edited.exit_code == 0, edited.output
    again = ms("review", "save", "--lessons", "Review text", db=ready)
    assert again.exit_code == 0, again.output
    assert "Review for 2026-W47 saved." in again.stdout
    assert "Your lesson 'Week 2026-W47' was edited in Lessons, so it was left as it is." in (
        again.stdout
    )
    shown = json.loads(ms("lesson", "show", lesson_id, "--format", "json", db=ready).stdout)
    assert shown["next_time"] == "Mine"
    cleared = ms("review", "save", "--lessons", "", db=ready)
    assert "so it was kept as it is though you cleared the Lessons answer" in cleared.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("review", "--week", "week 47"), "Error: 'week 47' is not a week I understand"),
        (("review", "save", "--week", "2026-W53x", "--worked", "x"), "is not a week I understand"),
        (("review", "save", "--week", "2026-W49", "--worked", "x"), "2026-W49 has not started"),
        (("review", "save", "--lessons", "x" * 2001), "keep it under 2000"),
    ],
)
def test_bad_input_exits_2_with_one_sentence_and_writes_nothing(
    ready: str, args: tuple[str, ...], says: str
) -> None:
    result = ms(*args, db=ready)
    assert result.exit_code == 2
    err = result.stderr
    assert says in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert json.loads(ms("review", "list", "-f", "json", db=ready).stdout) == []


def test_an_empty_list_says_how_to_start(ready: str) -> None:
    result = ms("review", "list", db=ready)
    assert "No saved reviews yet" in result.stdout


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (("review", "--help"), ["--week", "--format", "save", "list", "2026-W47"]),
        (("review", "save", "--help"), ["--worked", "--adjust", "--lessons", "--wins"]),
        (("review", "list", "--help"), ["--format"]),
    ],
)
def test_help_teaches_with_examples(db_url: str, args: tuple[str, ...], expect: list[str]) -> None:
    result = ms(*args)
    assert result.exit_code == 0
    for word in expect:
        assert word in result.stdout


def test_saving_one_answer_keeps_the_others(ready: str) -> None:
    first = ms(
        "review", "save", "--week", "2026-W47", "--worked", "Drills", "--adjust", "Mondays",
        "--lessons", "Write it down", db=ready,
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    again = ms("review", "save", "--week", "2026-W47", "--wins", "Shipped", db=ready)
    assert again.exit_code == 0, again.output
    saved = json.loads(ms("review", "--format", "json", db=ready).stdout)["saved"]
    texts = (saved["what_worked"], saved["to_adjust"], saved["lessons"], saved["wins"])
    assert texts == ("Drills", "Mondays", "Write it down", "Shipped")


def test_a_review_with_no_answer_is_refused_in_one_sentence(ready: str) -> None:
    refused(ms("review", "save", "--week", "2026-W47", db=ready), "Write at least one answer")
    assert json.loads(ms("review", "list", "-f", "json", db=ready).stdout) == []


def test_the_terminal_prompts_show_the_saved_text_and_enter_keeps_it(
    ready: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ms("review", "save", "--worked", "Drills", "--adjust", "Mondays", "--lessons", "L", db=ready)
    monkeypatch.setattr("microstep.cli.review._interactive", lambda: True)
    result = runner.invoke(app, ["review", "save", "--db", ready], input="\n-\nNew lesson\n\n")
    assert result.exit_code == 0, result.output
    assert "saved: Drills" in result.stdout
    assert "[]" not in result.stdout
    saved = json.loads(ms("review", "--format", "json", db=ready).stdout)["saved"]
    texts = (saved["what_worked"], saved["to_adjust"], saved["lessons"], saved["wins"])
    assert texts == ("Drills", None, "New lesson", None)
