"""Succession's page and JSON API in team mode (PostgreSQL), seeded as in the service tests."""

from __future__ import annotations

from datetime import timedelta

from microstep.core.moves import role_key
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Role
from tests.conftest import TODAY
from tests.team import sign_in
from tests.test_succession_service import NOW, move, seed
from tests.web import element, error_of, flash_of


def test_hr_sees_roles_without_successor_first_the_chart_and_candidates(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    hana = sign_in(team_settings, team_db, "hr@example.org")
    page = hana.get("/analytics/succession")
    assert page.status_code == 200
    assert 'aria-current="page">Succession' in " ".join(page.text.split()).replace("\n", "")
    alert = element(page.text, "no-successor")
    assert "ICT operations manager" in alert
    assert page.text.index('id="no-successor"') < page.text.index('id="bench"')
    assert page.text.index(f'id="role-{seeded.ops}"') < page.text.index(f'id="role-{seeded.pm}"')
    chart = element(page.text, "bench-chart")
    assert "Product manager: 1 ready now, 0 within a year, 1 within two years" in chart
    table = element(page.text, f"candidates-{seeded.pm}")
    owner = seeded.org.ids["owner"]
    assert f'<a href="/people/{owner}">Olivia Owner</a>' in table
    assert "a 3-month rotation as Product manager: met" in table
    assert "Public speaking" not in page.text
    assert 'id="mark-form"' in page.text
    api = hana.get("/api/analytics/succession").json()
    assert api["no_successor"] == ["ICT operations manager"]
    assert api["roles"][1]["candidates"][0]["reasons"][0] == "holds 4 of 4 skills the role needs"


def test_a_manager_sees_their_teams_slice_without_the_form(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    mona = sign_in(team_settings, team_db, "manager@example.org")
    page = mona.get("/analytics/succession")
    assert page.status_code == 200
    assert "Otto Outsider" not in page.text
    assert "Olivia Owner" in element(page.text, f"candidates-{seeded.pm}")
    assert 'id="mark-form"' not in page.text
    api = mona.get("/api/analytics/succession").json()
    assert api["scope"] == "Team A"
    assert [c["title"] for c in mona.get("/api/critical-roles").json()] == [
        "ICT operations manager",
        "Product manager",
    ]
    error_of(mona.get(f"/api/analytics/succession?team_id={seeded.org.team_b}"), 404)
    refused = error_of(mona.post("/api/critical-roles", json={"role": "Business analyst"}), 403)
    assert refused["message"] == "Only HR admins mark and unmark critical roles."


def test_employees_are_refused_everywhere(team_settings: Settings, team_db: Database) -> None:
    seed(team_db)
    otto = sign_in(team_settings, team_db, "outsider@example.org")
    assert otto.get("/analytics/succession").status_code == 403
    error_of(otto.get("/api/analytics/succession"), 403)
    error_of(otto.get("/api/critical-roles"), 403)
    error_of(otto.post("/api/critical-roles", json={"role": "Business analyst"}), 403)
    error_of(otto.delete("/api/critical-roles/1"), 403)


def test_hr_marks_and_unmarks_through_the_api(team_settings: Settings, team_db: Database) -> None:
    seeded = seed(team_db, mark=False)
    hana = sign_in(team_settings, team_db, "hr@example.org")
    made = hana.post("/api/critical-roles", json={"role": "Product manager", "note": "Key"})
    assert made.status_code == 201, made.text
    assert made.json()["role_id"] == seeded.pm
    again = error_of(hana.post("/api/critical-roles", json={"role_id": seeded.pm}), 409)
    assert again["message"] == "Product manager is already a critical role."
    unknown = error_of(hana.post("/api/critical-roles", json={"role": "Astronaut"}), 422)
    assert unknown["message"].startswith("There is no role called 'Astronaut'")
    error_of(hana.post("/api/critical-roles", json={}), 422)
    removed = hana.delete(f"/api/critical-roles/{made.json()['id']}")
    assert removed.status_code == 200
    assert removed.json()["title"] == "Product manager"
    error_of(hana.delete(f"/api/critical-roles/{made.json()['id']}"), 404)
    assert hana.get("/api/critical-roles").json() == []


def test_hr_marks_through_the_form_and_a_refusal_is_flashed(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db, mark=False)
    hana = sign_in(team_settings, team_db, "hr@example.org")
    assert "No critical role yet" in hana.get("/analytics/succession").text
    done = hana.post(
        "/analytics/succession/critical-roles", data={"role": "product manager", "note": ""}
    )
    assert "Product manager is now a critical role." in flash_of(done.text)
    assert "Olivia Owner" in element(done.text, f"candidates-{seeded.pm}")
    again = hana.post("/analytics/succession/critical-roles", data={"role": "Product manager"})
    assert "Product manager is already a critical role." in flash_of(again.text)
    critical = hana.get("/api/critical-roles").json()[0]["id"]
    gone = hana.post(f"/analytics/succession/critical-roles/{critical}/delete")
    assert "Product manager is no longer a critical role." in flash_of(gone.text)
    mona = sign_in(team_settings, team_db, "manager@example.org")
    refused = mona.post("/analytics/succession/critical-roles", data={"role": "Product manager"})
    assert "Only HR admins mark and unmark critical roles." in flash_of(refused.text)


def test_personal_mode_has_no_succession(client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    assert client.get("/api/analytics/succession").status_code == 404
    assert client.get("/analytics/succession").status_code == 404


def test_a_nul_in_a_role_is_refused_in_one_sentence_by_the_api_and_the_form(
    team_settings: Settings, team_db: Database
) -> None:
    seed(team_db, mark=False)
    hana = sign_in(team_settings, team_db, "hr@example.org")
    refused = error_of(hana.post("/api/critical-roles", json={"role": "Data\u0000Analyst"}), 422)
    assert refused["message"] == "The role contains control characters: type plain text."
    form = hana.post("/analytics/succession/critical-roles", data={"role": "Data\x00Analyst"})
    assert form.status_code == 200
    assert "The role contains control characters: type plain text." in flash_of(form.text)
    assert hana.get("/api/critical-roles").json() == []


def test_the_form_lists_only_roles_the_organizations_records_name_and_explains_scores(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    with team_db.transaction() as session:
        secret = Role(title="Secret merger lead", title_key=role_key("Secret merger lead"))
        secret.created_at = NOW
        session.add(secret)
        session.flush()
        private = move(seeded.org.ids["outsider"], secret.id, "stretch", TODAY - timedelta(days=9))
        private.source = "manual"
        session.add(private)
    hana = sign_in(team_settings, team_db, "hr@example.org")
    page = hana.get("/analytics/succession")
    titles = element(page.text, "role-titles")
    assert "Product manager" in titles
    assert "Secret merger lead" not in page.text
    refused = error_of(hana.post("/api/critical-roles", json={"role": "Secret merger lead"}), 422)
    assert refused["message"].startswith("There is no role called 'Secret merger lead'")
    legend = " ".join(element(page.text, "readiness-legend").split())
    assert "score from 0 to 100: 60% the share of the role's skills the person holds" in legend
    assert "30% their best trial in the role" in legend
    assert "10% how many others moved from their role into it" in legend
    basis = element(page.text, f"needs-basis-{seeded.pm}")
    assert "From the skills its opportunities require." in basis
