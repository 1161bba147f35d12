"""The JSON API: every route over the real services, errors always in one shape."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store.db import Database
from tests.conftest import local_client
from tests.web import error_of, from_today


def good_goal(client: TestClient, **changes: Any) -> dict[str, Any]:
    """A specific, time-bound, small goal linked to Ana's objective."""
    objective_id = client.get("/api/objectives").json()[0]["id"]
    goal = {
        "title": "Build 2 pivot-table reports from last month's sales",
        "metric": "reports built",
        "target_value": 2,
        "unit": "reports",
        "due": from_today(5),
        "objective_id": objective_id,
    }
    return goal | changes


def add(client: TestClient, **changes: Any) -> dict[str, Any]:
    """Add a good goal and return it."""
    response = client.post("/api/goals", json=good_goal(client, **changes))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_added_goal_is_created_listed_and_fetched(client: TestClient) -> None:
    goal = add(client)
    assert goal["status"] == "planned"
    assert goal["warnings"] == []
    assert [g["id"] for g in client.get("/api/goals").json()] == [goal["id"]]
    assert client.get(f"/api/goals/{goal['id']}").json()["title"] == goal["title"]


def test_started_goal_is_active_at_once(client: TestClient) -> None:
    goal = add(client, start=True)
    assert goal["status"] == "active"
    assert goal["started_at"] is not None


def test_vague_goal_is_refused_naming_what_is_missing_and_nothing_is_written(
    client: TestClient,
) -> None:
    response = client.post("/api/goals", json={"title": "Get better at Excel"})
    error = error_of(response, 422)
    assert "'Get better at Excel' is not a micro-goal yet" in error["message"]
    assert "a metric with a target" in error["message"]
    assert "a due date within 14 days" in error["message"]
    assert error["field"] == "metric"
    assert client.get("/api/goals").json() == []


def test_goal_due_too_far_ahead_is_refused_with_the_reason(client: TestClient) -> None:
    response = client.post("/api/goals", json=good_goal(client, due=from_today(40)))
    error = error_of(response, 422)
    assert "break it into a nearer first step" in error["message"]
    assert error["field"] == "due"


def test_oversized_goal_is_added_with_a_warning(client: TestClient) -> None:
    goal = add(client, effort_hours=14)
    assert "splitting it into 3 goals" in goal["warnings"][0]


def test_goal_is_edited_started_finished_and_reopened(client: TestClient) -> None:
    goal_id = add(client)["id"]
    edited = client.patch(f"/api/goals/{goal_id}", json={"target_value": 3, "unit": "decks"})
    assert (edited.json()["target_value"], edited.json()["unit"]) == (3, "decks")
    assert client.post(f"/api/goals/{goal_id}/start").json()["status"] == "active"
    done = client.post(f"/api/goals/{goal_id}/done", json={"outcome_value": 3}).json()
    assert (done["status"], done["outcome_value"]) == ("done", 3)
    assert client.post(f"/api/goals/{goal_id}/reopen").json()["status"] == "planned"


def test_done_needs_no_body(client: TestClient) -> None:
    goal_id = add(client, start=True)["id"]
    assert client.post(f"/api/goals/{goal_id}/done").json()["status"] == "done"


def test_dropping_keeps_the_reason_and_needs_no_body(client: TestClient) -> None:
    first, second = add(client)["id"], add(client)["id"]
    dropped = client.post(f"/api/goals/{first}/drop", json={"reason": "the report was cancelled"})
    assert dropped.json()["outcome_note"] == "the report was cancelled"
    assert client.post(f"/api/goals/{second}/drop").json()["status"] == "dropped"


def test_edit_of_a_finished_goal_is_a_conflict(client: TestClient) -> None:
    goal_id = add(client)["id"]
    client.post(f"/api/goals/{goal_id}/done")
    error = error_of(client.patch(f"/api/goals/{goal_id}", json={"title": "New"}), 409)
    assert "reopen it before editing" in error["message"]


def test_listing_filters_by_repeated_status(client: TestClient) -> None:
    planned, active, done = add(client)["id"], add(client, start=True)["id"], add(client)["id"]
    client.post(f"/api/goals/{done}/done")
    response = client.get("/api/goals", params=[("status", "active"), ("status", "done")])
    assert sorted(g["id"] for g in response.json()) == sorted([active, done])
    assert planned not in [g["id"] for g in response.json()]


def test_starting_beyond_the_active_limit_is_a_conflict(
    settings: Settings, db: Database, ctx: Context
) -> None:
    client = local_client(settings.model_copy(update={"max_active_goals": 1}), db)
    add(client, start=True)
    waiting = add(client)["id"]
    error = error_of(client.post(f"/api/goals/{waiting}/start"), 409)
    assert "the limit is 1" in error["message"]
    assert client.get(f"/api/goals/{waiting}").json()["status"] == "planned"


