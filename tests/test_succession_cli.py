"""`microstep org succession` and `org critical-role`: the same use cases from the command line,
as a named person (PostgreSQL, seeded as in the service tests)."""

from __future__ import annotations

import json

from microstep.store.db import Database
from microstep.store.models import Person
from tests.cli import ms, refused
from tests.test_succession_service import PM_SKILLS, seed, skill


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_hr_adds_lists_and_removes_critical_roles(team_db: Database) -> None:
    seeded = seed(team_db, mark=False)
    url = _url(team_db)
    added = ms(
        "org", "critical-role", "add", "product MANAGER", "--note", "Owns the roadmap",
        "--as", "hr@example.org", db=url,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Product manager is now a critical role." in added.output
    by_id = ms("org", "critical-role", "add", str(seeded.ops), "--as", "hr@example.org", db=url)
    assert "ICT operations manager is now a critical role." in by_id.output
    listed = ms("org", "critical-role", "list", "--as", "manager@example.org", "-f", "json", db=url)
    rows = json.loads(listed.output)
    assert [(r["title"], r["note"]) for r in rows] == [
        ("ICT operations manager", None),
        ("Product manager", "Owns the roadmap"),
    ]
    table = ms("org", "critical-role", "list", "--as", "hr@example.org", db=url)
    assert "Owns the roadmap" in table.output
    refused(
        ms("org", "critical-role", "add", "Product manager", "--as", "hr@example.org", db=url),
        "Product manager is already a critical role.",
    )
    refused(
        ms("org", "critical-role", "add", "Astronaut", "--as", "hr@example.org", db=url),
        "There is no role called 'Astronaut'",
    )
    refused(
        ms(
            "org", "critical-role", "add", "Business analyst", "--as", "manager@example.org", db=url
        ),
        "Only HR admins mark and unmark critical roles.",
    )
    removed = ms(
        "org", "critical-role", "remove", "Product manager", "--as", "hr@example.org", db=url
    )
    assert "Product manager is no longer a critical role." in removed.output
    refused(
        ms("org", "critical-role", "remove", "Product manager", "--as", "hr@example.org", db=url),
        "Product manager is not a critical role.",
    )


def test_succession_prints_the_bench_for_hr_and_a_managers_slice(team_db: Database) -> None:
    seed(team_db)
    url = _url(team_db)
    shown = ms("org", "succession", "--as", "hr@example.org", db=url)
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "No successor: ICT operations manager." in text
    assert "Product manager · bench strength 1 · held by Mel Mentor" in text
    assert "Olivia Owner" in text
    data = json.loads(
        ms("org", "succession", "--as", "manager@example.org", "-f", "json", db=url).output
    )
    assert data["scope"] == "Team A"
    names = {c["name"] for r in data["roles"] for c in r["candidates"]}
    assert names == {"Olivia Owner"}
    refused(ms("org", "succession", "--as", "outsider@example.org", db=url), "Org analytics are")
    refused(ms("org", "succession", "--as", "nobody@example.org", db=url), "")


def test_without_as_the_operator_sees_the_whole_org_and_acts_as_hr(db: Database) -> None:
    seed(db, mark=False)
    url = _url(db)
    added = ms("org", "critical-role", "add", "Product manager", db=url)
    assert "Product manager is now a critical role." in added.output
    data = json.loads(ms("org", "succession", "--format", "json", db=url).output)
    assert data["scope"] == "the whole organization"
    [role] = data["roles"]
    assert role["candidates"][0]["name"] == "Olivia Owner"
    listed = json.loads(ms("org", "critical-role", "list", "-f", "json", db=url).output)
    assert listed[0]["created_by"] is None


def test_the_help_teaches_with_examples() -> None:
    shown = ms("org", "succession", "--help")
    assert "microstep org succession --as hana@example.org" in shown.output
    added = ms("org", "critical-role", "add", "--help")
    assert "--note" in added.output


def test_the_operator_judges_from_maps_shared_with_the_organization_as_its_help_says(
    team_db: Database,
) -> None:
    """Hana (HR) keeps a map with Product manager's four skills private: HR judges her, the
    operator (no --as) cannot, and the help says exactly that."""
    seeded = seed(team_db)
    with team_db.transaction() as session:
        for name in PM_SKILLS:
            session.add(skill(seeded.org.ids["hr"], name, 3, "private"))
    url = _url(team_db)

    def counts(*acting: str) -> dict[str, int]:
        shown = ms("org", "succession", *acting, "-f", "json", db=url)
        assert shown.exit_code == 0, shown.output
        [pm] = [r for r in json.loads(shown.output)["roles"] if r["title"] == "Product manager"]
        return {c["bucket"]: c["count"] for c in pm["counts"]}

    hr, operator = counts("--as", "hr@example.org"), counts()
    assert hr["unjudged"] + 1 == operator["unjudged"]
    assert hr["within_year"] == operator["within_year"] + 1  # Hana: all four skills, no trial
    help_text = " ".join(ms("org", "succession", "--help").output.split())
    for part in (
        "Without --as, the organization's operator looks: every team, as HR, but only the skill",
        "maps shared with the whole organization count",
        "(an HR admin also reads their own and those shared with them as a manager, mentor or",
    ):
        assert " ".join(part.split()) in help_text.replace("│", " ").replace("  ", " ")


def test_titles_notes_and_names_are_printed_as_typed_not_as_markup(team_db: Database) -> None:
    seeded = seed(team_db, mark=False)
    with team_db.transaction() as session:
        owner = session.get(Person, seeded.org.ids["owner"])
        assert owner is not None
        owner.name = "[b]Oli[/b]"
    url = _url(team_db)
    added = ms("org", "critical-role", "add", "Product manager", "--note", "[red]Key[/red]", db=url)
    assert added.exit_code == 0, added.output
    listed = ms("org", "critical-role", "list", db=url)
    assert "[red]Key[/red]" in listed.output
    shown = ms("org", "succession", db=url)
    assert shown.exit_code == 0, shown.output
    assert "[b]Oli[/b]" in shown.output
