"""The command line as a person and a script use it: exit codes, one-sentence errors, JSON."""

from __future__ import annotations

import json
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli import ms, refused

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def ready(db_url: str) -> str:
    """A database with Ana set up, her objective and one skill."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Senior analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    assert ms("skill", "add", "SQL", "--current", "2", "--target", "4", db=db_url).exit_code == 0
    return db_url


def test_version_prints_the_version() -> None:
    result = ms("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("microstep ")


def test_vague_goal_exits_2_with_one_sentence_on_stderr(ready: str) -> None:
    result = ms("goal", "add", "get better at Excel", db=ready)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: 'get better at Excel' is not a micro-goal yet")
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    listed = ms("goal", "list", "--format", "json", db=ready)
    assert json.loads(listed.stdout) == []


def test_good_goal_round_trip_through_json(ready: str) -> None:
    added = ms(
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
        db=ready,
    )
    assert added.exit_code == 0, added.output
    rows = json.loads(ms("goal", "list", "-f", "json", db=ready).stdout)
    assert len(rows) == 1
    assert rows[0]["status"] == "active"
    assert rows[0]["skill_id"] == 1
    assert rows[0]["due"] == (date.today() + timedelta(days=5)).isoformat()
    done = ms("goal", "done", str(rows[0]["id"]), "--outcome", "4", db=ready)
    assert done.exit_code == 0
    assert "Done goal" in done.stdout


def test_today_json_lists_due_goals(ready: str) -> None:
    ms(
        "goal",
        "add",
        "Send a summary",
        "--done-when",
        "Sam replies",
        "--due",
        "tomorrow",
        "--objective",
        "1",
        "--start",
        db=ready,
    )
    agenda = json.loads(ms("today", "--format", "json", db=ready).stdout)
    assert agenda["date"] == date.today().isoformat()
    assert [item["title"] for item in agenda["items"]] == ["Send a summary"]
    assert agenda["items"][0]["days_left"] == 1
    assert agenda["items"][0]["kind"] == "goal"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["goal", "add", "x", "--target", "abc"], "Invalid value for '--target'"),
        (["goal", "add", "x", "--due", "someday"], "not a date I understand"),
        (["goal", "start", "999"], "no micro-goal #999"),
        (["skill", "add", "Excel", "--current", "7"], "0 to 5"),
        (["skill", "set-level", "nosuch", "--current", "3"], "no skill 'nosuch'"),
        (["objective", "add", "Lead", "--horizon", "2001-01-01"], "not in the future"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(ready: str, args: list[str], needle: str) -> None:
    result = ms(*args, db=ready)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr
    assert "Traceback" not in result.output


def test_commands_before_init_point_to_init(db_url: str) -> None:
    result = ms("today", db=db_url)
    assert result.exit_code == 2
    assert "microstep init" in result.stderr


def test_init_without_a_terminal_needs_flags(db_url: str) -> None:
    result = ms("init", db=db_url)
    assert result.exit_code == 2
    assert "--name" in result.stderr


def test_wip_limit_from_the_cli(ready: str) -> None:
    def add(title: str) -> Result:
        args = ["--metric", "n", "--target", "1", "--due", "+3d", "--skill", "SQL", "--start"]
        return ms("goal", "add", title, *args, db=ready)

    assert all(add(f"Goal {n}").exit_code == 0 for n in range(5))
    result = add("Goal 6")
    assert result.exit_code == 2
    assert "limit is 5" in result.stderr


def test_skill_map_json_and_level_change(ready: str) -> None:
    assert ms("skill", "set-level", "sql", "--current", "3", db=ready).exit_code == 0
    rows = json.loads(ms("skill", "list", "--format", "json", db=ready).stdout)
    assert rows[0]["name"] == "SQL"
    assert rows[0]["current_level"] == 3
    assert rows[0]["gap"] == 1


def test_demo_without_serving_builds_into_given_db(tmp_path: Path) -> None:
    target = tmp_path / "demo.sqlite"
    result = ms("demo", "--no-serve", db=str(target))
    assert result.exit_code == 0, result.output
    board = json.loads(ms("skill", "list", "-f", "json", db=str(target)).stdout)
    assert len(board) == 8
    again = ms("demo", "--no-serve", db=str(target))
    assert again.exit_code == 2
    assert "already holds data" in again.stderr


def test_default_storage_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    assert ms("init", "--name", "Ana").exit_code == 0
    assert (tmp_path / "data" / "microstep.sqlite").exists()


def test_every_command_has_help() -> None:
    for group in ([], ["goal"], ["skill"], ["objective"]):
        result = ms(*group, "--help")
        assert result.exit_code == 0
        assert "Usage" in result.stdout


def test_bench_json_follows_the_contract() -> None:
    result = ms("bench", "dashboard", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["name"] == "dashboard"
    for row in payload["results"]:
        assert set(row) == {"metric", "value", "unit", "baseline", "ratio"}
        assert row["ratio"] == pytest.approx(row["value"] / row["baseline"], rel=0.01)


def test_unknown_bench_is_bad_input() -> None:
    result = ms("bench", "nope")
    assert result.exit_code == 2
    assert "try one of api, dashboard" in result.stderr


def test_serve_on_a_taken_port_is_one_sentence(db_url: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = ms("serve", "--port", port, db=db_url)
    assert result.exit_code == 2
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_refuses_an_impossible_port(db_url: str) -> None:
    assert ms("serve", "--port", "70000", db=db_url).exit_code == 2


def test_init_again_keeps_the_data_and_says_so(ready: str) -> None:
    result = ms("init", "--name", "Ana Lopez", db=ready)
    assert result.exit_code == 0
    assert "Already set up" in result.stdout
    assert len(json.loads(ms("skill", "list", "-f", "json", db=ready).stdout)) == 1


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (["today", "--format", "bad"], "Invalid value for '--format' / '-f': 'bad' is not one of"),
        (["goal", "done", "0"], "Invalid value for 'GOAL_ID': 0 is not a record number"),
        (["goal", "done", "x"], "Invalid value for 'GOAL_ID': 'x' is not a number"),
        (["goal", "add", "x", "--effort", "abc"], "Invalid value for '--effort': give a number"),
        (
            ["checkin", "add", "--with", "P", "--minutes", "0"],
            "Invalid value for '--minutes': it must be at least 5",
        ),
        (
            ["practice", "log", "1", "--minutes", "2.5"],
            "Invalid value for '--minutes': give a whole number",
        ),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_a_bad_option_value_is_one_plain_sentence_with_the_help_to_read(
    args: list[str], sentence: str
) -> None:
    result = ms(*args)
    refused(result, sentence)
    assert "See `microstep" in result.stderr
    assert "Input should be" not in result.stderr


def test_short_help_flag_works_everywhere() -> None:
    assert ms("-h").exit_code == 0
    result = ms("review", "save", "-h")
    assert result.exit_code == 0
    assert "Usage: microstep review save" in result.stdout