def test_adding_an_active_goal_beyond_the_limit_writes_nothing(
    settings: Settings, db: Database, ctx: Context
) -> None:
    client = local_client(settings.model_copy(update={"max_active_goals": 1}), db)
    add(client, start=True)
    error_of(client.post("/api/goals", json=good_goal(client, start=True)), 409)
    assert len(client.get("/api/goals").json()) == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"due": "garbage"}, "due", "The field 'due' is invalid: input should be a valid date"),
        ({"target_value": "lots"}, "target_value", "input should be a valid number"),
        ({"kind": "fun"}, "kind", "'learning', 'visibility' or 'relationship'"),
        ({"colour": "blue"}, "colour", "extra inputs are not permitted"),
    ],
)
def test_malformed_values_are_422_in_the_one_shape(
    client: TestClient, changes: dict[str, Any], field: str, words: str
) -> None:
    error = error_of(client.post("/api/goals", json=good_goal(client, **changes)), 422)
    assert error["field"] == field
    assert words in error["message"]
    assert client.get("/api/goals").json() == []


def test_body_that_is_not_json_is_422(client: TestClient) -> None:
    response = client.post(
        "/api/goals", content="{not json", headers={"content-type": "application/json"}
    )
    assert error_of(response, 422)["message"] == "The request body is not valid JSON."


def test_unknown_goal_and_unknown_path_are_404_in_the_one_shape(client: TestClient) -> None:
    error = error_of(client.get("/api/goals/999"), 404)
    assert (error["message"], error["field"]) == ("There is no micro-goal #999.", "goal_id")
    error_of(client.post("/api/goals/999/start"), 404)
    error_of(client.get("/api/nothing-here"), 404)


def test_wrong_method_is_405_in_the_one_shape(client: TestClient) -> None:
    assert "DELETE is not allowed" in error_of(client.delete("/api/today"), 405)["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/today"),
        ("GET", "/api/dashboard"),
        ("GET", "/api/goals"),
        ("GET", "/api/skills"),
    ],
)
def test_api_before_setup_is_409(settings: Settings, db: Database, method: str, path: str) -> None:
    client = local_client(settings, db)
    error = error_of(client.request(method, path), 409)
    assert error["title"] == "Not set up yet"


def test_check_reports_what_is_missing_and_never_writes(client: TestClient) -> None:
    vague = client.post("/api/goals/check", json={"title": "Network more", "due": from_today(5)})
    assert vague.status_code == 200
    assert vague.json()["ok"] is False
    assert "a metric with a target" in vague.json()["message"]
    big = client.post("/api/goals/check", json=good_goal(client, effort_hours=20)).json()
    assert big["ok"] is True
    assert big["warnings"]
    assert client.get("/api/goals").json() == []


def test_skills_are_added_levelled_and_listed(client: TestClient) -> None:
    created = client.post("/api/skills", json={"name": "SQL", "current_level": 1})
    assert created.status_code == 201
    skill_id = created.json()["id"]
    updated = client.patch(f"/api/skills/{skill_id}", json={"current_level": 2, "note": "course"})
    assert (updated.json()["current_level"], updated.json()["gap"]) == (2, 1)
    assert [s["name"] for s in client.get("/api/skills").json()] == ["SQL"]


def test_skill_rules_are_refused_in_the_one_shape(client: TestClient) -> None:
    client.post("/api/skills", json={"name": "SQL"})
    assert (
        "already on your skill map"
        in error_of(client.post("/api/skills", json={"name": "sql"}), 409)["message"]
    )
    error = error_of(client.post("/api/skills", json={"name": "R", "current_level": 7}), 422)
    assert error["field"] == "current_level"
    error_of(client.patch("/api/skills/999", json={"current_level": 1}), 404)


def test_objectives_are_added_and_listed(client: TestClient) -> None:
    horizon = (date.today() + timedelta(days=200)).isoformat()
    created = client.post("/api/objectives", json={"title": "Team lead", "horizon": horizon})
    assert created.status_code == 201
    assert "Team lead" in [o["title"] for o in client.get("/api/objectives").json()]
    past = {"title": "Yesterday", "horizon": "2001-01-01"}
    assert error_of(client.post("/api/objectives", json=past), 422)["field"] == "horizon"


def test_today_and_dashboard_show_the_active_goals(client: TestClient) -> None:
    goal = add(client, start=True, due=from_today(0))
    items = client.get("/api/today").json()["items"]
    assert [(i["id"], i["reason"]) for i in items] == [(goal["id"], "due today")]
    board = client.get("/api/dashboard").json()
    assert board["person"]["name"] == "Ana"
    assert [g["id"] for g in board["active_goals"]] == [goal["id"]]
    assert len(board["weekly_done"]) == 12


def test_openapi_declares_the_one_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/api/goals"]["post"]
    for status in ("404", "409", "422"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert not [path for path in spec["paths"] if not path.startswith("/api/")]


def test_a_post_from_another_site_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/goals", json=good_goal(client), headers={"origin": "https://evil.example"}
    )
    error_of(response, 403)
    assert client.get("/api/goals").json() == []
    same_site = client.post(
        "/api/goals", json=good_goal(client), headers={"origin": "http://127.0.0.1"}
    )
    assert same_site.status_code == 201


def test_timestamps_are_rfc3339_with_a_timezone(client: TestClient) -> None:
    goal_id = add(client)["id"]
    created = client.get(f"/api/goals/{goal_id}").json()["created_at"]
    assert created.endswith(("Z", "+00:00")), created


def test_a_foreign_host_header_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/goals/check", json={"title": "x"}, headers={"host": "attacker.example:8000"}
    )
    assert response.status_code == 400
