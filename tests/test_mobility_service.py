"""Mobility and cohort services on PostgreSQL: HR sees the org, a manager their team's slice,
anyone else is refused; cohorts refuse bad input with a clear message."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import cohorts, mobility
from microstep.services.mobility_schemas import CohortCreate
from microstep.store.db import Database
from microstep.store.models import Move, Person, Role, SkillLevelChange, SkillTarget
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx

START = TODAY - timedelta(days=500)
TITLES = ("Data analyst", "Product manager", "Engineer")


@dataclass(frozen=True)
class World:
    """The personas plus forty colleagues with five years of moves."""

    org: Org
    team_a: list[int]  # extra people on Team A
    team_b: list[int]
    roles: dict[str, int]


def build(db: Database, *, seed: int = 1) -> World:
    """Forty colleagues (twenty per team) with hires, rotations and promotions, imported as
    the organization's records; a few with skill maps shared with the org."""
    org = make_org(db)
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with db.transaction() as session:
        roles = {}
        for title in TITLES:
            role = Role(title=title, title_key=title.casefold(), created_at=now)
            session.add(role)
            session.flush()
            roles[title] = role.id
        extra: dict[int, list[int]] = {org.team_a: [], org.team_b: []}
        for i in range(40):
            team = org.team_a if i % 2 == 0 else org.team_b
            person = Person(name=f"Colleague {i:02d}", created_at=now, team_id=team)
            person.email = f"c{i}@example.org"
            person.external_id = f"E{i:03d}"
            person.is_local = False
            session.add(person)
            session.flush()
            extra[team].append(person.id)
        everyone = [*extra[org.team_a], *extra[org.team_b], org.ids["owner"], org.ids["colleague"]]
        for pid in everyone:
            hired = TODAY - timedelta(days=rng.randrange(900, 1800))
            first = roles["Data analyst"] if pid % 2 else roles["Engineer"]
            _move(session, pid, first, "hire", hired, None, now)
            day = hired
            while True:
                day += timedelta(days=rng.randrange(120, 500))
                if day > TODAY:
                    break
                kind = rng.choice(("rotation", "stretch", "lateral", "promotion"))
                to = roles["Product manager"] if kind == "promotion" else first
                end = day + timedelta(days=90) if kind in ("rotation", "stretch") else None
                outcome = rng.choice(("met", "partly", None)) if end else None
                _move(session, pid, to, kind, day, end, now, outcome)
        for pid in extra[org.team_a][:6]:
            skill = SkillTarget(
                person_id=pid,
                name="SQL",
                name_key="sql",
                current_level=3,
                target_level=4,
                visibility="org",
                created_at=now,
                updated_at=now,
            )
            session.add(skill)
            session.flush()
            session.add(
                SkillLevelChange(
                    skill_id=skill.id, changed_at=now, from_level=1, to_level=3, note=None
                )
            )
    return World(org, extra[org.team_a], extra[org.team_b], roles)


def _move(session, pid, role, kind, start, end, now, outcome=None):  # type: ignore[no-untyped-def]
    session.add(
        Move(
            person_id=pid,
            kind=kind,
            to_role_id=role,
            start_date=start,
            end_date=end,
            outcome=outcome,
            source="import",
            visibility="org",
            intended_skills=[],
            created_at=now,
            updated_at=now,
        )
    )


@pytest.fixture
def world(team_db: Database) -> World:
    """The populated organization."""
    return build(team_db)


def test_hr_sees_the_whole_organization_with_intervals(team_db: Database, world: World) -> None:
    found = mobility.mobility(persona_ctx(team_db, world.org, "hr"))
    assert found.scope == "the whole organization"
    rate = found.overall.moves_per_person_year
    assert rate is not None
    assert rate.low is not None
    assert rate.high is not None
    assert rate.low < rate.value < rate.high  # type: ignore[operator]
    assert {g.label for g in found.by_team} == {"Team A", "Team B"}
    assert found.by_year[-1].key == str(TODAY.year)
    assert found.target_label == "first promotion"


def test_a_manager_sees_only_their_team(team_db: Database, world: World) -> None:
    found = mobility.mobility(persona_ctx(team_db, world.org, "manager"))
    assert found.scope == "Team A"
    assert [g.label for g in found.by_team] == ["Team A"]
    assert found.overall.people == len(world.team_a) + 2
    with pytest.raises(NotFound):
        mobility.mobility(persona_ctx(team_db, world.org, "manager"), world.org.team_b)


def test_an_employee_is_refused(team_db: Database, world: World) -> None:
    with pytest.raises(Forbidden):
        mobility.mobility(persona_ctx(team_db, world.org, "owner"))
    with pytest.raises(Forbidden):
        cohorts.list_cohorts(persona_ctx(team_db, world.org, "owner"))


