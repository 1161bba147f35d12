"""The link contracts from the command line, on the real taxonomy, both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microstep.errors import InvalidInput
from microstep.services import taxonomy
from microstep.store.db import Database
from microstep.taxonomy.linker import Linker
from tests.cli import ms, refused

pytestmark = pytest.mark.taxonomy


def lines(result_stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in result_stdout.splitlines()]


def test_done_when_phrases_link_to_the_right_skills(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "phrases.txt"
    source.write_text("excel pivot tables\ntalking to customers\nmy cat sleeps a lot\n\n")
    result = ms(
        "skills", "link", "--input", str(source), "--top", "3", "--format", "jsonl", db=db_url
    )
    assert result.exit_code == 0, result.output
    rows = lines(result.stdout)
    assert [r["text"] for r in rows] == [
        "excel pivot tables",
        "talking to customers",
        "my cat sleeps a lot",
    ]
    first = [r["matches"][0]["label"] if r["matches"] else None for r in rows]  # type: ignore[index]
    assert first == ["use spreadsheets software", "communicate with customers", None]
    match = rows[0]["matches"][0]  # type: ignore[index]
    assert set(match) == {"id", "label", "score"}
    assert match["id"].startswith("http://data.europa.eu/esco/skill/")


def test_extract_reads_skills_out_of_a_posting(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "posting.txt"
    source.write_text(
        "You will talk to customers, build pivot tables in Excel and write SQL queries.\n"
    )
    result = ms("skills", "extract", "--input", str(source), "--top", "5", db=db_url)
    assert result.exit_code == 0, result.output
    [row] = lines(result.stdout)
    labels = {m["label"] for m in row["matches"]}  # type: ignore[attr-defined]
    assert {"SQL", "use spreadsheets software", "communicate with customers"} <= labels


def test_roles_link_carries_the_onet_code(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "titles.txt"
    source.write_text("software developer\n")
    result = ms("roles", "link", "--input", str(source), "--top", "1", db=db_url)
    assert result.exit_code == 0, result.output
    [row] = lines(result.stdout)
    match = row["matches"][0]  # type: ignore[index]
    assert match["label"] == "software developer"
    assert match["code"] == "15-1252.00"


def test_a_blank_line_inside_the_file_is_named(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "gappy.txt"
    source.write_text("sql\n\npython\n")
    refused(ms("skills", "link", "--input", str(source), db=db_url), "Line 2 is empty")


def test_non_utf8_and_missing_files_are_one_sentence(db_url: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"sql\ncaf\xe9 service\n")
    refused(ms("skills", "link", "--input", str(latin), db=db_url), f"{latin} line 2 is not UTF-8")
    refused(ms("roles", "link", "--input", str(tmp_path / "nope.txt"), db=db_url), "")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    refused(ms("skills", "extract", "--input", str(empty), db=db_url), f"{empty} holds no text")


def test_top_out_of_range_is_refused(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text("sql\n")
    refused(ms("skills", "link", "--input", str(source), "--top", "0", db=db_url), "--top must")


def test_a_damaged_cache_is_rebuilt_not_served(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "meta.json").write_text("[]", encoding="utf-8")
    (folder / "arrays.npz").write_bytes(b"")
    assert Linker.load(folder) is None


def test_a_control_character_in_a_uri_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="control character"):
        taxonomy.skill_ref(db, "http://data.europa.eu/esco/skill/a\x00b")
