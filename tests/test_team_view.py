"""The manager view: built only from what members share, refused to everyone else (PostgreSQL).

Olivia's seeded history (TODAY is Wednesday 18 Nov 2026), at "manager" visibility unless said:
- SQL added at 1 on 28 Oct, raised to 2 on 4 Nov (+1, ISO week 45) and to 3 on 17 Nov (+1, W47);
  target 4. Excel at 3 of 3, visible to the org. Public speaking, private: added at 1, raised to
  2 on 17 Nov (must never show, nor count as growth).
- Micro-goals: one done on 5 Nov, one dropped on 12 Nov, one open and due 12 Nov (overdue), one
  open and due 30 Nov (not counted), and a private one done on 5 Nov (not counted): 1 of 3.
- A weekly check-in on Thursdays at 15:00 UTC from 1 Oct, meetings held on 1, 8 and 22 Oct and
  12 Nov: 4 of the 7 expected (1 Oct .. 12 Nov; 19 Nov is still to come). A private check-in
  with a meeting does not count.
Colin shares nothing with Mona (his skill is private).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import update

from microstep.errors import Forbidden
from microstep.services import checkins, goals, skills, team
from microstep.services.context import Context
from microstep.services.reflection_schemas import CheckInCreate, MeetingCreate
from microstep.services.schemas import GoalCreate, GoalOutcome, SkillCreate, SkillLevelUpdate
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import CheckIn, MicroGoal, SkillTarget, Team
from tests.team import Org, make_org, persona_ctx, sign_in, team_client
from tests.web import error_of

NOON = datetime(2026, 11, 18, 12, tzinfo=UTC)


@dataclasses.dataclass(frozen=True)
class Seeded:
    """The org and the ids of Olivia's records the tests flip."""

    org: Org
    speaking_id: int


def on(ctx: Context, day: date) -> Context:
    """The same person acting on another day."""
    return dataclasses.replace(ctx, today=day)


def share(db: Database, model: Any, ids: list[int], scope: str) -> None:
    """Set records' visibility, as the sharing page would."""
    with db.transaction() as session:
        session.execute(update(model).where(model.id.in_(ids)).values(visibility=scope))


def seed(db: Database) -> Seeded:
    """Olivia's history as told in the module docstring, and Colin's private skill."""
    org = make_org(db)
    olivia = persona_ctx(db, org, "owner")
    start = on(olivia, date(2026, 10, 28))
    sql = skills.add_skill(start, SkillCreate(name="SQL", current_level=1, target_level=4))
    speaking = skills.add_skill(start, SkillCreate(name="Public speaking", current_level=1))
    skills.set_skill_level(on(olivia, date(2026, 11, 4)), sql.id, SkillLevelUpdate(current_level=2))
    late = on(olivia, date(2026, 11, 17))
    skills.set_skill_level(late, sql.id, SkillLevelUpdate(current_level=3))
    skills.set_skill_level(late, speaking.id, SkillLevelUpdate(current_level=2))
    excel = skills.add_skill(olivia, SkillCreate(name="Excel", current_level=3, target_level=3))
    shared_goals = [_goal(olivia, sql.id, due) for due in (10, 20, 12, 30)]
    goals.finish_goal(on(olivia, date(2026, 11, 5)), shared_goals[0], GoalOutcome())
    goals.drop_goal(on(olivia, date(2026, 11, 12)), shared_goals[1])
    private_goal = _goal(olivia, sql.id, 10)
    goals.finish_goal(on(olivia, date(2026, 11, 5)), private_goal, GoalOutcome())
    held = (date(2026, 10, 1), date(2026, 10, 8), date(2026, 10, 22), date(2026, 11, 12))
    weekly = _checkin(olivia, held=held)
    _checkin(olivia, held=(date(2026, 10, 1),))  # stays private
    colin = persona_ctx(db, org, "colleague")
    skills.add_skill(colin, SkillCreate(name="SQL", current_level=4, target_level=4))
    share(db, SkillTarget, [sql.id], "manager")
    share(db, SkillTarget, [excel.id], "org")
    share(db, MicroGoal, shared_goals, "manager")
    share(db, CheckIn, [weekly], "manager")
    return Seeded(org, speaking.id)


def _goal(ctx: Context, skill_id: int, due_day: int) -> int:
    """A goal added a week before it falls due (goals are due within 14 days)."""
    due = date(2026, 11, due_day)
    ctx = on(ctx, min(due - timedelta(days=7), ctx.today))
    form = GoalCreate(
        title=f"Goal due {due_day} Nov", due=due, done_when="it is done", skill_id=skill_id
    )
    return goals.add_goal(ctx, form).id