def test_a_target_role_by_title_or_id(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    by_title = mobility.mobility(hr, target="product MANAGER")
    assert by_title.target_id == world.roles["Product manager"]
    assert by_title.target_label == "Product manager"
    assert (
        mobility.mobility(hr, target=str(world.roles["Product manager"])).target_id
        == (world.roles["Product manager"])
    )
    assert any(t.title == "Product manager" for t in by_title.targets)
    with pytest.raises(InvalidInput, match="No role of the organization is called 'Astronaut'"):
        mobility.mobility(hr, target="Astronaut")


def _cohort(world: World, **changes: object) -> CohortCreate:
    members = [f"c{i}@example.org" for i in range(0, 24, 2)]  # twelve on Team A
    return CohortCreate.model_validate(
        {"name": "Rotation pilot", "start_date": START, "members": members} | changes
    )


def test_hr_creates_a_cohort_and_sees_the_comparison(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    created = cohorts.create(hr, _cohort(world))
    assert created.members == 12
    assert created.can_delete
    found = cohorts.show(hr, created.id)
    assert found.members_in_scope == 12
    assert found.matched + len([m for m in found.members if m.unmatched_reason]) == 12
    assert [o.key for o in found.outcomes] == ["moves", "promoted", "skills", "retained"]
    assert found.readout[0].startswith("Not randomised")
    assert all("caused" not in line for line in found.readout)
    skills = found.outcomes[2]
    assert skills.cohort_n <= 6  # only the six org-shared skill maps of Team A count
    assert [c.name for c in cohorts.list_cohorts(hr)] == ["Rotation pilot"]


def test_members_by_external_id_and_person_number(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    created = cohorts.create(hr, _cohort(world, members=["E001", str(world.team_b[1]), "E005"]))
    assert created.members == 3  # E001 is team_b[0]... each person once


def test_bad_cohorts_are_refused_with_a_reason(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    cohorts.create(hr, _cohort(world))
    with pytest.raises(Conflict, match="exists already"):
        cohorts.create(hr, _cohort(world, name="rotation PILOT"))
    with pytest.raises(InvalidInput, match="in the future"):
        cohorts.create(hr, _cohort(world, name="B", start_date=TODAY + timedelta(days=1)))
    with pytest.raises(InvalidInput, match=r"nobody@example\.org"):
        cohorts.create(hr, _cohort(world, name="C", members=["nobody@example.org"]))
    with pytest.raises(InvalidInput, match="at least one member"):
        cohorts.create(hr, _cohort(world, name="D", members=[]))
    with pytest.raises(NotFound, match="no opportunity number 999"):
        cohorts.create(hr, _cohort(world, name="E", members=[], opportunity_id=999))


def test_a_manager_views_over_their_slice_but_cannot_create_or_delete(
    team_db: Database, world: World
) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    mixed = [f"c{i}@example.org" for i in range(12)]  # six on each team
    created = cohorts.create(hr, _cohort(world, members=mixed))
    manager = persona_ctx(team_db, world.org, "manager")
    found = cohorts.show(manager, created.id)
    assert found.members_in_scope == 6
    assert found.scope == "Team A"
    assert not found.cohort.can_delete
    assert {m.team for m in found.members} == {"Team A"}
    with pytest.raises(Forbidden):
        cohorts.create(manager, _cohort(world, name="Mine"))
    with pytest.raises(Forbidden):
        cohorts.delete(manager, created.id)
    assert cohorts.delete(hr, created.id) == "Deleted the cohort Rotation pilot."
    with pytest.raises(NotFound):
        cohorts.show(hr, created.id)


def test_the_demo_org_gets_a_pilot_cohort_with_a_comparison(team_db: Database) -> None:
    from microstep.demo.cohorts import NAME, add_demo_cohort
    from microstep.demo.org import build_org_demo

    ids = build_org_demo(team_db, today=TODAY)
    assert ids is not None
    add_demo_cohort(team_db, today=TODAY)
    add_demo_cohort(team_db, today=TODAY)  # a second call adds nothing
    hr = cohorts.Context(db=team_db, person_id=ids["hana"], today=TODAY)
    listed = cohorts.list_cohorts(hr)
    assert [c.name for c in listed] == [NAME]
    found = cohorts.show(hr, listed[0].id)
    assert 8 <= found.cohort.members <= 12
    assert found.matched >= 6
    assert not found.outcomes[0].too_few
    assert date.fromisoformat(found.cohort.start_date.isoformat()) < TODAY


# ----------------------------------------------------------------------------- issue 8 fixes


def _add_role(db: Database, world: World, title: str, movers: list[int], **move: str) -> int:
    """A new role `movers` moved into (as org records unless `move` says otherwise)."""
    now = datetime.now(UTC)
    with db.transaction() as session:
        role = Role(title=title, title_key=title.casefold(), created_at=now)
        session.add(role)
        session.flush()
        for pid in movers:
            session.add(
                Move(
                    person_id=pid,
                    kind="promotion",
                    to_role_id=role.id,
                    start_date=TODAY - timedelta(days=40),
                    end_date=None,
                    outcome=None,
                    source=move.get("source", "import"),
                    visibility=move.get("visibility", "org"),
                    intended_skills=[],
                    created_at=now,
                    updated_at=now,
                )
            )
        return role.id


def test_time_to_a_target_one_person_reached_is_not_shown(team_db: Database, world: World) -> None:
    lone = _add_role(team_db, world, "Chief of staff", [world.team_a[0]])
    for who in ("hr", "manager"):
        found = mobility.mobility(persona_ctx(team_db, world.org, who), target=str(lone))
        assert found.target_label == "Chief of staff"
        assert found.overall.years_to_target is None  # was n=1: one person's own time
        assert found.overall.reached_target is None
        assert all(g.years_to_target is None for g in found.by_team)
        picked = [t for t in found.targets if t.id == lone]
        assert [t.people for t in picked] == [None]  # "fewer than 3", not 1
        assert all(t.people is None or t.people >= 3 for t in found.targets)


def test_a_role_named_only_by_a_private_move_is_neither_listed_nor_resolved(
    team_db: Database, world: World
) -> None:
    movers = world.team_a[:5]
    secret = _add_role(
        team_db, world, "Secret project lead", movers, source="manual", visibility="private"
    )
    hr = persona_ctx(team_db, world.org, "hr")
    found = mobility.mobility(hr)
    assert all(t.id != secret for t in found.targets)
    assert all("Secret" not in t.title for t in found.targets)
    with pytest.raises(NotFound):
        mobility.mobility(hr, target=str(secret))
    with pytest.raises(InvalidInput):
        mobility.mobility(hr, target="Secret project lead")


def test_a_manager_sees_only_cohorts_with_three_members_in_their_teams(
    team_db: Database, world: World
) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    b_only = cohorts.create(
        hr, _cohort(world, name="B only", members=[f"c{i}@example.org" for i in (1, 3, 5, 7)])
    )
    two_in_a = cohorts.create(
        hr, _cohort(world, name="Two in A", members=[f"c{i}@example.org" for i in range(4)])
    )
    mine = cohorts.create(
        hr, _cohort(world, name="Mostly A", members=[f"c{i}@example.org" for i in range(9)])
    )
    manager = persona_ctx(team_db, world.org, "manager")
    listed = cohorts.list_cohorts(manager)
    assert [(c.name, c.members) for c in listed] == [("Mostly A", 5)]  # their slice's members
    assert {c.name for c in cohorts.list_cohorts(hr)} == {"B only", "Two in A", "Mostly A"}
    assert cohorts.show(manager, mine.id).cohort.members == 5
    assert cohorts.show(hr, mine.id).cohort.members == 9
    for hidden in (b_only, two_in_a):
        with pytest.raises(NotFound, match="There is no such cohort"):
            cohorts.show(manager, hidden.id)
        for key in (hidden.name, str(hidden.id)):
            with pytest.raises(NotFound, match=f"There is no cohort called '{key}'"):
                cohorts.cohort_id_named(manager, key)
    with pytest.raises(NotFound, match="There is no such cohort"):
        cohorts.show(manager, 999_999)  # the same answer as an unknown number
    assert cohorts.cohort_id_named(manager, str(mine.id)) == mine.id
    assert cohorts.cohort_id_named(hr, str(b_only.id)) == b_only.id


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u00ad"])
def test_cohort_names_refuse_format_characters(char: str) -> None:
    with pytest.raises(InvalidInput, match="The cohort's name contains control characters"):
        CohortCreate(name=f"Pilot {char}2025", start_date=START, members=["1"])
    with pytest.raises(InvalidInput, match="The description contains control characters"):
        CohortCreate(name="Pilot", description=f"x{char}y", start_date=START, members=["1"])


@given(st.text(min_size=1, max_size=20))
def test_no_cohort_name_keeps_a_format_or_control_character(text: str) -> None:
    try:
        body = CohortCreate(name=text, start_date=START, members=["1"])
    except InvalidInput:
        return
    assert all(unicodedata.category(ch) not in ("Cc", "Cf", "Cs") for ch in body.name)


def test_a_cohort_started_today_is_too_early_to_compare(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    for name, days in (("Today", 0), ("Last week", 7)):
        created = cohorts.create(hr, _cohort(world, name=name, start_date=TODAY - timedelta(days)))
        found = cohorts.show(hr, created.id)
        assert found.outcomes == []
        assert len(found.readout) == 1
        assert found.readout[0].startswith("Too early to compare")
        assert "outcomes from" not in found.readout[0]
        assert found.members  # still listed, with their matches
    assert "started today" in cohorts.show(hr, cohorts.cohort_id_named(hr, "Today")).readout[0]
    month = cohorts.create(hr, _cohort(world, name="Month", start_date=TODAY - timedelta(30)))
    assert len(cohorts.show(hr, month.id).outcomes) == 4


def test_the_readout_counts_in_words(team_db: Database, world: World) -> None:
    hr = persona_ctx(team_db, world.org, "hr")
    created = cohorts.create(hr, _cohort(world, members=["c0@example.org"]))
    readout = " ".join(cohorts.show(hr, created.id).readout)
    assert "1 members" not in readout
    assert "1 colleagues" not in readout
    assert "of 1 member matched" in readout
