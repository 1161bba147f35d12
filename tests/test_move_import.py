"""`microstep org import-moves`: a move history imports whole or not at all, on both engines."""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microstep.core.move_import import BadRows
from microstep.core.moves import MOVE_KINDS, MoveFact, previous_roles
from microstep.core.moves import timeline as core_timeline
from microstep.errors import Forbidden
from microstep.services import accounts
from microstep.services.context import Context
from microstep.services.move_import import MovesImported, import_moves
from microstep.settings import Settings
from microstep.store.db import Database, open_database
from microstep.store.models import Move, Person, Role
from tests.cli import ms
from tests.team import make_org

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
HISTORY = """person_id,role,start_date,end_date,kind
E1,Data analyst,2021-01-04,,hire
E1,Product manager,2022-03-01,2022-06-01,Rotation
E1,Senior data analyst,2023-01-01,,promotion
E1,Product manager,2024-02-01,,temp lead
E2,Business analyst,2020-05-01,,
E2,Business analyst,2020-05-01,,
"""


def run(db: Database, text: str, actor: Context | None = None) -> MovesImported:
    """Import a history given as text."""
    return import_moves(db, io.BytesIO(text.encode()), now=NOW, actor=actor)


def timeline(db: Database, external_id: str) -> list[tuple[str | None, str | None, str, str]]:
    """(kind, from role, to role, start) of a person's moves in order."""
    with db.transaction() as session:
        person = session.scalars(select(Person).where(Person.external_id == external_id)).one()
        moves = session.scalars(
            select(Move).where(Move.person_id == person.id).order_by(Move.start_date, Move.id)
        ).all()
        titles = {r.id: r.title for r in session.scalars(select(Role))}
        return [
            (m.kind, titles.get(m.from_role_id or 0), titles[m.to_role_id], str(m.start_date))
            for m in moves
        ]


def counts(db: Database) -> tuple[int, int, int]:
    with db.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.count()).select_from(Role)) or 0,
            session.scalar(select(func.count()).select_from(Move)) or 0,
        )


def test_a_history_becomes_moves_from_the_role_held_before(db: Database) -> None:
    done = run(db, HISTORY)
    assert done.rows == 6
    assert done.moves == 5  # the repeated row counts once
    assert done.added == 5
    assert done.people_added == 2
    assert done.roles_added == 4
    assert timeline(db, "E1") == [
        ("hire", None, "Data analyst", "2021-01-04"),
        ("rotation", "Data analyst", "Product manager", "2022-03-01"),
        ("promotion", "Data analyst", "Senior data analyst", "2023-01-01"),
        ("temp_lead", "Senior data analyst", "Product manager", "2024-02-01"),
    ]
    with db.transaction() as session:
        people = session.scalars(select(Person).order_by(Person.external_id)).all()
        assert [(p.name, p.email, p.password_hash) for p in people] == [
            ("Employee E1", None, None),
            ("Employee E2", None, None),
        ]
        moves = session.scalars(select(Move)).all()
        assert {(m.source, m.visibility) for m in moves} == {("import", "manager")}
        assert {m.end_date for m in moves} == {None, date(2022, 6, 1)}


def test_importing_again_adds_nothing_twice_and_ends_what_has_ended(db: Database) -> None:
    run(db, HISTORY)
    before = counts(db)
    again = run(db, HISTORY)
    assert again.added == 0
    assert again.already == 5
    assert counts(db) == before
    ended = run(db, HISTORY.replace("2024-02-01,,temp lead", "2024-02-01,2024-05-01,temp lead"))
    assert ended.ended == 1
    assert ended.added == 0
    with db.transaction() as session:
        lead = session.scalars(select(Move).where(Move.kind == "temp_lead")).one()
        assert lead.end_date == date(2024, 5, 1)


def test_an_earlier_move_imported_later_changes_where_later_moves_came_from(db: Database) -> None:
    run(db, HISTORY)
    run(db, "person_id,role,start_date,end_date,kind\nE1,Junior analyst,2022-09-01,,promotion\n")
    assert [step[1] for step in timeline(db, "E1")] == [
        None,
        "Data analyst",
        "Data analyst",  # the promotion to junior analyst came from data analyst
        "Junior analyst",  # and the next promotion now from junior analyst
        "Senior data analyst",
    ]


def test_bad_rows_are_all_listed_and_nothing_is_written(db: Database) -> None:
    bad = HISTORY + "E3,,2024-01-01,,\nE4,Analyst,2024-01-01,2023-01-01,boss\n"
    with pytest.raises(BadRows) as refused:
        run(db, bad)
    assert [str(p) for p in refused.value.problems] == [
        "Line 8: role is empty.",
        "Line 9: end_date 2023-01-01 is before start_date 2024-01-01; kind 'boss' is not one "
        "of stretch, rotation, temp_lead, lateral, shadowing, gig, promotion, hire.",
    ]
    assert counts(db) == (0, 0, 0)


