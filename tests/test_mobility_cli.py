"""`microstep org mobility` and `org cohort add|list|show|delete` on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.cli.mobility import member_keys
from microstep.store.db import Database
from tests.cli import ms, refused
from tests.test_mobility_service import START, World, build


@pytest.fixture
def world(team_db: Database) -> World:
    """The populated organization."""
    return build(team_db)


@pytest.fixture
def url(team_db: Database) -> str:
    """The database URL for --db."""
    return team_db.engine.url.render_as_string(hide_password=False)


def test_mobility_as_json_and_as_a_table(world: World, url: str) -> None:
    as_json = ms("org", "mobility", "--format", "json", db=url)  # the operator by default
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    assert body["scope"] == "the whole organization"
    assert body["overall"]["moves_per_person_year"]["high"] > 0
    table = ms("org", "mobility", "--as", "hr@example.org", "--target", "Product manager", db=url)
    assert table.exit_code == 0, table.output
    assert "Moves per person-year" in table.stdout
    assert "Median years to" in table.stdout
    assert "Product" in table.stdout
    assert "By team" in table.stdout
    assert "Team B" in table.stdout


def test_a_manager_sees_their_team_and_an_employee_is_refused(world: World, url: str) -> None:
    mine = ms("org", "mobility", "--as", "manager@example.org", "--format", "json", db=url)
    assert [t["label"] for t in json.loads(mine.stdout)["by_team"]] == ["Team A"]
    refused(ms("org", "mobility", "--as", "owner@example.org", db=url), "Org analytics are for")
    refused(
        ms("org", "mobility", "--as", "manager@example.org", "--team", "Team B", db=url),
        "There is no such team",
    )
    refused(ms("org", "mobility", "--team", "Nowhere", db=url), "No team is called 'Nowhere'")
    refused(ms("org", "mobility", "--target", "Astronaut", db=url), "No role of the organization")


def test_cohort_add_list_show_and_delete(world: World, url: str, tmp_path: Path) -> None:
    listing = tmp_path / "pilot.txt"
    lines = [f"c{i}@example.org" for i in range(0, 24, 2)]
    listing.write_text("# the pilot\n" + "\n".join(lines) + "\n\n", encoding="utf-8")
    added = ms(
        "org", "cohort", "add", "Rotation pilot", "--start", START.isoformat(),
        "--members", str(listing), db=url,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "12 members" in added.stdout
    listed = ms("org", "cohort", "list", "--format", "json", db=url)
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Rotation pilot"]
    shown = ms("org", "cohort", "show", "rotation pilot", "--format", "json", db=url)
    body = json.loads(shown.stdout)
    assert body["readout"][0].startswith("Not randomised")
    table = ms("org", "cohort", "show", "Rotation pilot", "--as", "manager@example.org", db=url)
    assert table.exit_code == 0, table.output
    assert "Moves made" in table.stdout
    assert "Not randomised" in table.stdout
    refused(
        ms("org", "cohort", "delete", "Rotation pilot", "--as", "manager@example.org", db=url),
        "Only HR admins delete",
    )
    gone = ms("org", "cohort", "delete", "Rotation pilot", db=url)
    assert gone.exit_code == 0
    assert "Deleted the cohort Rotation pilot." in gone.stdout
    refused(ms("org", "cohort", "show", "Rotation pilot", db=url), "There is no cohort called")


def test_bad_cohorts_exit_2_with_one_sentence(world: World, url: str, tmp_path: Path) -> None:
    listing = tmp_path / "m.txt"
    listing.write_text("c0@example.org\nghost@example.org\n", encoding="utf-8")
    start = START.isoformat()
    refused(
        ms("org", "cohort", "add", "P", "--start", start, "--members", str(listing), db=url),
        "No one in the organization has the id, email or external id ghost@example.org.",
    )
    refused(ms("org", "cohort", "add", "P", "--start", start, db=url), "Give the members")
    refused(
        ms("org", "cohort", "add", "P", "--start", start, "--from-opportunity", "999", db=url),
        "There is no opportunity number 999.",
    )
    refused(
        ms("org", "cohort", "add", "P", "--start", start, "--members", "/nope.txt", db=url),
        "Cannot read /nope.txt",
    )
    refused(
        ms("org", "cohort", "add", "P", "--start", "soonish", "--members", str(listing), db=url),
        "'soonish' is not a date",
    )


def test_analytics_run_on_sqlite_too(tmp_path: Path) -> None:
    """Moves imported into a SQLite file (import-moves runs there) can be analysed there."""
    result = ms("org", "mobility", db=f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert result.exit_code == 0, result.output
    assert "Too few to show" in result.output
    refused(
        ms("org", "mobility", "--team", "Nowhere", db=f"sqlite:///{tmp_path / 'x.sqlite'}"),
        "No team is called 'Nowhere'",
    )


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)))
def test_member_files_keep_each_key_once_in_order(lines: list[str]) -> None:
    keys = member_keys("\n".join(lines))
    assert len(keys) == len(set(keys))
    assert all(k and k == k.strip() and "#" not in k and "," not in k for k in keys)
    assert "\n" not in "".join(keys)


def test_cohort_show_and_delete_take_the_number_from_the_list(
    world: World, url: str, tmp_path: Path
) -> None:
    listing = tmp_path / "a.txt"
    listing.write_text("\n".join(f"c{i}@example.org" for i in range(0, 12, 2)), encoding="utf-8")
    name = "[bold]Pilot[/bold] [/]"  # Rich markup in a name is shown as typed, never parsed
    added = ms("org", "cohort", "add", name, "--start", START.isoformat(), "--members",
               str(listing), db=url)  # fmt: skip
    assert added.exit_code == 0, added.output
    assert name in added.stdout
    assert "6 members" in added.stdout
    number = json.loads(ms("org", "cohort", "list", "--format", "json", db=url).stdout)[0]["id"]
    table = ms("org", "cohort", "list", db=url)
    assert table.exit_code == 0, table.output
    assert "[bold]Pilot[/bold]" in table.stdout
    shown = ms("org", "cohort", "show", str(number), db=url)
    assert shown.exit_code == 0, shown.output
    assert "[bold]Pilot[/bold]" in shown.stdout
    assert "Colleague 00" in shown.stdout  # the members and their matches
    refused(ms("org", "cohort", "show", "99999", db=url), "There is no cohort called '99999'")
    refused(ms("org", "cohort", "show", "²", db=url), "There is no cohort called '²'")
    gone = ms("org", "cohort", "delete", str(number), db=url)
    assert gone.exit_code == 0, gone.output
    assert f"Deleted the cohort {name}." in gone.stdout


def test_a_manager_cannot_see_a_cohort_outside_their_teams_by_name_or_number(
    world: World, url: str, tmp_path: Path
) -> None:
    listing = tmp_path / "b.txt"
    listing.write_text("\n".join(f"c{i}@example.org" for i in (1, 3, 5, 7)), encoding="utf-8")
    ms("org", "cohort", "add", "B pilot", "--start", START.isoformat(), "--members",
       str(listing), db=url)  # fmt: skip
    mine = ms("org", "cohort", "list", "--as", "manager@example.org", db=url)
    assert "B pilot" not in mine.stdout
    for key in ("B pilot", "1"):
        refused(
            ms("org", "cohort", "show", key, "--as", "manager@example.org", db=url),
            f"There is no cohort called '{key}'",
        )
