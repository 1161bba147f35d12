"""Pathways, congestion and routes as HR and managers see them, on SQLite and PostgreSQL: a
seeded history of known truth imported like an HRIS export, objectives of every visibility,
an open opportunity with applicants."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from microstep.errors import Forbidden, InvalidInput, NotFound
from microstep.services import analytics, move_import
from microstep.services import pathways as service
from microstep.services.context import Context
from microstep.store.db import Database
from microstep.store.models import Application, Objective, Opportunity, Person, Role
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx

DAY0 = date(2024, 1, 10)  # every lasting entry falls in the last three years
ANALYST, ROTATION, CONSULTANT, LEAD, EXPERT = (
    "Data analyst",
    "Product rotation",
    "Consultant",
    "Team lead",
    "Domain expert",
)


@dataclass(frozen=True)
class Seeded:
    """The personas and the ids the tests look up."""

    org: Org
    roles: dict[str, int]
    opportunity: int


def _day(offset: int) -> str:
    return (DAY0 + timedelta(days=offset)).isoformat()


def history_csv() -> str:
    """30 go analyst → rotation → lead, 10 analyst → consultant → lead, 20 start analyst →
    rotation and do not reach lead: 8 left (L ids), 7 stayed, 5 became domain experts. People
    a* are in Team A, b* in Team B (after import)."""
    rows = ["person_id,role,start_date,end_date,kind"]
    n = 0

    def person(prefix: str, moves: list[tuple[str, int, int | None, str]]) -> None:
        nonlocal n
        n += 1
        pid = f"{prefix}{n:03d}"
        for role, start, length, kind in moves:
            end = _day(start + length) if length is not None else ""
            rows.append(f"{pid},{role},{_day(start)},{end},{kind}")

    for i in range(30):
        team = "a" if i < 18 else "b"
        person(
            team,
            [
                (ANALYST, 0, None, "hire"),
                (ROTATION, 200, 60, "rotation"),
                (LEAD, 400, None, "promotion"),
            ],
        )
    for _ in range(10):
        person(
            "b",
            [
                (ANALYST, 0, 200, "hire"),
                (CONSULTANT, 200, None, "lateral"),
                (LEAD, 400, None, "promotion"),
            ],
        )
    for i in range(20):
        prefix = "L" if i < 8 else "b"
        moves = [(ANALYST, 0, None, "hire"), (ROTATION, 200, 60, "rotation")]
        if i >= 15:
            moves.append((EXPERT, 500, None, "lateral"))
        person(prefix, moves)
    return "\n".join(rows) + "\n"


def seed(db: Database) -> Seeded:
    """The org's personas, the history, objectives and an open rotation with applicants."""
    org = make_org(db)
    move_import.import_moves(db, io.BytesIO(history_csv().encode()), name="history.csv")
    now = datetime.now(UTC)
    with db.transaction() as session:
        for prefix, team in (("a", org.team_a), ("b", org.team_b)):
            session.execute(
                update(Person).where(Person.external_id.like(f"{prefix}%")).values(team_id=team)
            )
        session.execute(
            update(Person)
            .where(Person.external_id.like("L%"))
            .values(is_active=False, team_id=org.team_b)
        )
        roles = {t: i for t, i in session.execute(select(Role.title, Role.id))}  # noqa: C416
        stayers = session.scalars(
            select(Person.id).where(Person.external_id.like("b%")).order_by(Person.id)
        ).all()
        # 12 shared objectives aim at the rotation (its title, case and spacing aside), and 4
        # private ones never count.
        for i, pid in enumerate(stayers[:16]):
            title = ROTATION.upper() if i < 6 else " product  Rotation"
            visibility = "org" if i < 6 else ("manager" if i < 12 else "private")
            session.add(
                Objective(
                    person_id=pid,
                    title=title,
                    kind="role",
                    horizon=TODAY + timedelta(days=300),
                    status="active",
                    visibility=visibility,
                    created_at=now,
                )
            )
        opp = Opportunity(
            kind="rotation",
            title="Product rotation, spring",
            role_id=roles[ROTATION],
            share_of_time=50,
            weeks=8,
            capacity=2,
            success_criteria="Ships one thing.",
            status="open",
            created_at=now,
            updated_at=now,
        )
        session.add(opp)
        session.flush()
        for pid in stayers[16:19]:
            session.add(
                Application(opportunity_id=opp.id, person_id=pid, status="applied", created_at=now)
            )
        return Seeded(org=org, roles=roles, opportunity=opp.id)