def test_one_move_given_two_end_dates_is_refused(db: Database) -> None:
    twice = HISTORY + "E1,Product manager,2022-03-01,2022-07-01,rotation\n"
    with pytest.raises(BadRows) as refused:
        run(db, twice)
    [problem] = refused.value.problems
    assert problem.line == 8
    assert "repeats the move on line 3" in problem.reason
    assert counts(db) == (0, 0, 0)


def test_a_file_that_is_not_utf8_names_the_line(db: Database) -> None:
    data = HISTORY.encode() + "E5,Caf\u00e9 lead,2024-01-01,,\n".encode("latin-1")
    with pytest.raises(BadRows) as refused:
        import_moves(db, io.BytesIO(data), now=NOW)
    assert [p.line for p in refused.value.problems] == [8]
    assert "UTF-8" in refused.value.problems[0].reason


def test_known_people_are_found_by_their_hris_id(db: Database) -> None:
    with db.transaction() as session:
        session.add(Person(name="Olivia Mensah", external_id="E1", created_at=NOW))
    done = run(db, HISTORY)
    assert done.people_added == 1
    with db.transaction() as session:
        names = sorted(session.scalars(select(Person.name)))
    assert names == ["Employee E2", "Olivia Mensah"]


def test_only_an_hr_admin_may_import_as_themselves(team_db: Database) -> None:
    org = make_org(team_db)
    colleague = Context(db=team_db, person_id=org.ids["colleague"])
    with pytest.raises(Forbidden):
        run(team_db, HISTORY, actor=colleague)
    hr = Context(db=team_db, person_id=org.ids["hr"])
    assert run(team_db, HISTORY, actor=hr).added == 5


def test_people_known_from_history_are_invited_later_by_import_people(
    team_db: Database, team_settings: Settings
) -> None:
    org = make_org(team_db)
    run(team_db, HISTORY)
    hr = Context(db=team_db, person_id=org.ids["hr"])
    people = b"employee_id,name,email,team,manager_id\nE1,Erin Example,erin@example.org,,\n"
    done = accounts.import_people(hr, people, settings=team_settings)
    assert done.created == 0
    assert done.updated == 1
    assert next(step[2] for step in timeline(team_db, "E1")) == "Data analyst"


# -- the command ---------------------------------------------------------------------------


def test_the_command_imports_and_says_what_it_did(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "moves.csv"
    path.write_text(HISTORY, encoding="utf-8")
    result = ms("org", "import-moves", str(path), db=db_url)
    assert result.exit_code == 0, result.output
    assert "5 moves added from 6 rows; 2 people known only from history; 4 new roles." in (
        result.stdout
    )
    again = ms("org", "import-moves", str(path), db=db_url)
    assert "0 moves added from 6 rows; 5 moves stored already; 0 new roles." in again.stdout


def test_the_command_lists_every_bad_row_on_stderr_and_exits_2(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "moves.csv"
    path.write_text(HISTORY + "E3,,2024-01-01,,\nE4,Analyst,someday,,\n", encoding="utf-8")
    result = ms("org", "import-moves", str(path), db=db_url)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "Error: moves.csv has 2 bad rows and was not imported; first, line 8: role is empty.",
        "  Line 8: role is empty.",
        "  Line 9: start_date 'someday' is not a date like 2024-03-31.",
    ]
    assert "Traceback" not in result.output


def test_the_command_refuses_a_missing_file_and_an_unknown_admin(
    db_url: str, tmp_path: Path
) -> None:
    missing = ms("org", "import-moves", str(tmp_path / "nope.csv"), db=db_url)
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: Cannot read")
    path = tmp_path / "moves.csv"
    path.write_text(HISTORY, encoding="utf-8")
    stranger = ms("org", "import-moves", str(path), "--as", "who@example.org", db=db_url)
    assert stranger.exit_code == 2
    database = open_database(db_url)
    assert counts(database) == (0, 0, 0)
    database.dispose()


def test_the_bulk_from_role_agrees_with_the_timeline_rule(db: Database) -> None:
    """The import's SQL works out each move's previous role on its own; on seeded random
    histories it gives what core.moves.previous_roles gives for one person's timeline."""
    rng = random.Random(7)
    roles = ["Analyst", "Engineer", "Designer", "Product manager", "Lead", "Researcher"]
    kinds = [*MOVE_KINDS, ""]
    lines, expected = ["person_id,role,start_date,end_date,kind"], {}
    for person in range(40):
        days = sorted(rng.sample(range(3000), rng.randint(1, 8)))
        facts = []
        for day in days:
            start = date(2018, 1, 1) + timedelta(days=day)
            kind, role = rng.choice(kinds), rng.choice(roles)
            lines.append(f"P{person},{role},{start},,{kind}")
            facts.append(MoveFact(kind=kind or None, role=role, start=start, end=None))
        ordered = core_timeline(facts)
        expected[f"P{person}"] = [
            (m.kind, held, m.role, str(m.start))
            for m, held in zip(ordered, previous_roles(ordered), strict=True)
        ]
    run(db, "\n".join(lines) + "\n")
    for person, wanted in expected.items():
        assert timeline(db, person) == wanted, person
