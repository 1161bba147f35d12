"""Study circles and buddy pairs: members see only what each shares, nudges, weekly digests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyNudges
from microstep.services import actions, circles, goals, portfolio, practice, review, signals, skills
from microstep.services.circles_schemas import (
    CircleCreate,
    MemberAdd,
    NudgeCreate,
    NudgesSeen,
    SharesUpdate,
)
from microstep.services.context import Context
from microstep.services.evidence_schemas import ActionTickCreate, SignalCreate
from microstep.services.portfolio_schemas import AchievementCreate
from microstep.services.review_schemas import ReviewUpdate
from microstep.services.schemas import (
    GoalCreate,
    GoalOutcome,
    MicroSkillCreate,
    PracticeCreate,
    SkillCreate,
    SkillLevelUpdate,
)
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import (
    Achievement,
    ActionPick,
    MicroGoal,
    PracticeSession,
    Review,
    Signal,
    SkillTarget,
)
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx, sign_in
from tests.web import error_of

WEEK = "2026-W47"  # the week of TODAY
MONDAY = date(2026, 11, 16)


def set_visibility(db: Database, model: Any, record_id: int, visibility: str) -> None:
    """Widen (or narrow) one record's visibility, as the sharing settings would."""
    with db.transaction() as session:
        session.execute(update(model).where(model.id == record_id).values(visibility=visibility))


def achievement(ctx: Context, title: str, visibility: str) -> int:
    """An achievement of today at the given visibility."""
    added = portfolio.add_achievement(ctx, AchievementCreate(title=title, metric="45 → 12 min"))
    set_visibility(ctx.db, Achievement, added.id, visibility)
    return added.id


def practice_week(ctx: Context, *, shared: int, private: int) -> None:
    """A skill that rose 1 → 2, a micro-skill, and practice sessions: `shared` minutes at circle
    visibility, `private` minutes left private; everything but the private session shared."""
    skill = skills.add_skill(ctx, SkillCreate(name="SQL joins", current_level=1))
    skills.set_skill_level(ctx, skill.id, SkillLevelUpdate(current_level=2, note="joins fluent"))
    drill = MicroSkillCreate(
        skill_id=skill.id, definition="Write one join", metric="minutes", mastery_threshold=3
    )
    microskill = practice.add_microskill(ctx, drill)
    for minutes in (shared, private):
        practice.log_practice(ctx, microskill.id, PracticeCreate(minutes=minutes, rating="good"))
    set_visibility(ctx.db, SkillTarget, skill.id, "circle")
    with ctx.db.transaction() as session:
        session.execute(
            update(PracticeSession)
            .where(PracticeSession.person_id == ctx.person_id, PracticeSession.minutes == shared)
            .values(visibility="circle")
        )


def section_of(view: Any, person_id: int) -> Any:
    """The circle view's section of one member."""
    (found,) = [section for section in view.sections if section.person_id == person_id]
    return found


@pytest.fixture
def org(team_db: Database) -> Org:
    """The personas; Olivia and Cara share a study circle (sharing every kind)."""
    return make_org(team_db)


def test_a_member_sees_only_records_at_circle_visibility_that_the_other_shares(
    team_db: Database, org: Org
) -> None:
    cara = persona_ctx(team_db, org, "circle")
    achievement(cara, "Automated the weekly report", "circle")
    achievement(cara, "Private draft win", "private")
    achievement(cara, "Org-wide talk", "org")
    view = circles.view_circle(persona_ctx(team_db, org, "owner"), org.circle_id, WEEK)
    assert [s.person_id for s in view.sections] == [org.ids["circle"]]  # not my own
    titles = [win.title for win in section_of(view, org.ids["circle"]).wins]
    assert titles == ["Automated the weekly report", "Org-wide talk"]

    off = SharesUpdate(shares_progress=True, shares_wins=False, shares_ticks=True)
    circles.set_shares(cara, org.circle_id, off)
    view = circles.view_circle(persona_ctx(team_db, org, "owner"), org.circle_id, WEEK)
    section = section_of(view, org.ids["circle"])
    assert section.wins is None
    assert section.progress is not None


