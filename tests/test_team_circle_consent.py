"""Being put in a circle opens nothing: people added by someone else share only once they
choose to, nobody adds themselves to someone else's circle, and questions cannot flood."""

from __future__ import annotations

from microstep.settings import Settings
from microstep.store.db import Database
from tests.team import make_org, sign_in
from tests.web import error_of


def test_a_colleague_put_in_a_circle_shares_nothing_until_they_choose(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, org.email("owner"))
    owner.post("/api/skills", json={"name": "SQL"})
    owner.put("/api/sharing/skills", json={"visibility": "manager"})
    outsider = sign_in(team_settings, team_db, org.email("outsider"))
    created = outsider.post(
        "/api/circles", json={"name": "Snoops", "member_ids": [org.ids["owner"]]}
    )
    assert created.status_code == 201, created.text
    circle_id = created.json()["id"]
    assert outsider.get(f"/api/people/{org.ids['owner']}").json()["items"] == []
    shares = {"shares_progress": True, "shares_wins": False, "shares_ticks": False}
    assert owner.put(f"/api/circles/{circle_id}/shares", json=shares).status_code == 200
    assert [
        i["title"] for i in outsider.get(f"/api/people/{org.ids['owner']}").json()["items"]
    ] == ["SQL"]


def test_nobody_adds_themselves_to_someone_elses_circle(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    hr = sign_in(team_settings, team_db, org.email("hr"))
    joined = hr.post(f"/api/circles/{org.circle_id}/members", json={"person_id": org.ids["hr"]})
    assert error_of(joined, 403)["message"].startswith("Joining a circle takes its creator's")


def test_questions_to_colleagues_are_capped_per_day(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, org.email("owner"))
    ask = {
        "responder_id": org.ids["colleague"],
        "about": "the Monday churn summary",
        "question": "Which part of the churn summary would you cut first?",
    }
    for _ in range(5):
        assert owner.post("/api/inbox/ask", json=ask).status_code == 201
    refused = owner.post("/api/inbox/ask", json=ask)
    assert error_of(refused, 409)["message"].startswith("You asked 5 colleagues today")
