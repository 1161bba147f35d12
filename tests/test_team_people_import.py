"""The organization from the command line: the first HR admin, an HRIS import, invite links."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from microstep.cli.main import app
from microstep.core.accounts import parse_people
from microstep.errors import InvalidInput
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Person, Team
from tests.cli import ms, refused
from tests.team import sign_in, team_client

HEADER = "employee_id,name,email,team,manager_id,role,advisor\n"
PEOPLE = (
    HEADER
    + "E1,Mona Manager,mona@example.org,Leadership,,,\n"
    + "E2,Olivia Owner,Olivia@Example.org,Analytics,E1,,\n"
    + "E3,Colin Colleague,colin@example.org,Analytics,E1,,yes\n"
    + "E4,Hana HR,hana@example.org,People,E1,hr_admin,\n"
)


def url_of(db: Database) -> str:
    """The database's URL with its password, for --db."""
    return db.engine.url.render_as_string(hide_password=False)


def admin(db: Database, email: str = "root@example.org") -> None:
    """Create the first HR admin through the CLI, the password on stdin."""
    result = CliRunner().invoke(
        app,
        ["org", "admin", email, "--name", "Root Admin", "--password-stdin", "--db", url_of(db)],
        input="a long admin password\n",
    )
    assert result.exit_code == 0, result.output


def test_the_first_admin_signs_in_with_the_password_given(
    team_settings: Settings, team_db: Database
) -> None:
    admin(team_db)
    client = sign_in(team_settings, team_db, "root@example.org", "a long admin password")
    assert client.get("/api/me").json()["role"] == "hr_admin"


def test_a_short_admin_password_is_refused(team_db: Database) -> None:
    result = CliRunner().invoke(
        app,
        ["org", "admin", "a@example.org", "--password-stdin", "--db", url_of(team_db)],
        input="short\n",
    )
    refused(result, "Choose a password of at least 10 characters.")


def test_importing_people_builds_teams_with_their_managers(
    team_db: Database, tmp_path: Path
) -> None:
    admin(team_db)
    file = tmp_path / "people.csv"
    file.write_text(PEOPLE, encoding="utf-8")
    links = tmp_path / "links.csv"
    result = ms(
        "org",
        "import-people",
        str(file),
        "--as",
        "root@example.org",
        "--links",
        str(links),
        db=url_of(team_db),
    )
    assert result.exit_code == 0, result.output
    assert "4 new and 0 updated people in 3 teams; 4 need an invite link." in result.output
    assert links.read_text().splitlines()[0] == "email,url"
    assert len(links.read_text().splitlines()) == 5
    with team_db.transaction() as session:
        people = {
            p.external_id: p for p in session.query(Person).filter(Person.external_id.isnot(None))
        }
        teams = {t.name: t for t in session.query(Team)}
        assert people["E2"].email == "olivia@example.org"
        assert people["E3"].is_advisor is True
        assert people["E4"].role == "hr_admin"
        assert teams["Analytics"].manager_id == people["E1"].id
        assert people["E2"].team_id == teams["Analytics"].id
    again = ms("org", "import-people", str(file), "--as", "root@example.org", db=url_of(team_db))
    assert "0 new and 4 updated people in 3 teams" in again.output


def test_a_bad_row_names_its_line_and_nothing_is_imported(
    team_db: Database, tmp_path: Path
) -> None:
    admin(team_db)
    file = tmp_path / "people.csv"
    file.write_text(PEOPLE + "E5,Ned,not-an-email,Analytics,E1,,\n", encoding="utf-8")
    result = ms("org", "import-people", str(file), "--as", "root@example.org", db=url_of(team_db))
    refused(result, "Line 6: 'not-an-email' is not an email address.")
    with team_db.transaction() as session:
        assert session.query(Person).count() == 1  # only the admin