def test_progress_counts_only_shared_practice_and_skills_that_rose(
    team_db: Database, org: Org
) -> None:
    cara = persona_ctx(team_db, org, "circle")
    practice_week(cara, shared=10, private=7)
    skill_id = skills.list_skills(cara)[0].id
    goal = goals.add_goal(
        cara,
        GoalCreate(
            title="Write 3 join queries",
            metric="queries",
            target_value=3,
            due=TODAY + timedelta(days=3),
            skill_id=skill_id,
            start=True,
        ),
    )
    goals.finish_goal(cara, goal.id, GoalOutcome(outcome_value=3))
    set_visibility(team_db, MicroGoal, goal.id, "circle")
    progress = section_of(
        circles.view_circle(persona_ctx(team_db, org, "owner"), org.circle_id, WEEK),
        org.ids["circle"],
    ).progress
    assert (progress.minutes, progress.sessions) == (10, 1)
    assert (progress.goals_done, progress.goals_active) == (1, 0)
    assert [(r.skill, r.from_level, r.to_level) for r in progress.skills_rose] == [
        ("SQL joins", 1, 2)
    ]


def test_ticks_show_only_while_the_member_shares_them(team_db: Database, org: Org) -> None:
    cara = persona_ctx(team_db, org, "circle")
    picked = actions.pick_action(cara, "present-one-slide")
    actions.tick_action(cara, "present-one-slide", ActionTickCreate())
    owner = persona_ctx(team_db, org, "owner")
    assert (
        section_of(circles.view_circle(owner, org.circle_id, WEEK), org.ids["circle"]).ticks == []
    )
    with team_db.transaction() as session:
        session.execute(update(ActionPick).values(visibility="circle"))
    ticks = section_of(circles.view_circle(owner, org.circle_id, WEEK), org.ids["circle"]).ticks
    assert [(t.title, t.count) for t in ticks] == [(picked.title, 1)]
    circles.set_shares(
        cara,
        org.circle_id,
        SharesUpdate(shares_progress=False, shares_wins=False, shares_ticks=False),
    )
    section = section_of(circles.view_circle(owner, org.circle_id, WEEK), org.ids["circle"])
    assert (section.progress, section.wins, section.ticks) == (None, None, None)