def _checkin(ctx: Context, *, held: tuple[date, ...]) -> int:
    form = CheckInCreate(with_whom="Mona", first="2026-10-01 15:00", every="weekly", timezone="UTC")
    added = checkins.add_checkin(ctx, form)
    for day in held:
        checkins.hold_meeting(ctx, added.id, MeetingCreate(held_on=day, notes="talked"))
    return added.id


@pytest.fixture
def seeded(team_db: Database) -> Seeded:
    """The org with Olivia's history."""
    return seed(team_db)


@pytest.fixture
def frozen() -> Iterator[None]:
    """The web acts on date.today(): hold it at noon on TODAY."""
    with time_machine.travel(NOON, tick=False):
        yield


def member(view: Any, person_id: int) -> Any:
    """The member row of this person."""
    return next(m for m in view.members if m.person_id == person_id)


def test_the_manager_sees_the_numbers_of_what_olivia_shares(
    team_db: Database, seeded: Seeded
) -> None:
    org = seeded.org
    view = team.team_view(persona_ctx(team_db, org, "manager"))
    assert view.team is not None
    assert view.team.id == org.team_a
    assert [m.name for m in view.members] == ["Colin Colleague", "Olivia Owner"]
    olivia = member(view, org.ids["owner"])
    assert (olivia.skills_shared, olivia.growth) == (2, 2)
    assert olivia.adherence is not None
    assert olivia.completion is not None
    assert (olivia.adherence.held, olivia.adherence.expected, olivia.adherence.checkins) == (
        4,
        7,
        1,
    )
    assert olivia.adherence.rate == pytest.approx(4 / 7)
    done = olivia.completion
    assert (done.done, done.dropped, done.overdue, done.rate) == (1, 1, 1, pytest.approx(1 / 3))
    by_week = {w.label: w.levels for w in view.growth}
    assert by_week["2026-W45"] == 1
    assert by_week["2026-W47"] == 1
    assert sum(by_week.values()) == 2
    assert len(by_week) == 12


def test_the_heatmap_groups_the_shared_skills_and_marks_what_is_not_shared(
    team_db: Database, seeded: Seeded
) -> None:
    org = seeded.org
    view = team.team_view(persona_ctx(team_db, org, "manager"))
    rows = {row.name: row for row in view.skills}
    assert set(rows) == {"SQL", "Excel"}
    colin_cell, olivia_cell = rows["SQL"].cells
    assert colin_cell.shared is False
    assert colin_cell.current is None
    assert (olivia_cell.current, olivia_cell.target, olivia_cell.gap) == (3, 4, 1)
    assert (rows["Excel"].sharing, rows["Excel"].at_target) == (1, 1)
    colin = member(view, org.ids["colleague"])
    assert colin.shares_anything is False
    assert colin.note == "shares nothing with you yet"
    assert (colin.growth, colin.adherence, colin.completion) == (None, None, None)


def test_a_private_skill_never_appears_until_olivia_shares_it_with_her_manager(
    team_db: Database, seeded: Seeded
) -> None:
    mona = persona_ctx(team_db, seeded.org, "manager")
    assert "Public speaking" not in {row.name for row in team.team_view(mona).skills}
    share(team_db, SkillTarget, [seeded.speaking_id], "circle")  # Mona is not in her circle
    assert "Public speaking" not in {row.name for row in team.team_view(mona).skills}
    share(team_db, SkillTarget, [seeded.speaking_id], "manager")
    view = team.team_view(mona)
    assert "Public speaking" in {row.name for row in view.skills}
    assert member(view, seeded.org.ids["owner"]).growth == 3  # its +1 of 17 Nov now counts


def test_the_mentor_sees_the_mentee_as_the_manager_does(team_db: Database, seeded: Seeded) -> None:
    org = seeded.org
    view = team.mentee_view(persona_ctx(team_db, org, "mentor"))
    assert view.scope == "mentees"
    assert view.team is None
    assert [m.person_id for m in view.members] == [org.ids["owner"]]
    olivia = view.members[0]
    assert olivia.adherence is not None
    assert olivia.adherence.held == 4
    assert {row.name for row in view.skills} == {"SQL", "Excel"}


def test_only_managers_and_mentors_get_a_view(team_db: Database, seeded: Seeded) -> None:
    org = seeded.org
    with pytest.raises(Forbidden):
        team.team_view(persona_ctx(team_db, org, "colleague"))
    with pytest.raises(Forbidden):
        team.team_view(persona_ctx(team_db, org, "manager"), org.team_b)
    with pytest.raises(Forbidden):
        team.mentee_view(persona_ctx(team_db, org, "manager"))