@pytest.fixture(autouse=True)
def no_recommendations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Next-move recommendations (another use case's model) are left out of the known truth."""
    monkeypatch.setattr(service, "_recommended", lambda session, history: ({}, False))


def hr(db: Database, seeded: Seeded) -> Context:
    return persona_ctx(db, seeded.org, "hr")


def test_hr_sees_support_median_conversion_and_drop_out(db: Database) -> None:
    seeded = seed(db)
    found = service.pathways(hr(db, seeded), LEAD.lower())
    assert found.target == LEAD
    assert (found.reached, found.direct) == (40, 0)
    top = found.patterns[0]
    assert [s.role for s in top.steps] == [ANALYST, ROTATION]
    assert (top.support, top.entrants, top.converted, top.conversion) == (30, 50, 30, 0.6)
    assert top.median_months == round(400 / 30.44, 1)
    first, second = top.dropout
    assert (first.reached, first.continued, first.elsewhere) == (60, 50, 10)
    assert (second.reached, second.continued, second.left, second.stayed, second.elsewhere) == (
        50,
        30,
        8,
        7,
        5,
    )
    consultant = next(
        p for p in found.patterns if [s.role for s in p.steps] == [ANALYST, CONSULTANT]
    )
    assert (consultant.support, consultant.conversion) == (10, 1.0)
    assert found.flow is not None
    assert {n.label for n in found.flow.nodes if n.target} == {LEAD}


def test_a_manager_sees_their_teams_slice_and_small_figures_are_withheld(db: Database) -> None:
    seeded = seed(db)
    found = service.pathways(persona_ctx(db, seeded.org, "manager"), seeded.roles[LEAD])
    assert found.scope == "Team A"
    assert found.reached == 18
    top = found.patterns[0]
    assert (top.support, top.entrants, top.conversion) == (18, 18, 1.0)
    mine = service.pathways(persona_ctx(db, seeded.org, "manager"), EXPERT)
    assert mine.reached is None or mine.reached == 0
    assert mine.patterns == []


def test_few_people_are_too_few_to_show(db: Database) -> None:
    seeded = seed(db)
    found = service.pathways(hr(db, seeded), EXPERT)  # 5 reached it, all from the rotation
    assert found.reached == 5
    [step] = [p for p in found.patterns if len(p.steps) == 1]
    drop = step.dropout[0]
    assert (drop.reached, drop.continued, drop.left, drop.stayed, drop.elsewhere) == (
        50,
        5,
        8,
        7,
        30,
    )
    assert step.conversion == 0.1
    assert [p.support for p in found.patterns] == [5, 5]


def test_an_unknown_target_or_an_employee_is_refused(db: Database) -> None:
    seeded = seed(db)
    with pytest.raises(NotFound, match="no role called"):
        service.pathways(hr(db, seeded), "Astronaut")
    with pytest.raises(InvalidInput):
        service.pathways(hr(db, seeded), "  ")
    with pytest.raises(Forbidden):
        service.pathways(persona_ctx(db, seeded.org, "owner"), LEAD)
    with pytest.raises(Forbidden):
        service.congestion(persona_ctx(db, seeded.org, "outsider"))


def test_the_csv_has_one_row_per_pattern_step(db: Database) -> None:
    seeded = seed(db)
    rows = list(csv.DictReader(io.StringIO(service.pathways_csv(hr(db, seeded), LEAD))))
    first = [r for r in rows if r["pattern"] == "1"]
    assert [r["position"] for r in first] == ["1", "2"]
    assert first[1]["left"] == "8"
    assert first[0]["conversion"] == "0.6"


def test_congestion_counts_shared_objectives_applications_and_throughput(db: Database) -> None:
    seeded = seed(db)
    ranked = service.congestion(hr(db, seeded))
    rot = next(r for r in ranked.roles if r.role == ROTATION)
    assert (rot.objectives, rot.applications) == (12, 3)
    assert rot.places == 2
    assert rot.throughput == 0.0  # a rotation is tried, not taken
    assert (rot.capacity, rot.index) == (2, 7.5)
    lead = next(r for r in service.congestion(hr(db, seeded)).roles if r.role == ROTATION)
    assert lead.words == f"{ROTATION} has 15 aspirants for 2 places a year."
    [opp] = ranked.opportunities
    assert (opp.applicants, opp.places, opp.index) == (3, 2, 1.5)
    assert ranked.chart.bars[0].label == ranked.roles[0].role


def test_operator_sees_the_whole_organization(db: Database) -> None:
    seed(db)
    found = service.pathways(analytics.operator(db, TODAY), LEAD)
    assert found.scope == "the whole organization"
    assert found.reached == 40


def test_routes_lead_around_the_crowded_rotation(db: Database) -> None:
    seeded = seed(db)
    found = service.routes(hr(db, seeded), LEAD)
    assert found.target == LEAD
    assert found.routes
    first = found.routes[0]
    assert first.source == ANALYST
    assert [s.role for s in first.steps] == [CONSULTANT, LEAD]
    assert first.support == 10
    assert first.reason == (
        f"{ROTATION} has 15 aspirants for 2 places a year; 10 people reached {LEAD} via "
        f"{CONSULTANT} instead."
    )
    assert [s.role for s in found.routes[1].steps] == [ROTATION, LEAD]
    assert found.routes[1].support == 30
