"""`microstep org pathways` and `org congestion`: as HR, as the operator (no --as), as an
employee (refused), and bad input exits 2 with one sentence."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from microstep.store.db import Database
from tests.cli import ms, refused
from tests.test_pathways_service import LEAD, ROTATION, seed


@pytest.fixture(autouse=True)
def no_recommendations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Next-move recommendations stay out of the known truth."""
    from microstep.services import pathways

    monkeypatch.setattr(pathways, "_recommended", lambda session, history: ({}, False))


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_pathways_as_table_json_and_csv_file(team_db: Database, tmp_path: Path) -> None:
    seed(team_db)
    url = _url(team_db)
    table = ms("org", "pathways", "--target", LEAD, "--as", "hr@example.org", db=url)
    assert table.exit_code == 0, table.output
    assert "40 people reached it" in table.output
    assert "60%" in table.output
    as_json = ms("org", "pathways", "--target", "team LEAD", "--format", "json", db=url)
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    assert (body["reached"], body["scope"]) == (40, "the whole organization")
    out = tmp_path / "p.csv"
    written = ms("org", "pathways", "--target", LEAD, "--format", "csv", "--out", str(out), db=url)
    assert written.exit_code == 0, written.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[1]["left"] == "8"


def test_congestion_with_routes(team_db: Database) -> None:
    seed(team_db)
    url = _url(team_db)
    shown = ms("org", "congestion", "--target", LEAD, "--as", "hr@example.org", db=url)
    assert shown.exit_code == 0, shown.output
    assert ROTATION in shown.output
    assert "via Consultant instead." in shown.output
    as_json = ms("org", "congestion", "--format", "json", db=url)
    body = json.loads(as_json.stdout)
    assert next(r for r in body["roles"] if r["role"] == ROTATION)["aspirants"] == 15


def test_refusals_are_one_sentence(team_db: Database) -> None:
    seed(team_db)
    url = _url(team_db)
    refused(
        ms("org", "pathways", "--target", LEAD, "--as", "owner@example.org", db=url),
        "Org analytics are for HR admins and managers.",
    )
    refused(ms("org", "pathways", "--target", "Astronaut", db=url), "There is no role called")
    refused(ms("org", "pathways", "--target", LEAD, "--out", "x.txt", db=url), "--out writes json")