def test_non_members_get_404_for_the_circle_and_its_actions(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    for persona in ("outsider", "hr", "manager"):
        client = sign_in(team_settings, team_db, org.email(persona))
        error_of(client.get(f"/api/circles/{org.circle_id}"), 404)
        assert client.get(f"/circles/{org.circle_id}").status_code == 404
        body = {"to_id": org.ids["owner"], "message": "hi"}
        error_of(client.post(f"/api/circles/{org.circle_id}/nudges", json=body), 404)
        shares = {"shares_progress": True, "shares_wins": True, "shares_ticks": True}
        error_of(client.put(f"/api/circles/{org.circle_id}/shares", json=shares), 404)
        assert client.get("/api/circles").json() == []
    error_of(sign_in(team_settings, team_db, org.email("owner")).get("/api/circles/999"), 404)


def test_nudges_go_to_members_three_a_day_and_list_unseen_first(
    team_db: Database, org: Org
) -> None:
    owner, cara = persona_ctx(team_db, org, "owner"), persona_ctx(team_db, org, "circle")
    to_cara = org.ids["circle"]
    for text in ("one", "two", "three"):
        circles.nudge(owner, org.circle_id, NudgeCreate(to_id=to_cara, message=f"Go {text}!"))
    with pytest.raises(TooManyNudges, match="3 times"):
        circles.nudge(owner, org.circle_id, NudgeCreate(to_id=to_cara, message="Go four!"))
    with pytest.raises(NotFound):
        circles.nudge(owner, org.circle_id, NudgeCreate(to_id=org.ids["outsider"], message="hi"))
    with pytest.raises(InvalidInput, match="under 280"):
        circles.nudge(cara, org.circle_id, NudgeCreate(to_id=org.ids["owner"], message="x" * 281))
    outsider = persona_ctx(team_db, org, "outsider")
    with pytest.raises(NotFound):
        circles.nudge(outsider, org.circle_id, NudgeCreate(to_id=to_cara, message="hi"))

    received = circles.list_nudges(cara)
    assert [n.message for n in received] == ["Go three!", "Go two!", "Go one!"]
    assert {n.from_name for n in received} == {"Olivia Owner"}
    assert circles.mark_nudges_seen(cara, NudgesSeen(ids=[received[0].id])) == 1
    order = [(n.message, n.seen_at is None) for n in circles.list_nudges(cara)]
    assert order == [("Go two!", True), ("Go one!", True), ("Go three!", False)]
    assert circles.list_nudges(owner) == []


def test_a_buddy_pair_is_exactly_two_and_ends_when_one_leaves(team_db: Database, org: Org) -> None:
    owner = persona_ctx(team_db, org, "owner")
    colleague = org.ids["colleague"]
    with pytest.raises(InvalidInput, match="exactly one"):
        circles.create_circle(owner, CircleCreate(name="Pair", kind="buddy"))
    three = [colleague, org.ids["circle"]]
    with pytest.raises(InvalidInput, match="exactly one"):
        circles.create_circle(owner, CircleCreate(name="Pair", kind="buddy", member_ids=three))
    pair = circles.create_circle(
        owner, CircleCreate(name="Report buddies", kind="buddy", member_ids=[colleague])
    )
    assert sorted(m.person_id for m in pair.members) == sorted([org.ids["owner"], colleague])
    with pytest.raises(Conflict, match="exactly two"):
        circles.add_member(owner, pair.id, MemberAdd(person_id=org.ids["circle"]))
    assert circles.leave_circle(persona_ctx(team_db, org, "colleague"), pair.id) is True
    with pytest.raises(NotFound):
        circles.view_circle(owner, pair.id)


def test_only_the_creator_or_hr_changes_membership_and_only_with_org_people(
    team_db: Database, org: Org
) -> None:
    owner = persona_ctx(team_db, org, "owner")
    made = circles.create_circle(owner, CircleCreate(name="SQL circle", member_ids=[]))
    with pytest.raises(InvalidInput, match="No one in the organization"):
        circles.add_member(owner, made.id, MemberAdd(person_id=99999))
    circles.add_member(owner, made.id, MemberAdd(person_id=org.ids["colleague"]))
    colleague = persona_ctx(team_db, org, "colleague")
    with pytest.raises(Forbidden):
        circles.add_member(colleague, made.id, MemberAdd(person_id=org.ids["outsider"]))
    outsider = persona_ctx(team_db, org, "outsider")
    with pytest.raises(NotFound):  # not in it: its existence stays hidden
        circles.add_member(outsider, made.id, MemberAdd(person_id=org.ids["outsider"]))
    hr = persona_ctx(team_db, org, "hr")
    circles.add_member(hr, made.id, MemberAdd(person_id=org.ids["outsider"]))
    assert circles.remove_member(hr, made.id, org.ids["colleague"]) is False
    with pytest.raises(Conflict, match="already"):
        circles.add_member(owner, made.id, MemberAdd(person_id=org.ids["outsider"]))
    names = [m.name for m in circles.view_circle(owner, made.id).members]
    assert names == ["Olivia Owner", "Otto Outsider"]
    with pytest.raises(NotFound):
        circles.view_circle(colleague, made.id)


def test_a_digest_shows_a_recipient_only_what_the_others_share(team_db: Database, org: Org) -> None:
    owner, cara = persona_ctx(team_db, org, "owner"), persona_ctx(team_db, org, "circle")
    achievement(cara, "Cara shipped the dashboard", "circle")
    achievement(cara, "Cara private note", "private")
    achievement(owner, "Olivia led the retro", "circle")
    signals.add_signal(cara, SignalCreate(kind="praise", note="Great demo", source="Dana"))
    with team_db.transaction() as session:
        session.execute(update(Signal).values(visibility="circle"))
    review.save_review(cara, WEEK, ReviewUpdate(wins="Kept the streak all week"))
    with team_db.transaction() as session:
        session.execute(update(Review).values(visibility="manager"))
    circles.create_circle(owner, CircleCreate(name="Just me"))  # alone: no digest

    digests = circles.weekly_digests(team_db, week_start=MONDAY)
    by_person = {d.person_id: d for d in digests}
    assert len(digests) == 2
    assert set(by_person) == {org.ids["owner"], org.ids["circle"]}
    to_olivia = by_person[org.ids["owner"]]
    assert to_olivia.circle_id == org.circle_id
    assert to_olivia.week_start == MONDAY
    assert to_olivia.subject == "Analysts' circle: your circle's 2026-W47"
    assert "Cara Circle" in to_olivia.text
    assert "Cara shipped the dashboard" in to_olivia.text
    assert "Praise from Dana (Great demo)" in to_olivia.text
    assert "Kept the streak all week" in to_olivia.text
    assert "Cara private note" not in to_olivia.text
    assert "Olivia" not in to_olivia.text  # none of her own data, not even her name
    to_cara = by_person[org.ids["circle"]]
    assert "Olivia led the retro" in to_cara.text
    assert "Cara shipped" not in to_cara.text

    circles.set_shares(cara, org.circle_id, SharesUpdate(**dict.fromkeys(SHARE_KINDS, False)))
    again = {d.person_id: d for d in circles.weekly_digests(team_db, week_start=MONDAY)}
    assert "Cara shipped the dashboard" not in again[org.ids["owner"]].text
    assert "Shares nothing with the circle." in again[org.ids["owner"]].text


SHARE_KINDS = ("shares_progress", "shares_wins", "shares_ticks")


def test_the_pages_create_a_circle_share_and_nudge(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    cara = persona_ctx(team_db, org, "circle")
    achievement(cara, "Cara cut report time", "circle")
    olivia = sign_in(team_settings, team_db, org.email("owner"))
    page = olivia.get(f"/circles/{org.circle_id}?week={WEEK}")
    assert page.status_code == 200
    assert "Cara cut report time" in page.text
    assert "Nudge Cara" in page.text

    nudged = olivia.post(
        f"/circles/{org.circle_id}/nudges",
        data={"to_id": org.ids["circle"], "message": "Lovely work on the report!"},
    )
    assert nudged.status_code == 200
    assert "Nudge sent" in nudged.text
    cara_web = sign_in(team_settings, team_db, org.email("circle"))
    listing = cara_web.get("/circles")
    assert "Lovely work on the report!" in listing.text
    assert "Analysts" in listing.text

    cara_web.post(f"/circles/{org.circle_id}/shares", data={"shares_progress": "true"})
    assert cara_web.get(f"/api/circles/{org.circle_id}").json()["my_shares"] == {
        "shares_progress": True,
        "shares_wins": False,
        "shares_ticks": False,
    }
    assert "Cara cut report time" not in olivia.get(f"/circles/{org.circle_id}?week={WEEK}").text

    made = olivia.post(
        "/circles",
        data={"name": "Report buddies", "kind": "buddy", "member_ids": [org.ids["colleague"]]},
    )
    assert made.status_code == 200
    assert "Report buddies" in made.text
    listed = olivia.get("/api/circles").json()
    assert sorted(c["name"] for c in listed) == ["Analysts' circle", "Report buddies"]


def test_the_api_nudges_with_a_429_past_the_daily_limit(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    olivia = sign_in(team_settings, team_db, org.email("owner"))
    body = {"to_id": org.ids["circle"], "message": "You've got this"}
    for _ in range(3):
        assert olivia.post(f"/api/circles/{org.circle_id}/nudges", json=body).status_code == 201
    error_of(olivia.post(f"/api/circles/{org.circle_id}/nudges", json=body), 429)
    cara = sign_in(team_settings, team_db, org.email("circle"))
    assert len(cara.get("/api/nudges").json()) == 3
    assert cara.post("/api/nudges/seen", json={}).json() == {"marked": 3}
    assert all(n["seen_at"] for n in cara.get("/api/nudges").json())


def test_personal_mode_has_no_circles(client: TestClient) -> None:
    error_of(client.get("/api/circles"), 404)
    assert client.get("/circles").status_code == 404
