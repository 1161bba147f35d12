"""The HTML pages: setup, the dashboard and its charts, goal forms with inline validation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store.db import Database
from tests.conftest import local_client
from tests.web import element, flash_of, from_today


def objective_id(client: TestClient) -> int:
    """Ana's objective."""
    found: int = client.get("/api/objectives").json()[0]["id"]
    return found


def goal_form(client: TestClient, **changes: str) -> dict[str, str]:
    """The new-goal form filled in as a person would, with a good goal."""
    form = {
        "title": "Share a 5-bullet churn summary at stand-up",
        "metric": "bullets shared",
        "target_value": "5",
        "unit": "",
        "done_when": "",
        "due": from_today(5),
        "kind": "visibility",
        "effort_hours": "",
        "objective_id": str(objective_id(client)),
        "skill_id": "",
        "start": "on",
    }
    return form | changes


def api_goal(client: TestClient, **changes: Any) -> int:
    """Add a good goal through the API and return its id."""
    goal = {
        "title": "Book 2 coffee chats",
        "done_when": "both chats happened",
        "due": from_today(5),
    }
    response = client.post(
        "/api/goals", json=goal | {"objective_id": objective_id(client)} | changes
    )
    assert response.status_code == 201, response.text
    goal_id: int = response.json()["id"]
    return goal_id


def test_empty_database_leads_to_setup_and_setup_opens_the_dashboard(
    settings: Settings, db: Database
) -> None:
    client = local_client(settings, db)
    assert client.get("/", follow_redirects=False).headers["location"] == "/setup"
    assert 'id="setup-form"' in client.get("/setup").text
    form = {"name": "Bo", "title": "Product manager", "kind": "role", "horizon": from_today(300)}
    response = client.post("/setup", data=form, follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    page = client.get("/").text
    assert "Hi Bo" in page
    assert "Product manager" in page
    assert "Welcome, Bo" in flash_of(page, unescape=False)
    assert client.get("/setup", follow_redirects=False).headers["location"] == "/"
    again = client.post("/setup", data={**form, "name": "Eve"}, follow_redirects=False)
    assert again.headers["location"] == "/"
    assert "Hi Bo" in client.get("/").text


def test_setup_with_a_past_horizon_explains_and_keeps_the_values(
    settings: Settings, db: Database
) -> None:
    client = local_client(settings, db)
    form = {"name": "Bo", "title": "Product manager", "kind": "capability", "horizon": "2001-01-01"}
    response = client.post("/setup", data=form)
    assert response.status_code == 422
    assert "is not in the future" in response.text
    assert 'value="Product manager"' in response.text
    assert '<option value="capability" selected>' in response.text


def test_dashboard_shows_objective_skill_chart_and_goals(client: TestClient) -> None:
    client.post("/api/skills", json={"name": "SQL", "current_level": 1, "target_level": 4})
    client.post("/api/skills", json={"name": "Storytelling", "current_level": 2, "target_level": 3})
    active = api_goal(client, start=True, due=from_today(3))
    planned = api_goal(client, title="Draft the Q4 KPI glossary", due=from_today(1))
    page = client.get("/").text
    assert "Hi Ana" in page
    assert "Senior data analyst" in page
    assert "days left" in page
    chart = element(page, "skill-chart", unescape=False)
    assert "<title" in chart
    assert chart.index("SQL") < chart.index("Storytelling")  # biggest gap first
    assert "SQL: level 1 (aware), target 4 (proficient), gap 3" in chart
    assert 'id="weekly-chart"' in page
    assert f'id="goal-{active}"' in element(page, "active-goals", unescape=False)
    assert "in 3 days" in element(page, "active-goals", unescape=False)
    assert f'id="goal-{planned}"' in element(page, "planned-goals", unescape=False)
    assert "1 of 5 active" in page


def test_dashboard_empty_states_teach(client: TestClient) -> None:
    page = client.get("/").text
    assert "No skills yet" in page
    assert 'href="/goals/new"' in page
    assert "0 of 5 active" in page


def test_vague_goal_form_shows_the_inline_message_and_writes_nothing(client: TestClient) -> None:
    form = goal_form(client, title="Get better at Excel", metric="", target_value="")
    response = client.post("/goals/new", data=form)
    assert response.status_code == 422
    message = element(response.text, "goal-check", unescape=False)
    assert "&#39;Get better at Excel&#39; is not a micro-goal yet" in message
    assert "a metric with a target" in message
    assert 'value="Get better at Excel"' in response.text
    assert client.get("/api/goals").json() == []


def test_good_goal_redirects_with_a_flash_and_shows_on_the_dashboard(client: TestClient) -> None:
    response = client.post("/goals/new", data=goal_form(client), follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/")
    page = client.get("/").text
    assert "Goal added." in flash_of(page, unescape=False)
    assert "Share a 5-bullet churn summary" in element(page, "active-goals", unescape=False)
    assert "Goal added." not in flash_of(client.get("/").text, unescape=False)  # shown once


def test_unticked_start_parks_the_goal_as_planned(client: TestClient) -> None:
    form = goal_form(client)
    del form["start"]
    client.post("/goals/new", data=form)
    assert client.get("/api/goals").json()[0]["status"] == "planned"


def test_size_warning_is_added_to_the_flash(client: TestClient) -> None:
    page = client.post("/goals/new", data=goal_form(client, effort_hours="12")).text
    flash = flash_of(page, unescape=False)
    assert "Goal added." in flash
    assert 'class="flash flash-warn"' in flash
    assert "splitting it into 2 goals" in flash


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("target_value", "five", "The target value &#39;five&#39; is not a number"),
        ("effort_hours", "lots", "The effort (hours) &#39;lots&#39; is not a number"),
        ("due", "someday", "&#39;someday&#39; is not a date I understand"),
    ],
)
def test_unreadable_values_get_an_inline_message(
    client: TestClient, field: str, value: str, words: str
) -> None:
    response = client.post("/goals/new", data=goal_form(client, **{field: value}))
    assert response.status_code == 422
    assert words in element(response.text, "goal-check", unescape=False)
    assert f'name="{field}"' in response.text
    assert client.get("/api/goals").json() == []


