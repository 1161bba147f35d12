"""`microstep demo --org`: an organization where every team feature shows up with history."""

from __future__ import annotations

from pathlib import Path

from microstep.demo.org import DEMO_PASSWORD, build_org_demo, email
from microstep.settings import Settings
from microstep.store.db import Database
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


def test_the_org_demo_needs_postgresql(isolated_settings: None, tmp_path: Path) -> None:
    result = ms("demo", "--org", "--no-serve", db=str(tmp_path / "org.sqlite"))
    refused(result, "The organization demo runs in team mode, on PostgreSQL")
