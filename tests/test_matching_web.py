"""Matching's pages and JSON API in team mode (PostgreSQL), seeded as in test_matching_service."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from typing import Any

from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Application, SkillTarget
from tests.team import sign_in, team_client
from tests.test_matching_service import seed
from tests.web import element, error_of


def test_olivia_sees_her_ranking_with_reasons_on_the_page_and_in_the_api(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    page = client.get("/matching")
    assert page.status_code == 200
    table = element(page.text, "ranked-table")
    assert table.index("Data rotation") < table.index("Speaking gig")
    assert "grows Python from level 1 to 3, toward the objective 'Data analyst'" in table
    ranked = client.get("/api/matching/for-me?limit=1").json()
    assert [r["opportunity_id"] for r in ranked] == [seeded.rotation]
    assert "SQL: level 3 meets the level 3 required" in ranked[0]["reasons"]


def test_application_states_read_from_each_side(team_settings: Settings, team_db: Database) -> None:
    """Olivia reads "you are approved" (not "you approved"); her manager reads "approved to
    join" on the candidates."""
    seeded = seed(team_db)
    with team_db.transaction() as session:
        session.add(
            Application(
                opportunity_id=seeded.rotation,
                person_id=seeded.org.ids["owner"],
                status="approved",
                created_at=datetime(2026, 11, 18, tzinfo=UTC),
            )
        )
    olivia = sign_in(team_settings, team_db, "owner@example.org")
    row = element(olivia.get("/matching").text, "ranked-table")
    assert "you are approved" in row
    assert "you approved" not in row
    mona = sign_in(team_settings, team_db, "manager@example.org")
    table = element(mona.get(f"/matching/opportunities/{seeded.rotation}").text, "candidate-table")
    assert "Team A · approved to join" in " ".join(table.split())
    # Her place here does not count against her own time for it.
    assert "needs 20% of the week; 100% is free" in html.unescape(table)


def test_the_poster_sees_candidates_and_others_are_refused(
    team_settings: Settings, team_db: Database
) -> None:
    seeded = seed(team_db)
    mona = sign_in(team_settings, team_db, "manager@example.org")
    page = mona.get(f"/matching/opportunities/{seeded.rotation}")
    assert page.status_code == 200
    table = element(page.text, "candidate-table")
    assert f'<a href="/people/{seeded.org.ids["owner"]}">Olivia Owner</a>' in table
    assert "Otto Outsider" not in table
    assert "Public speaking" not in page.text  # Olivia's private skill
    api = mona.get(f"/api/matching/opportunities/{seeded.rotation}/candidates").json()
    assert {c["name"] for c in api["candidates"]} == {"Olivia Owner", "Colin Colleague"}
    colin = sign_in(team_settings, team_db, "colleague@example.org")
    assert colin.get(f"/matching/opportunities/{seeded.rotation}").status_code == 403
    error_of(colin.get(f"/api/matching/opportunities/{seeded.rotation}/candidates"), 403)
    error_of(colin.get(f"/api/matching/opportunities/{seeded.draft}/candidates"), 404)
    error_of(colin.get("/api/matching/opportunities/999999/candidates"), 404)
    mona.post(f"/api/opportunities/{seeded.rotation}/cancel")  # cancelled: Colin cannot see it
    gone = error_of(colin.get(f"/api/matching/opportunities/{seeded.rotation}/candidates"), 404)
    assert gone["message"] == f"There is no opportunity #{seeded.rotation}."
    assert colin.get(f"/matching/opportunities/{seeded.rotation}").status_code == 404
    assert colin.get(f"/api/opportunities/{seeded.rotation}").status_code == 404  # as everywhere


def test_hr_runs_the_assignment_with_a_team_cap(team_settings: Settings, team_db: Database) -> None:
    seeded = seed(team_db)
    with team_db.transaction() as session:
        for row in session.query(SkillTarget).all():
            row.visibility = "org"
    hana = sign_in(team_settings, team_db, "hr@example.org")
    form = hana.get("/matching/assignment")
    assert form.status_code == 200
    assert 'id="assignment-result"' not in form.text
    reach = " ".join(element(form.text, "assignment-reach").split())
    assert "It considers <strong>3 of 7 people</strong>." in reach  # Olivia, Colin and Otto
    assert "only skill maps shared with the organization count here: the other 4" in reach
    page = hana.get("/matching/assignment?team_cap=1&run=1")
    assert page.status_code == 200
    assert html.unescape(element(page.text, "slots-filled")).count("of 3") == 1
    # One scale on the page: the total is the rows' scores (out of 100) added up.
    rows = [int(n) for n in re.findall(r'<td class="num" data-label="Score">(\d+) ', page.text)]
    total = int(re.sub(r"<[^>]+>", "", element(page.text, "total-score")))
    assert rows
    assert abs(total - sum(rows)) <= len(rows)
    assert f'<a href="/people/{seeded.org.ids["owner"]}">Olivia Owner</a>' in page.text
    chart = element(page.text, "team-chart", unescape=True)
    assert "Team A" in chart
    api = hana.get("/api/matching/assignment?team_cap=1").json()
    team_a = next(t for t in api["teams"] if t["name"] == "Team A")
    assert team_a == {"team_id": team_a["team_id"], "name": "Team A", "placed": 1, "cap": 1}
    assert (api["people"], api["people_total"]) == (3, 7)  # as the page says: 3 of 7
    assert 0 < api["total_score"] < 3  # the API keeps the documented 0-1 per pair
    bad = hana.get("/matching/assignment?team_cap=abc&run=1")
    assert "is not a whole number" in html.unescape(bad.text)
    error_of(hana.get("/api/matching/assignment?team_cap=0"), 422)


def test_the_assignment_is_for_hr_only(team_settings: Settings, team_db: Database) -> None:
    seed(team_db)
    mona = sign_in(team_settings, team_db, "manager@example.org")
    assert mona.get("/matching/assignment").status_code == 403
    error_of(mona.get("/api/matching/assignment"), 403)


def test_signed_out_and_personal_mode(
    team_settings: Settings, team_db: Database, client: Any
) -> None:
    visitor = team_client(team_settings, team_db)
    assert visitor.get("/matching", follow_redirects=False).status_code == 303
    error_of(visitor.get("/api/matching/for-me"), 401)
    assert client.get("/matching").status_code == 404
    error_of(client.get("/api/matching/for-me"), 404)