def test_inline_check_names_what_is_missing(client: TestClient) -> None:
    fragment = client.post("/goals/check", data={"title": "Network more", "kind": "relationship"})
    assert fragment.status_code == 200
    assert "a metric with a target" in fragment.text
    assert "coffee chats" in fragment.text  # the example matches the kind
    assert "<html" not in fragment.text


def test_inline_check_says_ok_and_softly_warns_about_size(client: TestClient) -> None:
    assert "Looks like a micro-goal" in client.post("/goals/check", data=goal_form(client)).text
    big = client.post("/goals/check", data=goal_form(client, effort_hours="9")).text
    assert "check-warn" in big
    assert client.get("/api/goals").json() == []


def test_done_and_drop_buttons_move_goals_with_a_flash(client: TestClient) -> None:
    first, second = api_goal(client, start=True), api_goal(client, start=True)
    page = client.post(f"/goals/{first}/done", data={"outcome_value": "2"}).text
    assert "Done: Book 2 coffee chats" in flash_of(page, unescape=False)
    page = client.post(f"/goals/{second}/drop", data={"reason": "team moved"}).text
    assert "Dropped:" in flash_of(page, unescape=False)
    assert element(page, "active-goals", unescape=False).count('class="goal"') == 0
    assert "Book 2 coffee chats" in element(page, "recent-wins", unescape=False)
    assert client.get(f"/api/goals/{first}").json()["outcome_value"] == 2


def test_start_and_reopen_buttons_return_to_the_page_they_were_on(client: TestClient) -> None:
    goal_id = api_goal(client)
    referer = {"referer": "http://127.0.0.1/goals"}
    response = client.post(f"/goals/{goal_id}/start", headers=referer, follow_redirects=False)
    assert response.headers["location"] == "/goals"
    client.post(f"/goals/{goal_id}/done")
    page = client.post(f"/goals/{goal_id}/reopen", headers=referer).text
    assert "Reopened:" in flash_of(page, unescape=False)
    assert f'id="goal-{goal_id}"' in element(page, "goals-planned", unescape=False)