def test_only_an_hr_admin_imports_people(team_settings: Settings, team_db: Database) -> None:
    admin(team_db)
    hr = sign_in(team_settings, team_db, "root@example.org", "a long admin password")
    done = hr.post("/api/people/import", files={"file": ("p.csv", PEOPLE.encode(), "text/csv")})
    assert done.status_code == 201, done.text
    assert done.json()["created"] == 4
    path = done.json()["invites"][1]["url"].removeprefix("https://127.0.0.1")
    olivia = team_client(team_settings, team_db)
    olivia.post(path, data={"name": "Olivia", "password": "olivia's long password"})
    assert olivia.get("/api/me").json()["role"] == "employee"
    olivia.csrf = olivia.get("/api/me").json()["csrf_token"]
    refused_import = olivia.post(
        "/api/people/import", files={"file": ("p.csv", PEOPLE.encode(), "text/csv")}
    )
    assert refused_import.status_code == 403


def test_the_org_commands_refuse_sqlite(tmp_path: Path) -> None:
    result = ms("org", "admin", "a@example.org", "--password-stdin", db=str(tmp_path / "x.sqlite"))
    refused(result, "Team mode runs on PostgreSQL")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("E1,A,a@x.org,T,E9,,\n", "Line 2: manager_id 'E9' is nobody's employee_id."),
        (
            "E1,A,a@x.org,T,,,\nE1,B,b@x.org,T,,,\n",
            "Line 3: employee_id 'E1' already appears on line 2.",
        ),
        (
            "E1,A,a@x.org,T,,,\nE2,B,A@X.org,T,,,\n",
            "Line 3: email 'a@x.org' already appears on line 2.",
        ),
        ("E1,A,a@x.org,T,E1,,\n", "Line 2: a person cannot be their own manager."),
        ("E1,A,a@x.org,,,,\nE2,B,b@x.org,,E1,,\n", "Line 3: a person with a manager needs a team."),
        ("E1,A,a@x.org,T,,boss,\n", "Line 2: role must be employee or hr_admin, not 'boss'."),
        (
            "E1,A,a@x.org,T,,,\nE2,B,b@x.org,T,,,\nE3,C,c@x.org,U,E1,,\nE4,D,d@x.org,U,E2,,\n",
            "Line 5: team 'U' already has manager 'E1' (line 4); one team has one manager.",
        ),
    ],
)
def test_people_file_errors_name_the_line(rows: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_people((HEADER + rows).encode())
    assert caught.value.message == message


def test_a_people_file_without_the_columns_says_which_are_missing() -> None:
    with pytest.raises(InvalidInput, match="missing: team, manager_id"):
        parse_people(b"employee_id,name,email\nE1,A,a@x.org\n")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_parse_or_are_refused_in_one_sentence(data: bytes) -> None:
    message = ""
    try:
        rows = parse_people(HEADER.encode() + data)
    except InvalidInput as exc:
        message = exc.message
    else:
        assert all(row.email == row.email.lower() for row in rows)
        return
    assert message.endswith((".", "?"))
    assert "\n" not in message


def test_an_import_that_changes_a_teams_manager_says_so(team_db: Database, tmp_path: Path) -> None:
    admin(team_db)
    first = tmp_path / "people.csv"
    first.write_text(PEOPLE, encoding="utf-8")
    assert (
        ms(
            "org", "import-people", str(first), "--as", "root@example.org", db=url_of(team_db)
        ).exit_code
        == 0
    )
    change = tmp_path / "change.csv"
    change.write_text(
        HEADER + "E9,Nadia New,nadia@example.org,Leadership,,,\n"
        "E5,Tom Weller,tom@example.org,Analytics,E9,,\n",
        encoding="utf-8",
    )
    result = ms("org", "import-people", str(change), "--as", "root@example.org", db=url_of(team_db))
    assert result.exit_code == 0, result.output
    assert "in 2 teams" in result.output
    assert (
        "Manager changed: Analytics: Nadia New now manages it (was Mona Manager)." in result.output
    )


def test_a_semicolon_file_gets_a_hint() -> None:
    with pytest.raises(InvalidInput, match="separate columns with ';'"):
        parse_people(b"employee_id;name;email;team;manager_id\nE1;A;a@x.org;T;\n")
