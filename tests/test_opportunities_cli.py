"""`microstep opportunity ...`: the same use cases from the command line, as a named person."""

from __future__ import annotations

import json
from pathlib import Path

from microstep.store.db import Database
from tests.cli import ms, refused
from tests.team import make_org


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_a_manager_posts_a_person_applies_and_the_manager_approves(team_db: Database) -> None:
    make_org(team_db)
    url = _url(team_db)
    posted = ms(
        "opportunity", "post", "--as", "manager@example.org", "--kind", "rotation",
        "--title", "Pricing analytics rotation", "--criteria", "Ships the pricing dashboard",
        "--share", "40", "--weeks", "4", "--requires", "SQL:3",
        "--offers", "Price elasticity modelling", "--publish", db=url,
    )  # fmt: skip
    assert posted.exit_code == 0, posted.output
    assert "Posted #1: Pricing analytics rotation (open)." in posted.output
    listed = ms("opportunity", "list", "--as", "owner@example.org", "--format", "json", db=url)
    rows = json.loads(listed.output)
    assert [(r["id"], r["status"], r["skills"][1]["level"]) for r in rows] == [(1, "open", 3)]
    applied = ms("opportunity", "apply", "1", "--as", "owner@example.org", "--note", "Me.", db=url)
    assert "Application #1 to Pricing analytics rotation: applied." in applied.output
    refused(
        ms("opportunity", "approve", "1", "--as", "colleague@example.org", db=url),
        "There is no application #1.",
    )
    approved = ms("opportunity", "approve", "1", "--as", "manager@example.org", db=url)
    assert "Olivia Owner for Pricing analytics rotation: approved." in approved.output
    shown = ms("opportunity", "show", "1", "--as", "manager@example.org", db=url)
    assert "Application #1: Olivia Owner, approved — Me." in shown.output
    assert "1 of 1 taken" in shown.output


def test_an_employee_cannot_post_and_bad_input_exits_2(team_db: Database) -> None:
    make_org(team_db)
    url = _url(team_db)
    base = ("opportunity", "post", "--kind", "gig", "--title", "Survey", "--criteria", "Done")
    refused(ms(*base, "--as", "owner@example.org", db=url), "Only managers and HR admins post")
    refused(ms(*base, "--as", "manager@example.org", "--share", "0", db=url), "The share of time")
    refused(
        ms(*base, "--as", "manager@example.org", "--requires", "SQL:x", db=url),
        "'SQL:x' is not NAME or NAME:LEVEL",
    )
    refused(ms("opportunity", "list", "--as", "nobody@example.org", db=url), "")


def test_the_marketplace_needs_postgresql(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
    refused(ms("opportunity", "list", "--as", "a@example.org", db=url), "The marketplace runs")
