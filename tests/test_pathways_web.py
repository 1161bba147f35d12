"""The pathways and congestion pages and API for HR, a manager and an employee (refused), in
team mode on PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from tests.team import sign_in
from tests.test_pathways_service import LEAD, ROTATION, seed


@pytest.fixture(autouse=True)
def no_recommendations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Next-move recommendations stay out of the known truth."""
    from microstep.services import pathways

    monkeypatch.setattr(pathways, "_recommended", lambda session, history: ({}, False))


def test_hr_reads_pathways_as_json_csv_and_a_page_with_the_flow(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, seeded.org.email("hr"))
    body = client.get("/api/analytics/pathways", params={"target": LEAD}).json()
    assert body["reached"] == 40
    assert body["patterns"][0]["conversion"] == 0.6
    response = client.get("/api/analytics/pathways.csv", params={"target": "team lead"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["support"] == "30"
    page = client.get("/analytics/pathways", params={"target": seeded.roles[LEAD]})
    assert page.status_code == 200
    assert 'id="flow-chart"' in page.text
    assert '<title id="flow-chart-title">How people reached Team lead' in page.text
    assert 'id="download-csv"' in page.text
    assert 'aria-current="page">Pathways' in page.text
    assert "too few to show" not in page.text.split('id="sequence-table"')[1].split("</table>")[0]


def test_hr_sees_congestion_and_routes(team_settings: Settings, team_db: Database) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, seeded.org.email("hr"))
    body = client.get("/api/analytics/congestion").json()
    rot = next(r for r in body["roles"] if r["role"] == ROTATION)
    assert rot["aspirants"] == 15
    assert body["opportunities"][0]["applicants"] == 3
    routes = client.get("/api/analytics/routes", params={"target": LEAD}).json()
    assert routes["routes"][0]["support"] == 10
    page = client.get("/analytics/congestion", params={"target": LEAD})
    assert page.status_code == 200
    assert 'id="congestion-chart"' in page.text
    assert "via Consultant instead." in page.text
    assert 'aria-current="page">Congestion' in page.text


def test_a_manager_sees_their_team_and_not_another(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, seeded.org.email("manager"))
    body = client.get("/api/analytics/pathways", params={"target": LEAD}).json()
    assert body["scope"] == "Team A"
    assert body["reached"] == 18
    other = client.get(
        "/api/analytics/pathways", params={"target": LEAD, "team_id": seeded.org.team_b}
    )
    assert other.status_code == 404
    assert other.json()["error"]["message"].endswith(".")
    assert client.get("/analytics/congestion").status_code == 200


def test_an_employee_is_refused_everywhere(team_settings: Settings, team_db: Database) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, seeded.org.email("owner"))
    for url in (
        f"/api/analytics/pathways?target={LEAD}",
        f"/api/analytics/pathways.csv?target={LEAD}",
        "/api/analytics/congestion",
        f"/api/analytics/routes?target={LEAD}",
        "/analytics/pathways",
        "/analytics/congestion",
    ):
        assert client.get(url).status_code == 403, url


def test_an_unknown_target_is_a_clear_404_and_a_missing_one_a_422(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, seeded.org.email("hr"))
    response = client.get("/api/analytics/pathways", params={"target": "Astronaut"})
    assert response.status_code == 404
    assert "no role called" in response.text
    assert client.get("/api/analytics/routes").status_code == 422
    page = client.get("/analytics/pathways", params={"target": "Astronaut"})
    assert page.status_code == 200
    assert "no role called" in page.text
