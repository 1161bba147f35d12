"""`microstep org predict-next`, the DESIGN contract: one JSON line per person id in order, codes
for taxonomy roles, the public prior when the history says nothing, and exit 2 on bad input with
nothing on stdout."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from microstep.core.move_import import move_csv
from microstep.demo.org_history import demo_history
from tests.cli import ms, refused

pytestmark = [
    pytest.mark.taxonomy,
    pytest.mark.sqlite_only,
    pytest.mark.usefixtures("isolated_settings"),
]
TODAY = date(2026, 11, 18)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def demo_csv(tmp_path: Path) -> Path:
    path = tmp_path / "moves.csv"
    path.write_bytes(demo_history(TODAY).csv())
    return path


def lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_each_person_in_order_with_roles_codes_and_reasons(
    db_url: str, tmp_path: Path, demo_csv: Path
) -> None:
    people = write(
        tmp_path / "people.csv",
        "person_id,role,target\nms-colin,,\nnew-1,Data analyst,\nnobody,,\n"
        "ms-amara,,Chief data officer\n",
    )
    result = ms(
        "org",
        "predict-next",
        "--history",
        str(demo_csv),
        "--people",
        str(people),
        "--top",
        "3",
        "--format",
        "jsonl",
        db=db_url,
    )
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert [o["person_id"] for o in out] == ["ms-colin", "new-1", "nobody", "ms-amara"]
    colin, new, nobody, amara = out
    assert nobody["next"] == []  # nothing known: no guess
    for person in (colin, new, amara):
        moves = person["next"]
        assert isinstance(moves, list)
        assert 1 <= len(moves) <= 3
        for move in moves:
            assert set(move) == {"role", "code", "score", "reason"}
            assert 0 <= move["score"] <= 1
            assert move["reason"]
    # Colin is on the analyst-to-product path at its temporary lead: product manager is next.
    assert colin["next"][0]["role"] == "Product manager"
    assert colin["next"][0]["code"] == "11-2021.00"
    # Someone not in the history answers from their role column, never their own role.
    assert "Data analyst" not in [m["role"] for m in new["next"]]
    assert "people in your role" in new["next"][0]["reason"]
    assert "Chief data officer" in [m["role"] for m in amara["next"]]


def test_with_no_history_the_prior_answers_from_codes_and_titles(
    db_url: str, tmp_path: Path
) -> None:
    history = write(tmp_path / "h.csv", "person_id,role,start_date,end_date,kind\n")
    people = write(tmp_path / "p.csv", "person_id,role\na,15-1252.00\nb,Data analyst\n")
    result = ms(
        "org",
        "predict-next",
        "--history",
        str(history),
        "--people",
        str(people),
        "--top",
        "5",
        db=db_url,
    )
    assert result.exit_code == 0, result.output
    a, b = lines(result.stdout)
    assert len(a["next"]) == 5
    assert len(b["next"]) == 5
    assert all(m["code"] for m in a["next"] + b["next"])
    reasons = " ".join(m["reason"] for m in a["next"] + b["next"])
    assert "O*NET lists it as" in reasons or "essential skills" in reasons


def test_plain_id_file_and_taxonomy_code_history(db_url: str, tmp_path: Path) -> None:
    rows = [
        ("p1", "15-1253.00", date(2020, 1, 1), None, "hire"),
        ("p1", "15-1252.00", date(2022, 1, 1), None, "lateral"),
    ]
    rows += [(f"q{i}", "15-1253.00", date(2020, 1, 1), None, "hire") for i in range(4)]
    rows += [(f"q{i}", "15-1252.00", date(2021, 1, 1), None, "promotion") for i in range(4)]
    history = tmp_path / "h.csv"
    history.write_text("".join(move_csv(rows)), encoding="utf-8")
    people = write(tmp_path / "ids.txt", "q1\n")
    result = ms(
        "org",
        "predict-next",
        "--history",
        str(history),
        "--people",
        str(people),
        "--top",
        "2",
        db=db_url,
    )
    assert result.exit_code == 0, result.output
    (q1,) = lines(result.stdout)
    assert q1["person_id"] == "q1"
    assert all(m["code"] != "15-1252.00" for m in q1["next"])  # their own role is not next


def test_bad_rows_exit_2_with_line_numbers_and_nothing_on_stdout(
    db_url: str, tmp_path: Path
) -> None:
    history = write(
        tmp_path / "h.csv", "person_id,role,start_date,end_date\np1,Analyst,2024-13-01,\n"
    )
    people = write(tmp_path / "p.txt", "p1\n")
    result = ms(
        "org", "predict-next", "--history", str(history), "--people", str(people), db=db_url
    )
    refused(result, "")
    assert "line 2" in result.stderr
    assert "nothing was predicted" in result.stderr
    assert "imported" not in result.stderr  # the file is read, never imported
    assert result.stdout == ""
    bad_people = write(tmp_path / "bad.csv", "person_id,role\n,Analyst\n")
    ok_history = write(tmp_path / "ok.csv", "person_id,role,start_date,end_date\n")
    result = ms(
        "org", "predict-next", "--history", str(ok_history), "--people", str(bad_people), db=db_url
    )
    refused(result, "")
    assert "line 2" in result.stderr
    assert result.stdout == ""


def test_missing_files_and_bad_top_exit_2(tmp_path: Path) -> None:
    people = write(tmp_path / "p.txt", "p1\n")
    history = write(tmp_path / "h.csv", "person_id,role,start_date,end_date\n")
    result = ms(
        "org", "predict-next", "--history", str(tmp_path / "none.csv"), "--people", str(people)
    )
    refused(result, "The history file")
    result = ms(
        "org", "predict-next", "--history", str(history), "--people", str(tmp_path / "none")
    )
    refused(result, "The people file")
    for top in ("0", "-3", "51"):
        result = ms(
            "org", "predict-next", "--history", str(history), "--people", str(people), "--top", top
        )
        refused(result, "--top must be between 1 and 50")
        assert result.stdout == ""


def test_help_teaches_the_contract() -> None:
    result = ms("org", "predict-next", "--help")
    assert result.exit_code == 0
    assert "empty" in result.stdout
    assert "--history" in result.stdout
    assert "jsonl" in result.stdout
    # Each example on its own lines, not wrapped into one paragraph.
    assert "\n    microstep org predict-next --history moves.csv --people people.csv --top 3\n" in (
        result.stdout
    )
    assert "> people.csv\n" in result.stdout


def test_the_table_shows_markup_in_ids_and_titles_as_text(db_url: str, tmp_path: Path) -> None:
    history = write(
        tmp_path / "h.csv",
        "person_id,role,start_date,end_date,kind\n"
        + "".join(
            f"p{i},Data analyst,2020-01-01,,hire\np{i},[red]Lead[/red],2022-01-01,,promotion\n"
            for i in range(4)
        )
        + "[/bold],Data analyst,2021-01-01,,hire\n",
    )
    people = write(tmp_path / "p.txt", "[/bold]\n")
    result = ms(
        "org",
        "predict-next",
        "--history",
        str(history),
        "--people",
        str(people),
        "--format",
        "table",
        db=db_url,
    )
    assert result.exit_code == 0, result.output
    assert "[/bold]" in result.stdout
    assert "[red]Lead[/red]" in result.stdout
