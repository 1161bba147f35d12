"""The /analytics pages and /api/analytics/mobility, /api/cohorts: HR, a manager's slice, and
an employee refused."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from tests.team import sign_in
from tests.test_mobility_service import START, World, build


@pytest.fixture
def world(team_db: Database) -> World:
    """The populated organization."""
    return build(team_db)


def _members() -> list[str]:
    return [f"c{i}@example.org" for i in range(0, 24, 2)]


def test_hr_opens_the_mobility_overview_with_its_charts(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    page = hr.get("/analytics")
    assert page.status_code == 200, page.text
    for part in ('id="year-rate-chart"', 'id="year-short-chart"', 'id="team-chart"', "95% CI"):
        assert part in page.text
    assert 'aria-current="page">Mobility' in page.text
    filtered = hr.get(f"/analytics?team_id={world.org.team_b}&target=Product+manager")
    assert filtered.status_code == 200
    assert "median years to Product manager" in filtered.text


def test_the_mobility_api_for_hr_a_manager_and_an_employee(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    body = hr.get("/api/analytics/mobility", params={"target": "Product manager"}).json()
    assert body["scope"] == "the whole organization"
    assert body["target_label"] == "Product manager"
    assert body["overall"]["moves_per_person_year"]["low"] is not None
    assert hr.get("/api/analytics/mobility", params={"target": "Astronaut"}).status_code == 422
    manager = sign_in(team_settings, team_db, world.org.email("manager"))
    mine = manager.get("/api/analytics/mobility").json()
    assert [t["label"] for t in mine["by_team"]] == ["Team A"]
    other = manager.get("/api/analytics/mobility", params={"team_id": world.org.team_b})
    assert other.status_code == 404
    owner = sign_in(team_settings, team_db, world.org.email("owner"))
    assert owner.get("/api/analytics/mobility").status_code == 403
    assert owner.get("/analytics").status_code == 403


def test_cohorts_over_the_api(team_settings: Settings, team_db: Database, world: World) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    payload = {"name": "Pilot", "start_date": START.isoformat(), "members": _members()}
    created = hr.post("/api/cohorts", json=payload)
    assert created.status_code == 201, created.text
    cohort_id = created.json()["id"]
    again = hr.post("/api/cohorts", json=payload)
    assert again.status_code == 409
    assert again.json()["error"]["message"].endswith(".")
    future = hr.post(
        "/api/cohorts",
        json=payload | {"name": "X", "start_date": str(date.today() + timedelta(days=1))},
    )
    assert future.status_code == 422
    shown = hr.get(f"/api/cohorts/{cohort_id}").json()
    assert [o["key"] for o in shown["outcomes"]] == ["moves", "promoted", "skills", "retained"]
    assert shown["readout"][0].startswith("Not randomised")
    manager = sign_in(team_settings, team_db, world.org.email("manager"))
    assert [c["name"] for c in manager.get("/api/cohorts").json()] == ["Pilot"]
    assert manager.post("/api/cohorts", json=payload | {"name": "M"}).status_code == 403
    assert manager.delete(f"/api/cohorts/{cohort_id}").status_code == 403
    owner = sign_in(team_settings, team_db, world.org.email("owner"))
    assert owner.get(f"/api/cohorts/{cohort_id}").status_code == 403
    assert hr.delete(f"/api/cohorts/{cohort_id}").status_code == 204
    assert hr.get(f"/api/cohorts/{cohort_id}").status_code == 404


def test_hr_adds_a_cohort_with_the_form_and_sees_the_forest_plot(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    listing = hr.get("/analytics/cohorts")
    assert 'id="cohort-form"' in listing.text
    refused = hr.post(
        "/analytics/cohorts",
        data={"name": "Pilot", "start_date": START.isoformat(), "members": "ghost@example.org"},
    )
    assert refused.status_code == 422
    assert "ghost@example.org" in refused.text
    assert 'id="form-error"' in refused.text
    made = hr.post(
        "/analytics/cohorts",
        data={"name": "Pilot", "start_date": START.isoformat(), "members": "\n".join(_members())},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    page = hr.get(made.headers["location"])
    assert 'id="forest-plot"' in page.text
    assert "Not randomised" in page.text
    assert 'id="delete-cohort"' in page.text
    manager = sign_in(team_settings, team_db, world.org.email("manager"))
    assert 'id="cohort-form"' not in manager.get("/analytics/cohorts").text
    seen = manager.get(made.headers["location"])
    assert seen.status_code == 200
    assert 'id="delete-cohort"' not in seen.text
    gone = hr.post(made.headers["location"] + "/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert "No pilot cohort yet" in hr.get("/analytics/cohorts").text


def test_a_form_post_without_the_csrf_token_is_refused(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    hr.csrf = ""
    data = {"name": "P", "start_date": START.isoformat(), "members": "c0@example.org"}
    hr.post("/analytics/cohorts", data=data)
    assert hr.get("/api/cohorts").json() == []


def test_control_characters_and_blank_names_are_refused(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    base = {"name": "Pilot", "start_date": START.isoformat(), "members": ["c0@example.org"]}
    for bad in ({"name": "Pi\x00lot"}, {"name": "   "}, {"members": ["c0@exa\x00mple.org"]}):
        sent = hr.post("/api/cohorts", json=base | bad)
        assert sent.status_code == 422, (bad, sent.text)
        assert sent.json()["error"]["message"].endswith(".")
    assert hr.get("/api/cohorts").json() == []


def test_a_manager_sees_no_cohort_outside_their_teams_over_the_api(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    team_b = [f"c{i}@example.org" for i in (1, 3, 5, 7)]
    payload = {"name": "B pilot", "description": "Team B's pilot", "start_date": START.isoformat()}
    hidden = hr.post("/api/cohorts", json=payload | {"members": team_b}).json()["id"]
    manager = sign_in(team_settings, team_db, world.org.email("manager"))
    assert manager.get("/api/cohorts").json() == []
    assert "B pilot" not in manager.get("/analytics/cohorts").text
    assert manager.get(f"/api/cohorts/{hidden}").status_code == 404
    assert manager.get(f"/api/cohorts/{hidden}").json() == manager.get("/api/cohorts/99999").json()
    assert manager.get(f"/analytics/cohorts/{hidden}").status_code == 404


def test_a_bidi_override_in_a_cohort_name_is_refused(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    base = {"start_date": START.isoformat(), "members": ["c0@example.org"]}
    sent = hr.post("/api/cohorts", json=base | {"name": "Pilot \u202egnp.exe"})
    assert sent.status_code == 422
    assert sent.json()["error"]["message"] == (
        "The cohort's name contains control characters: type plain text."
    )
    form = hr.post(
        "/analytics/cohorts",
        data={"name": "Pilot\u200b", "start_date": START.isoformat(), "members": "c0@example.org"},
    )
    assert form.status_code == 422
    assert "control characters" in form.text


def test_a_young_cohort_says_it_is_too_early_and_shows_no_outcomes(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    payload = {"name": "New", "start_date": date.today().isoformat(), "members": _members()}
    made = hr.post("/api/cohorts", json=payload | {"description": "Rotations by tenure."})
    assert made.status_code == 201, made.text
    page = hr.get(f"/analytics/cohorts/{made.json()['id']}")
    assert "Too early to compare" in page.text
    assert 'id="forest-plot"' not in page.text
    assert "outcomes from" not in page.text
    assert "tenure.." not in page.text
    assert "12 members." in page.text


def test_mobility_cards_keep_label_and_detail_apart(
    team_settings: Settings, team_db: Database, world: World
) -> None:
    hr = sign_in(team_settings, team_db, world.org.email("hr"))
    page = hr.get("/analytics", params={"target": "Product manager"}).text
    card = page[page.index('id="fig-role-years"') :]
    card = card[: card.index("</div>\n</div>") + 6]
    assert '<div class="what">median years in a role</div>' in card
    assert "roleKaplan" not in re.sub(r"<[^>]+>", "", card)