def test_the_team_page_shows_the_heatmap_growth_and_follow_through(
    team_settings: Settings, team_db: Database, seeded: Seeded, frozen: None
) -> None:
    client = sign_in(team_settings, team_db, "manager@example.org")
    page = client.get("/team")
    assert page.status_code == 200, page.text
    text = page.text
    assert "<h1>Team A</h1>" in text
    assert 'id="team-heatmap"' in text
    assert "Public speaking" not in text
    assert f'<td class="heat-cell gap-1" data-person="{seeded.org.ids["owner"]}"' in text
    assert "3 → 4" in text
    assert "1 level to go" in text
    assert "not shared" in text
    assert "4 of 7 (57%)" in text
    assert "1 of 3 (33%)" in text
    assert "shares nothing with you yet" in text
    assert 'id="team-growth"' in text
    assert "Net +2 levels over the last 12 weeks" in text
    api = client.get("/api/team").json()
    assert member_json(api, seeded.org.ids["owner"])["adherence"]["expected"] == 7
    assert client.get(f"/api/team/{seeded.org.team_a}").json() == api


def member_json(view: dict[str, Any], person_id: int) -> dict[str, Any]:
    """The member entry of this person in the JSON view."""
    found: dict[str, Any] = next(m for m in view["members"] if m["person_id"] == person_id)
    return found


@pytest.mark.parametrize("persona", ["colleague", "outsider"])
def test_a_colleague_or_an_outsider_is_refused(
    team_settings: Settings, team_db: Database, seeded: Seeded, persona: str
) -> None:
    client = sign_in(team_settings, team_db, f"{persona}@example.org")
    assert client.get("/team").status_code == 403
    assert error_of(client.get("/api/team"), 403)["message"].startswith("You manage no team")
    error_of(client.get(f"/api/team/{seeded.org.team_a}"), 403)
    assert error_of(client.get("/api/team/999999"), 404)["message"] == "There is no team #999999."
    assert client.get("/team?team_id=999999").status_code == 404
    error_of(client.get("/api/team/mentees"), 403)


def test_a_manager_of_two_teams_picks_one(
    team_settings: Settings, team_db: Database, seeded: Seeded
) -> None:
    with team_db.transaction() as session:
        session.execute(
            update(Team)
            .where(Team.id == seeded.org.team_b)
            .values(manager_id=seeded.org.ids["manager"])
        )
    client = sign_in(team_settings, team_db, "manager@example.org")
    first = client.get("/team").text
    assert "<h1>Team A</h1>" in first
    assert 'name="team_id"' in first
    assert f'<option value="{seeded.org.team_b}">Team B</option>' in first
    other = client.get(f"/team?team_id={seeded.org.team_b}").text
    assert "<h1>Team B</h1>" in other
    assert "Otto Outsider" in other
    assert "Olivia Owner" not in other
    api = client.get(f"/api/team/{seeded.org.team_b}").json()
    assert {m["name"] for m in api["members"]} == {
        "Otto Outsider",
        "Cara Circle",
        "Mel Mentor",
        "Hana HR",
    }
    assert all(m["note"] == "shares nothing with you yet" for m in api["members"])


def test_a_manager_is_refused_another_team_and_an_unknown_one(
    team_settings: Settings, team_db: Database, seeded: Seeded
) -> None:
    client = sign_in(team_settings, team_db, "manager@example.org")
    error_of(client.get(f"/api/team/{seeded.org.team_b}"), 403)
    assert client.get(f"/team?team_id={seeded.org.team_b}").status_code == 403
    error_of(client.get("/api/team/999999"), 404)


def test_the_mentor_is_sent_to_the_mentee_page(
    team_settings: Settings, team_db: Database, seeded: Seeded, frozen: None
) -> None:
    client = sign_in(team_settings, team_db, "mentor@example.org")
    moved = client.get("/team", follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == "/team/mentees"
    page = client.get("/team/mentees")
    assert "<h1>Your mentees</h1>" in page.text
    assert "Olivia Owner" in page.text
    assert "4 of 7 (57%)" in page.text
    assert "Public speaking" not in page.text
    api = client.get("/api/team/mentees").json()
    assert [m["name"] for m in api["members"]] == ["Olivia Owner"]


def test_a_signed_out_visitor_is_asked_to_sign_in(
    team_settings: Settings, team_db: Database
) -> None:
    client = team_client(team_settings, team_db)
    assert client.get("/team", follow_redirects=False).headers["location"] == "/login?next=%2Fteam"
    error_of(client.get("/api/team"), 401)


def test_personal_mode_has_no_team_view(client: Any) -> None:
    assert client.get("/team").status_code == 404
    error_of(client.get("/api/team"), 404)