def test_start_beyond_the_limit_flashes_the_reason(
    settings: Settings, db: Database, ctx: Context
) -> None:
    client = local_client(settings.model_copy(update={"max_active_goals": 1}), db)
    api_goal(client, start=True)
    waiting = api_goal(client)
    page = client.post(f"/goals/{waiting}/start").text
    assert "flash-error" in flash_of(page, unescape=False)
    assert "the limit is 1" in flash_of(page, unescape=False)
    assert client.get(f"/api/goals/{waiting}").json()["status"] == "planned"


def test_edit_form_is_filled_in_and_saves(client: TestClient) -> None:
    goal_id = api_goal(client, metric="chats", target_value=2.0, done_when=None)
    form_page = client.get(f"/goals/{goal_id}/edit").text
    assert 'value="Book 2 coffee chats"' in form_page
    assert 'name="target_value" type="text" inputmode="decimal" value="2"' in form_page
    changed = goal_form(client, title="Book 3 coffee chats", target_value="3")
    page = client.post(f"/goals/{goal_id}/edit", data=changed).text
    assert "Goal saved." in flash_of(page, unescape=False)
    assert client.get(f"/api/goals/{goal_id}").json()["target_value"] == 3


def test_edit_that_breaks_a_rule_keeps_the_values(client: TestClient) -> None:
    goal_id = api_goal(client)
    broken = goal_form(client, title="Book 3 coffee chats", metric="", target_value="")
    response = client.post(f"/goals/{goal_id}/edit", data=broken)
    assert response.status_code == 422
    assert 'value="Book 3 coffee chats"' in response.text
    assert client.get(f"/api/goals/{goal_id}").json()["title"] == "Book 2 coffee chats"


def test_unknown_goal_page_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/goals/999/edit")
    assert response.status_code == 404
    assert "There is no micro-goal #999." in response.text
    assert "Back to the dashboard" in response.text
    assert client.get("/no/such/page").status_code == 404


def test_goals_page_groups_by_status(client: TestClient) -> None:
    active, planned = api_goal(client, start=True), api_goal(client, title="Write notes")
    page = client.get("/goals").text
    assert f'id="goal-{active}"' in element(page, "goals-active", unescape=False)
    assert f'id="goal-{planned}"' in element(page, "goals-planned", unescape=False)
    assert "None done." in page


def test_skills_page_adds_a_skill_and_sets_levels(client: TestClient) -> None:
    form = {"name": "SQL", "current_level": "1", "target_level": "4", "evidence": ""}
    page = client.post("/skills", data=form).text
    assert "is on your skill map" in flash_of(page, unescape=False)
    assert 'id="skill-chart"' in page
    skill_id = client.get("/api/skills").json()[0]["id"]
    levels = {"current_level": "2", "target_level": "4", "note": "finished the course"}
    page = client.post(f"/skills/{skill_id}/levels", data=levels).text
    assert "now at level 2 of 4" in flash_of(page, unescape=False)


def test_skills_page_explains_a_target_below_the_current_level(client: TestClient) -> None:
    response = client.post(
        "/skills", data={"name": "SQL", "current_level": "4", "target_level": "2"}
    )
    assert response.status_code == 422
    assert "is below the current level" in response.text
    assert client.get("/api/skills").json() == []


def test_objectives_page_adds_an_objective(client: TestClient) -> None:
    form = {"title": "Analytics lead", "kind": "role", "horizon": from_today(400), "note": ""}
    page = client.post("/objectives", data=form).text
    assert "Objective added: Analytics lead." in flash_of(page, unescape=False)
    assert "Analytics lead" in element(page, "objective-list", unescape=False)
    bad = client.post("/objectives", data=form | {"horizon": ""})
    assert (bad.status_code, "The horizon is empty" in bad.text) == (422, True)


def test_pages_carry_the_stylesheet_htmx_and_the_inline_check_hook(client: TestClient) -> None:
    page = client.get("/goals/new").text
    assert "/static/htmx-2.0.11.min.js" in page
    assert 'hx-post="/goals/check"' in page
    assert '<input id="start" name="start" type="checkbox" value="on" checked>' in page
    assert client.get("/static/app.css").status_code == 200


def test_malformed_goal_id_in_a_page_url_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/goals/abc/edit")
    assert response.status_code == 404
    assert "There is nothing at /goals/abc/edit." in response.text
