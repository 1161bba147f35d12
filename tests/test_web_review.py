"""The weekly review in the browser (in process) and the API: pages, saving, refusals."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine
from fastapi.testclient import TestClient

from microstep.services.context import Context
from tests.test_review_service import seed_ana
from tests.web import element, error_of, flash_of


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """The web acts on the real today: freeze it on Wednesday 18 November 2026 (2026-W47)."""
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def web(client: TestClient, ctx: Context) -> TestClient:
    """Ana's app with the seeded week."""
    seed_ana(ctx)
    return client


def test_the_review_page_shows_figures_chart_wins_pitfalls_and_the_prompts(web: TestClient) -> None:
    page = web.get("/review")
    assert page.status_code == 200
    text = page.text
    assert "Weekly review · 2026-W47" in text
    assert element(text, "review-minutes").endswith("20 min</dd>")
    assert ">1</dd>" in element(text, "review-done")
    assert 'data-kind="praise"' in element(text, "signal-chart")
    assert "praise: 1 this week, 0.25 a week on average" in text
    assert "Rewrite 3 reports" in element(text, "review-wins")
    paralysis = element(text, "pitfall-perfection_paralysis")
    assert "'Read 2 chapters': planned 12 days ago, not started" in paralysis
    assert "smallest next step you could finish in 30 minutes" in element(
        text, "pitfall-stalled_goal"
    )
    for name in ("what_worked", "to_adjust", "lessons", "wins"):
        assert f'name="{name}"' in text
    assert 'id="review-save"' in text
    assert re.search(r'id="review-export-pdf" href="/portfolio/export.pdf"', text)
    assert 'href="/review/2026-W46"' in element(text, "review-prev")
    assert 'id="review-next"' not in text  # next week has not started


def test_saving_shows_a_flash_and_the_saved_texts(web: TestClient) -> None:
    form = {"what_worked": "Drills before lunch", "to_adjust": "", "lessons": "Write it down"}
    saved = web.post("/review/2026-W46", data=form, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/review/2026-W46"
    page = web.get("/review/2026-W46").text
    assert "Review for 2026-W46 saved." in flash_of(page)
    texts = element(page, "review-saved")
    assert "Drills before lunch" in texts
    assert "Write it down" in texts
    assert "Week 2026-W46" in texts
    assert "Drills before lunch</textarea>" in page
    assert 'id="review-next" href="/review/2026-W47"' in page


def test_a_refused_text_comes_back_inline_with_what_was_typed_and_nothing_saved(
    web: TestClient,
) -> None:
    form = {"what_worked": "Kept the drill", "wins": "x" * 2001}
    page = web.post("/review/2026-W47", data=form)
    assert page.status_code == 422
    assert "keep it under 2000" in element(page.text, "form-error")
    assert "Kept the drill</textarea>" in page.text
    assert web.get("/api/reviews").json() == []


def test_a_bad_week_in_the_address_is_one_sentence(web: TestClient) -> None:
    page = web.get("/review/last-sprint")
    assert page.status_code == 422
    assert "'last-sprint' is not a week I understand" in html.unescape(page.text)
    assert "Traceback" not in page.text


def test_the_dashboard_leads_to_the_review(web: TestClient) -> None:
    link = element(web.get("/").text, "dashboard-review")
    assert 'href="/review"' in link


def test_api_get_put_and_list(web: TestClient) -> None:
    got = web.get("/api/reviews/2026-W47")
    assert got.status_code == 200
    body = got.json()
    assert (body["week"], body["summary"]["sessions"], body["saved"]) == ("2026-W47", 3, None)
    assert {p["key"] for p in body["pitfalls"]} >= {"perfection_paralysis", "stalled_goal"}
    put = web.put("/api/reviews/2026-11-18", json={"what_worked": "API", "lessons": "L"})
    assert put.status_code == 200
    assert put.json()["saved"]["what_worked"] == "API"
    assert put.json()["saved"]["lesson_id"] is not None
    again = web.put("/api/reviews/2026-W47", json={"to_adjust": "Less"})
    assert again.json()["saved"]["id"] == put.json()["saved"]["id"]
    assert again.json()["saved"]["what_worked"] is None
    listed = web.get("/api/reviews").json()
    assert [(r["week"], r["to_adjust"]) for r in listed] == [("2026-W47", "Less")]


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/reviews/2026-W50", {"what_worked": "x"}, "week"),
        ("/api/reviews/sprint-9", {"what_worked": "x"}, "week"),
        ("/api/reviews/2026-W47", {"mood": "great"}, "mood"),
        ("/api/reviews/2026-W47", {"lessons": "a\x07b"}, "lessons"),
    ],
)
def test_api_refusals_use_the_one_error_shape_and_write_nothing(
    web: TestClient, path: str, payload: dict[str, str], field: str
) -> None:
    error = error_of(web.put(path, json=payload), 422)
    assert error["field"] == field
    assert web.get("/api/reviews").json() == []


def test_api_get_of_a_future_week_is_refused(web: TestClient) -> None:
    error = error_of(web.get("/api/reviews/2027-W02"), 422)
    assert "2027-W02 has not started yet" in error["message"]
