"""The skill gap in the JSON API and the pages (in process): role, gap, adopting, refusals."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from fastapi.testclient import TestClient

from microstep.services.context import Context
from microstep.store.models import Objective
from tests.web import element, error_of, flash_of

pytestmark = pytest.mark.taxonomy

DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
DATA_MINING = "http://data.europa.eu/esco/skill/25f0ea33-b4a2-4f31-b7b4-7d20e827b180"
MINING_KEY = "25f0ea33-b4a2-4f31-b7b4-7d20e827b180"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """The web acts on the real today: freeze it on Wednesday 18 November 2026."""
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def aimed(client: TestClient) -> TestClient:
    """Ana's app with her objective aimed at ESCO's data analyst through the API."""
    response = client.post("/api/objectives/1/role", json={"text": "data analyst"})
    assert response.status_code == 200, response.text
    return client


def test_the_api_sets_a_role_from_a_title_and_keeps_the_objective_title(
    client: TestClient,
) -> None:
    body = client.post("/api/objectives/1/role", json={"text": "data analyst"}).json()
    assert body["occupation"]["id"] == DATA_ANALYST
    assert body["objective_title"] == "Senior data analyst"
    assert body["matched_text"] == "data analyst"
    assert client.get("/api/objectives").json()[0]["title"] == "Senior data analyst"
    by_uri = client.post("/api/objectives/1/role", json={"uri": DATA_ANALYST}).json()
    assert (by_uri["occupation"]["label"], by_uri["score"]) == ("data analyst", None)


def test_role_refusals_have_the_one_error_shape(client: TestClient) -> None:
    nothing = client.post("/api/objectives/1/role", json={"text": "zzzz qqq"})
    assert error_of(nothing, 422)["message"].startswith("Nothing in ESCO fits 'zzzz qqq'")
    empty = client.post("/api/objectives/1/role", json={})
    assert error_of(empty, 422)["message"].startswith("Give the target role as a job title")
    missing = client.post("/api/objectives/99/role", json={"text": "data analyst"})
    assert error_of(missing, 404)["message"] == "There is no objective #99."
    unknown = client.post("/api/objectives/1/role", json={"uri": DATA_ANALYST[:-3] + "zzz"})
    assert error_of(unknown, 404)["message"].startswith("No ESCO occupation has the URI")


def test_the_api_gap_without_a_role_says_how_to_set_one(client: TestClient) -> None:
    error = error_of(client.get("/api/gap"), 409)
    assert error["message"].startswith("Objective #1 'Senior data analyst' has no target role yet")
    assert error["field"] == "objective_id"


def test_the_api_gap_lists_the_role_skills_and_top_gaps(aimed: TestClient) -> None:
    body = aimed.get("/api/gap", params={"top": 3}).json()
    assert body["occupation"]["label"] == "data analyst"
    assert body["essential"]["total"] == 30
    assert body["optional"]["total"] == 22
    assert [gap["rank"] for gap in body["gaps"]] == [1, 2, 3]
    assert body["gaps"][0]["skill"]["id"] == DATA_MINING
    assert body["gaps"][0]["goal"]["due"] == "2026-11-25"
    assert error_of(aimed.get("/api/gap", params={"top": 0}), 422)["field"] == "top"


def test_the_api_adopts_once(aimed: TestClient) -> None:
    body = {"uri": DATA_MINING, "as": "microskill"}
    first = aimed.post("/api/gap/adopt", json=body).json()
    assert first["created"] is True
    assert first["adopted_as"] == "microskill"
    assert first["skill"]["name"] == "data mining"
    assert first["microskill"]["state"] == "active"
    again = aimed.post("/api/gap/adopt", json=body).json()
    assert again["created"] is False
    assert again["microskill"]["id"] == first["microskill"]["id"]
    assert len(aimed.get("/api/skills").json()) == 1


def test_the_api_refuses_a_bad_adoption_in_one_sentence(aimed: TestClient) -> None:
    bad_uri = aimed.post("/api/gap/adopt", json={"uri": "nonsense"})
    assert error_of(bad_uri, 422)["message"].startswith("'nonsense' is not an ESCO skill URI")
    bad_as = aimed.post("/api/gap/adopt", json={"uri": DATA_MINING, "as": "poem"})
    assert error_of(bad_as, 422)["field"] == "as"
    assert aimed.get("/api/skills").json() == []


def test_the_page_without_a_role_offers_the_role_form(client: TestClient) -> None:
    page = client.get("/gap")
    assert page.status_code == 200
    form = element(page.text, "gap-role-form-1")
    assert 'action="/objectives/1/role"' in form
    assert 'name="occupation_uri_text"' in form
    assert 'name="occupation_uri"' in form
    assert "Which job are you aiming for?" in page.text


def test_the_page_without_any_role_objective_links_to_objectives(
    client: TestClient, ctx: Context
) -> None:
    with ctx.db.transaction() as session:
        objective = session.get(Objective, 1)
        assert objective is not None
        objective.kind = "capability"
    page = client.get("/gap").text
    assert "You have no active role objective yet" in element(page, "gap-message")
    assert 'href="/objectives"' in element(page, "gap-add-objective")


def test_the_role_form_sets_the_role_and_shows_the_gap(client: TestClient) -> None:
    form = {"occupation_uri": "", "occupation_uri_text": "data analyst"}
    sent = client.post("/objectives/1/role", data=form, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == "/gap?objective=1"
    page = client.get("/gap?objective=1").text
    assert "'Senior data analyst' now aims at the ESCO occupation 'data analyst'." in flash_of(page)
    assert "Skill gap · data analyst" in element(page, "gap-title")
    assert "“Senior data analyst”" in element(page, "gap-subtitle")
    essential = element(page, "gap-donut-essential")
    assert 'data-missing="30"' in essential
    assert "0/30" in essential
    assert page.count('class="gap-item"') == 5
    item = element(page, f"gap-{MINING_KEY}")
    for value in ("skill", "microskill", "goal"):
        assert f'data-adopt="{value}"' in item
    assert "Recall 3 key points of data mining from memory" in item
    assert element(page, "gap-essential").count("<li ") == 30
    assert element(page, "gap-optional").count("<li ") == 22


def test_a_picked_uri_wins_over_the_typed_text(client: TestClient) -> None:
    form = {"occupation_uri": DATA_ANALYST, "occupation_uri_text": "data anal"}
    client.post("/objectives/1/role", data=form)
    assert client.get("/api/gap").json()["occupation"]["id"] == DATA_ANALYST


def test_a_refused_role_comes_back_as_a_flash(client: TestClient) -> None:
    form = {"occupation_uri": "", "occupation_uri_text": "zzzz qqq"}
    sent = client.post(
        "/objectives/1/role",
        data=form,
        headers={"referer": "http://127.0.0.1/gap"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/gap"
    page = client.get("/gap").text
    assert "Nothing in ESCO fits 'zzzz qqq' as a job title" in flash_of(page)


def test_htmx_adopt_redraws_the_gap_and_refreshes_coverage_and_lists(aimed: TestClient) -> None:
    form = {"uri": DATA_MINING, "as": "skill", "objective_id": "1", "rank": "1"}
    answer = aimed.post("/gap/adopt", data=form, headers=HTMX)
    assert answer.status_code == 200
    item = element(answer.text, f"gap-{MINING_KEY}")
    assert 'data-rank="1"' in item
    assert "Added 'data mining' to your skill map, linked to ESCO." in item
    assert 'data-adopt="skill"' not in item  # on the map now
    assert "on your map at level 0, aiming for 3" in item
    coverage = element(answer.text, "gap-coverage")
    assert 'hx-swap-oob="true"' in coverage
    assert 'data-growing="1"' in coverage
    assert 'hx-swap-oob="true"' in answer.text.split('id="gap-lists"')[1][:40]
    again = aimed.post("/gap/adopt", data=form, headers=HTMX)
    note = element(again.text, f"note-{MINING_KEY}")
    assert "'data mining' is already on your skill map." in note
    assert "check-warn" in note


def test_htmx_refusal_is_the_note_alone(aimed: TestClient) -> None:
    form = {"uri": "nonsense", "as": "goal", "objective_id": "1"}
    answer = aimed.post("/gap/adopt", data=form, headers=HTMX)
    assert answer.status_code == 200
    assert answer.headers["HX-Retarget"] == "#note-nonsense"
    assert 'role="alert"' in answer.text
    assert "'nonsense' is not an ESCO skill URI" in html.unescape(answer.text)


def test_a_plain_form_adopt_flashes_and_returns_to_the_gap(aimed: TestClient) -> None:
    form = {"uri": DATA_MINING, "as": "goal", "objective_id": "1"}
    sent = aimed.post("/gap/adopt", data=form, follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/gap?objective=1#gap-{MINING_KEY}"
    page = aimed.get("/gap?objective=1").text
    assert "Planned the micro-goal 'Write a one-page summary of data mining" in flash_of(page)
    goals = aimed.get("/api/goals").json()
    assert [goal["title"] for goal in goals] == [
        "Write a one-page summary of data mining and have a colleague check it"
    ]
