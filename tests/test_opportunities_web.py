"""The marketplace over HTTP: /api/opportunities and the pages, as each persona sees them."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from microstep.settings import Settings
from microstep.store.db import Database
from tests.team import Org, make_org, sign_in
from tests.web import element, error_of, flash_of

CRITERIA = "Ships the pricing dashboard and presents it at the monthly review."
POSTING: dict[str, Any] = {
    "kind": "rotation",
    "title": "Pricing analytics rotation",
    "share_of_time": 40,
    "weeks": 4,
    "capacity": 1,
    "success_criteria": CRITERIA,
    "required_skills": [{"name": "SQL", "level": 3}],
    "offered_skills": [{"name": "Price elasticity modelling", "level": 3}],
}


def _as(settings: Settings, db: Database, persona: str) -> Any:
    return sign_in(settings, db, f"{persona}@example.org")


def _post(client: TestClient, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/opportunities", json=POSTING | extra)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def org(team_db: Database) -> Org:
    """The personas: Mona manages Olivia and Colin (Team A); Otto's Team B has no manager."""
    return make_org(team_db)


def test_the_api_runs_a_rotation_from_post_to_review(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    olivia = _as(team_settings, team_db, "owner")
    posted = _post(mona)
    assert (posted["status"], posted["can_manage"]) == ("draft", True)
    assert mona.post(f"/api/opportunities/{posted['id']}/publish").json()["status"] == "open"
    applied = olivia.post(
        f"/api/opportunities/{posted['id']}/apply", json={"note": "I price renewals by hand."}
    )
    assert applied.status_code == 201, applied.text
    application = applied.json()
    assert olivia.get("/api/opportunities/applications").json()[0]["id"] == application["id"]
    queue = mona.get("/api/opportunities/approvals").json()
    assert [(a["person_name"], a["note"]) for a in queue] == [
        ("Olivia Owner", "I price renewals by hand.")
    ]
    approved = mona.post(f"/api/opportunities/applications/{application['id']}/approve")
    assert approved.json()["status"] == "approved"
    assert mona.post(f"/api/opportunities/{posted['id']}/start").json()["status"] == "in_progress"
    assert mona.post(f"/api/opportunities/{posted['id']}/complete").json()["status"] == "completed"
    outcome = {"person_id": org.ids["owner"], "outcome": "met", "note": "Shipped."}
    reviewed = mona.post(f"/api/opportunities/{posted['id']}/review", json={"outcomes": [outcome]})
    assert reviewed.json()["status"] == "reviewed", reviewed.text
    mine = olivia.get(f"/api/opportunities/{posted['id']}").json()["my_application"]
    assert (mine["status"], mine["outcome"]) == ("approved", "met")
    skills = {s["name"]: s["current_level"] for s in olivia.get("/api/skills").json()}
    assert skills == {"Price elasticity modelling": 1}


def test_an_employee_cannot_post_and_outsiders_do_not_see_drafts(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    olivia = _as(team_settings, team_db, "owner")
    otto = _as(team_settings, team_db, "outsider")
    refused = error_of(olivia.post("/api/opportunities", json=POSTING), 403)
    assert refused["message"] == "Only managers and HR admins post opportunities."
    draft = _post(_as(team_settings, team_db, "manager"))["id"]
    for client in (olivia, otto):
        assert client.get("/api/opportunities").json() == []
        error_of(client.get(f"/api/opportunities/{draft}"), 404)
        error_of(client.post(f"/api/opportunities/{draft}/apply", json={}), 404)
        error_of(client.post(f"/api/opportunities/{draft}/publish"), 404)
        error_of(client.put(f"/api/opportunities/{draft}", json=POSTING), 404)
        assert client.get(f"/opportunities/{draft}").status_code == 404
        assert "Pricing analytics rotation" not in client.get("/opportunities").text
    hana = _as(team_settings, team_db, "hr")
    assert [o["id"] for o in hana.get("/api/opportunities").json()] == [draft]


def test_only_the_applicants_manager_or_hr_approve(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    opp = _post(mona, publish=True, capacity=2)["id"]
    olivia = _as(team_settings, team_db, "owner")
    application = olivia.post(f"/api/opportunities/{opp}/apply", json={}).json()["id"]
    url = f"/api/opportunities/applications/{application}"
    for persona in ("colleague", "outsider", "mentor"):
        client = _as(team_settings, team_db, persona)
        error_of(client.post(f"{url}/approve"), 404)  # an application they may not see
        assert client.get("/api/opportunities/approvals").json() == []
    error_of(olivia.post(f"{url}/approve"), 403)
    hana = _as(team_settings, team_db, "hr")
    assert hana.post(f"{url}/decline").json()["decided_how"] == "hr"
    error_of(mona.post(f"{url}/approve"), 409)


def test_rules_approve_applications_and_are_the_managers_to_set(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    olivia = _as(team_settings, team_db, "owner")
    rule = {"team_id": org.team_a, "max_share_of_time": 50, "max_weeks": 6}
    error_of(olivia.post("/api/opportunities/rules", json=rule), 403)
    error_of(olivia.get("/api/opportunities/rules"), 403)
    added = mona.post("/api/opportunities/rules", json=rule)
    assert added.status_code == 201, added.text
    opp = _post(mona, publish=True)["id"]
    done = olivia.post(f"/api/opportunities/{opp}/apply", json={"note": "Yes please."}).json()
    assert (done["status"], done["decided_how"]) == ("approved", "rule")
    assert mona.get(f"/api/opportunities/{opp}").json()["status"] == "filled"
    assert mona.delete(f"/api/opportunities/rules/{added.json()['id']}").status_code == 204
    assert mona.get("/api/opportunities/rules").json() == []


def test_bad_input_is_one_sentence(team_settings: Settings, team_db: Database, org: Org) -> None:
    mona = _as(team_settings, team_db, "manager")
    error = error_of(mona.post("/api/opportunities", json=POSTING | {"weeks": 0}), 422)
    assert (error["field"], error["message"]) == (
        "weeks",
        "The duration in weeks must be between 1 and 104.",
    )
    error = error_of(mona.post("/api/opportunities", json=POSTING | {"kind": "promotion"}), 422)
    assert error["field"] == "kind"
    error_of(mona.get("/api/opportunities?status=nonsense"), 422)


def test_a_manager_posts_through_the_form_and_approves_in_one_click(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    form = {
        "kind": "rotation",
        "title": "Pricing analytics rotation",
        "share_of_time": "40",
        "weeks": "4",
        "capacity": "1",
        "success_criteria": CRITERIA,
        "needs_approval": "on",
        "required_skills": "SQL, 3",
        "offered_skills": "Price elasticity modelling, 4\nExperiment design",
        "publish": "on",
    }
    refused = mona.post("/opportunities/new", data=form | {"success_criteria": ""})
    assert refused.status_code == 422
    assert "needs success criteria" in refused.text
    assert 'value="Pricing analytics rotation"' in refused.text  # kept for the retry
    posted = mona.post("/opportunities/new", data=form, follow_redirects=False)
    assert posted.status_code == 303
    page = posted.headers["location"]
    opp = int(page.rsplit("/", 1)[1])
    assert "Published: Pricing analytics rotation." in flash_of(mona.get(page).text)
    api = mona.get(f"/api/opportunities/{opp}").json()
    assert [(s["relation"], s["name"], s["level"]) for s in api["skills"]] == [
        ("required", "SQL", 3),
        ("offered", "Price elasticity modelling", 4),
        ("offered", "Experiment design", 3),
    ]
    olivia = _as(team_settings, team_db, "owner")
    olivia.post(f"/opportunities/{opp}/apply", data={"note": "I want this."})
    queued = mona.get("/api/opportunities/approvals").json()[0]
    application = queued["id"]
    assert (queued["share_of_time"], queued["weeks"]) == (40, 4)
    # The queue says enough to decide in one click: terms, note, fit with its first reason.
    item = html.unescape(element(mona.get("/approvals").text, f"queue-{application}"))
    assert f'<a href="/people/{org.ids["owner"]}">Olivia Owner</a>' in item
    assert "40% of the week for 4 weeks" in item
    assert "Their note: “I want this.”" in item
    fit = " ".join(element(item, f"fit-{application}").split())
    assert re.search(r"Fit <strong>\d+</strong> of 100: SQL: not on the skill map yet", fit), fit
    done = mona.post(f"/opportunities/applications/{application}/approve")
    assert "Approved Olivia Owner for Pricing analytics rotation." in flash_of(done.text)
    assert "Nothing waits for your decision." in mona.get("/approvals").text
    edit = mona.get(f"/opportunities/{opp}/edit").text
    assert "Price elasticity modelling, 4" in edit
    assert olivia.get(f"/opportunities/{opp}/edit").status_code == 403


def test_the_pages_show_each_persona_what_is_theirs(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    opp = _post(mona, publish=True)["id"]
    olivia = _as(team_settings, team_db, "owner")
    listed = olivia.get("/opportunities").text
    assert "Pricing analytics rotation" in listed
    assert "Post an opportunity" not in listed
    assert "Post an opportunity" in mona.get("/opportunities").text
    assert olivia.get("/opportunities/new").status_code == 403
    page = olivia.get(f"/opportunities/{opp}").text
    assert 'id="apply-form"' in page
    assert 'id="publish"' not in page
    olivia.post(f"/opportunities/{opp}/apply", data={"note": "Me!"})
    assert 'id="withdraw"' in olivia.get(f"/opportunities/{opp}").text
    otto_page = _as(team_settings, team_db, "outsider").get(f"/opportunities/{opp}").text
    assert "Me!" not in otto_page  # another's application stays theirs and their deciders'
    assert "Me!" in mona.get(f"/opportunities/{opp}").text
    flashed = olivia.post(f"/opportunities/{opp}/start")
    assert "Only its poster, its team's manager or HR can start" in flash_of(flashed.text)
    rules_page = mona.get("/approvals/rules")
    assert rules_page.status_code == 200
    assert "Team A" in rules_page.text
    assert olivia.get("/approvals/rules").status_code == 403


def test_personal_mode_has_no_marketplace(client: TestClient) -> None:
    error_of(client.get("/api/opportunities"), 404)
    assert client.get("/opportunities").status_code == 404
    assert client.get("/approvals").status_code == 404


def test_open_opportunities_are_ranked_for_a_person_with_reasons(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    opp = _post(mona, publish=True)["id"]
    olivia = _as(team_settings, team_db, "owner")
    skill = {"name": "SQL", "current_level": 3, "target_level": 4}
    assert olivia.post("/api/skills", json=skill).status_code == 201
    ranked = olivia.get("/api/opportunities/ranked").json()
    assert [r["opportunity"]["id"] for r in ranked] == [opp]
    assert 0 < ranked[0]["score"] <= 1
    assert ranked[0]["reasons"]
    page = olivia.get("/opportunities").text
    assert 'id="ranked-1"' in page
    assert ranked[0]["reasons"][0] in html.unescape(page)
    assert mona.get("/api/opportunities/ranked").json() == []  # not ranked for its poster


def test_the_marketplace_links_to_matching_for_whom_may_use_it(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    posted = _post(mona)
    page = mona.get(f"/opportunities/{posted['id']}").text
    assert f'href="/matching/opportunities/{posted["id"]}"' in page
    olivia_list = _as(team_settings, team_db, "owner").get("/opportunities").text
    assert 'href="/matching"' in olivia_list
    assert 'href="/matching/assignment"' not in olivia_list
    assert (
        'href="/matching/assignment"'
        in _as(team_settings, team_db, "hr").get("/opportunities").text
    )


def test_an_edit_of_the_terms_says_whose_approvals_no_longer_hold(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    mona = _as(team_settings, team_db, "manager")
    olivia = _as(team_settings, team_db, "owner")
    opp = _post(mona, publish=True)["id"]
    application = olivia.post(f"/api/opportunities/{opp}/apply", json={}).json()["id"]
    mona.post(f"/api/opportunities/applications/{application}/approve")
    form = mona.get(f"/opportunities/{opp}/edit").text
    assert "1 person is approved for these terms" in html.unescape(form)
    edit = {
        "kind": "rotation",
        "title": "Pricing analytics rotation",
        "role": "Pricing analytics rotation",
        "share_of_time": "100",
        "weeks": "52",
        "capacity": "1",
        "success_criteria": CRITERIA,
        "needs_approval": "on",
        "required_skills": "SQL, 3",
        "offered_skills": "Price elasticity modelling, 3",
    }
    saved = mona.post(f"/opportunities/{opp}/edit", data=edit)
    assert (
        "Saved: Pricing analytics rotation. Its share of time and duration changed, so the "
        "approvals given before no longer hold: Olivia Owner waits for a decision again."
    ) in flash_of(saved.text)
    mine = olivia.get(f"/api/opportunities/{opp}").json()["my_application"]
    assert (mine["status"], mine["decided_how"]) == ("applied", None)
    mona.post(f"/api/opportunities/applications/{application}/approve")
    api = mona.put(f"/api/opportunities/{opp}", json=POSTING | {"weeks": 6})
    assert api.status_code == 200, api.text
    body = api.json()
    assert (body["approved"], body["status"]) == (0, "open")  # the response shows it too
    assert [(a["status"], a["decided_how"]) for a in body["applications"]] == [("applied", None)]
    assert body["notice"] == (
        "Its share of time and duration changed, so the approvals given before no longer hold: "
        "Olivia Owner waits for a decision again."
    )
    again = mona.put(f"/api/opportunities/{opp}", json=POSTING | {"weeks": 6, "title": "New"})
    assert again.json()["notice"] is None  # nothing approved was sent back
