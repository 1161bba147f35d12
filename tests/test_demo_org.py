"""`microstep demo --org`: an organization where every team feature shows up with history."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from microstep.core.moves import role_key
from microstep.demo.org import DEMO_PASSWORD, build_org_demo, email
from microstep.demo.org_history import (
    COLLEAGUES,
    KEEP_TO_MANAGER,
    LEAVERS,
    ROLES,
    demo_history,
)
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import (
    Move,
    Objective,
    Opportunity,
    Person,
    Role,
    SkillTarget,
    Team,
)
from microstep.taxonomy.sources import OCCUPATION_PREFIX
from tests.cli import ms, refused
from tests.team import sign_in


def test_the_org_demo_shows_each_team_feature_to_the_right_people(
    team_settings: Settings, team_db: Database
) -> None:
    ids = build_org_demo(team_db)
    assert ids is not None
    assert len(ids) == 10
    assert build_org_demo(team_db) is None  # never over existing people

    mona = sign_in(team_settings, team_db, email("mona"), DEMO_PASSWORD)
    team = mona.get("/api/team").json()
    members = {m["name"] for m in team["members"]}
    assert members == {"Olivia Mensah", "Colin Tran", "Amara Singh"}
    assert "SQL window functions" in mona.get("/team").text  # shared skills in the heatmap

    olivia = sign_in(team_settings, team_db, email("olivia"), DEMO_PASSWORD)
    [circle] = [c for c in olivia.get("/api/circles").json() if c["kind"] == "study"]
    assert circle["name"] == "Analysts' study circle"
    assert olivia.get("/api/me").json()["person_id"] == ids["olivia"]

    colin = sign_in(team_settings, team_db, email("colin"), DEMO_PASSWORD)
    assert [q["asker_name"] for q in colin.get("/api/inbox").json()] == ["Olivia Mensah"]

    cleo = sign_in(team_settings, team_db, email("cleo"), DEMO_PASSWORD)
    assert len(cleo.get("/api/coaching/queue").json()) == 2

    pete = sign_in(team_settings, team_db, email("pete"), DEMO_PASSWORD)
    mentees = pete.get("/api/team/mentees").json()
    assert "Olivia Mensah" in str(mentees)

    dan = sign_in(team_settings, team_db, email("dan"), DEMO_PASSWORD)  # shares no circle
    profile = dan.get(f"/api/people/{ids['olivia']}").json()
    assert profile["items"] == []  # she shares with her manager, mentor and circles only

    # Around them: colleagues in more teams, five years of moves, the marketplace.
    _the_org_has_five_years_of_moves_along_recurring_pathways(team_db)
    colins = mona.get(f"/api/people/{ids['colin']}/moves").json()  # history is the manager's too
    assert "temp_lead" in str(colins)
    assert dan.get(f"/api/people/{ids['colin']}/moves").status_code in (200, 404)
    assert "temp_lead" not in str(dan.get(f"/api/people/{ids['colin']}/moves").json())

    # Most colleagues share their skill map with the organization (they want internal moves),
    # so HR's assignment has people to consider, and its page says whom and why not the rest.
    hana = sign_in(team_settings, team_db, email("hana"), DEMO_PASSWORD)
    sharing = len(COLLEAGUES) - len(KEEP_TO_MANAGER)
    assert sharing > len(COLLEAGUES) * 3 // 4
    assignment = hana.get("/api/matching/assignment").json()
    assert assignment["people"] == sharing + 1  # and Hana's own map
    assert assignment["filled"] == assignment["slots"] > 0
    page = " ".join(hana.get("/matching/assignment").text.split())
    assert f"It considers <strong>{sharing + 1} of {10 + len(COLLEAGUES)} people</strong>" in page
    assert "only skill maps shared with the organization count" in page
    assert assignment["people_total"] == 10 + len(COLLEAGUES)
    _members_aim_where_their_work_leads(team_db, ids)


def _members_aim_where_their_work_leads(db: Database, ids: dict[str, int]) -> None:
    """Each of the ten heads somewhere fitting (not all at "Senior Data Analyst"); people whose
    work is not analysis have a map of their own work; opportunities come from fitting teams."""
    with db.transaction() as session:
        aims = {
            o.person_id: o.title
            for o in session.scalars(select(Objective).where(Objective.status == "active"))
        }
        assert aims[ids["amara"]] == "Data scientist"
        assert aims[ids["ravi"]] == "Cloud engineer"
        assert aims[ids["dan"]] == "Call centre supervisor"
        assert sum(aims[i] == "Senior Data Analyst" for i in ids.values()) == 1  # Olivia's
        maps = defaultdict(set)
        for row in session.scalars(select(SkillTarget)):
            maps[row.person_id].add(row.name)
        assert "Employment law" in maps[ids["hana"]]
        for key in ("hana", "cleo", "dan", "pete", "ravi", "sofia"):
            assert not {"SQL window functions", "Python (pandas)"} & maps[ids[key]], key
        assert "SQL window functions" in maps[ids["olivia"]]
        posters = dict(
            session.execute(
                select(Opportunity.title, Team.name).join(Team, Team.id == Opportunity.team_id)
            ).all()
        )
        assert posters["Platform reliability rotation"] == "Platform"
        assert posters["Customer interview synthesis"] == "Product"
        assert posters["Pricing analytics rotation"] == "Analytics"


def _the_org_has_five_years_of_moves_along_recurring_pathways(db: Database) -> None:
    today = date.today()
    with db.transaction() as session:
        people = {p.id: p for p in session.scalars(select(Person))}
        moves = session.scalars(select(Move).order_by(Move.start_date, Move.id)).all()
        roles = {r.id: r for r in session.scalars(select(Role))}
        teams = session.scalars(select(Team)).all()
        objectives = session.scalars(select(Objective)).all()
        opportunities = session.scalars(select(Opportunity)).all()
    accounts = [p for p in people.values() if p.email]
    assert len(accounts) == 10 + len(COLLEAGUES)
    leavers = [p for p in people.values() if p.external_id and p.external_id.startswith("L")]
    assert len(leavers) == LEAVERS
    assert all(p.name.startswith("Employee L") and not p.is_active for p in leavers)

    imported = [m for m in moves if m.source == "import"]
    assert len(imported) == len(demo_history(today).rows)
    first = min(m.start_date for m in imported)
    assert today - timedelta(weeks=5 * 52 + 1) <= first <= today - timedelta(weeks=4 * 52)
    for role_id in {m.to_role_id for m in imported}:
        role = roles[role_id]
        assert role_key(role.title) in {role_key(title) for title in ROLES}
        assert (role.occupation_uri or "").startswith(OCCUPATION_PREFIX)

    walks: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for move in imported:
        walks[move.person_id].append((move.kind, roles[move.to_role_id].title_key))
    analyst_to_product = [
        ("rotation", "product manager"),
        ("temp_lead", "ict project manager"),
        ("promotion", "product manager"),
    ]
    took_it = [p for p, walk in walks.items() if _in_order(analyst_to_product, walk)]
    assert len(took_it) >= 3  # a recurring pathway, not a one-off
    promoted = [m for m in imported if m.kind == "promotion"]
    assert all(m.from_role_id is not None for m in promoted)  # from the role held before

    managed = {t.name for t in teams if t.manager_id is not None}
    assert {"Analytics", "Platform", "Product", "Sales", "Finance", "Data Science"} <= managed
    with_objective = {o.person_id for o in objectives if o.kind == "role"}
    assert all(p.id in with_objective for p in accounts if p.role != "hr_admin")
    assert any(o.status == "open" for o in opportunities)


def _in_order(steps: list[tuple[str, str]], walk: list[tuple[str | None, str]]) -> bool:
    """Whether `steps` happen in this order in `walk` (other moves may come between)."""
    remaining = iter(walk)
    return all(step in remaining for step in steps)


def test_the_org_demo_needs_postgresql(isolated_settings: None, tmp_path: Path) -> None:
    result = ms("demo", "--org", "--no-serve", db=str(tmp_path / "org.sqlite"))
    refused(result, "The organization demo runs in team mode, on PostgreSQL")
