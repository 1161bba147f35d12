"""The weekly review in the browser (in process) and the API: pages, saving, refusals."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient

from microstep.services.context import Context
from microstep.store import queries
from tests.test_review_service import MON, at, seed_ana
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
    assert again.json()["saved"]["what_worked"] == "API"  # left out: kept
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


def test_the_form_shows_the_saved_answers_and_saving_it_changes_only_what_was_edited(
    web: TestClient,
) -> None:
    full = {"what_worked": "Drills", "to_adjust": "Mondays", "lessons": "Write it down"}
    web.put("/api/reviews/2026-W47", json=full)
    page = web.get("/review").text
    for name, text in full.items():
        assert f"{text}</textarea>" in element(page, f"review-{name}")
    edited = {**full, "to_adjust": "Tuesdays", "wins": ""}
    assert web.post("/review/2026-W47", data=edited, follow_redirects=False).status_code == 303
    saved = web.get("/api/reviews/2026-W47").json()["saved"]
    assert (saved["what_worked"], saved["to_adjust"], saved["lessons"]) == (
        "Drills",
        "Tuesdays",
        "Write it down",
    )


def test_an_empty_form_is_refused_with_one_sentence_and_the_saved_review_stays(
    web: TestClient,
) -> None:
    web.put("/api/reviews/2026-W47", json={"what_worked": "Drills", "lessons": "L"})
    empty = {"what_worked": "", "to_adjust": "", "lessons": "", "wins": ""}
    page = web.post("/review/2026-W47", data=empty)
    assert page.status_code == 422
    assert element(page.text, "form-error").count(".") == 1
    assert "Write at least one answer" in element(page.text, "form-error")
    saved = web.get("/api/reviews/2026-W47").json()["saved"]
    assert (saved["what_worked"], saved["lessons"]) == ("Drills", "L")
    lessons = web.get("/lessons").text
    assert "Week 2026-W47" in lessons


def test_a_late_goal_is_listed_once_as_done_late_and_missed_goals_get_no_check(
    web: TestClient, ctx: Context
) -> None:
    with ctx.db.transaction() as session:
        queries.add_goal(
            session=session,
            person_id=ctx.person_id,
            now=at(MON - timedelta(days=5)),
            kind="visibility",
            title="Annotate 3 dashboards",
            due=MON,
            status="done",
            started_at=at(MON - timedelta(days=4)),
            finished_at=at(MON + timedelta(days=1)),
            outcome_value=1.0,
            unit="answers",
        )
    page = web.get("/review").text
    done, missed = element(page, "review-goals-done"), element(page, "review-goals-missed")
    assert "Annotate 3 dashboards" in done
    assert "Annotate 3 dashboards" not in missed
    assert 'data-mark="done late"' in done
    assert "reached 1 answer " in done or "reached 1 answer<" in done
    assert 'data-mark="missed" class="mark-missed"' in missed
    assert 'data-mark="done"' not in missed


def test_the_review_page_uses_words_and_one_date_style(web: TestClient) -> None:
    page = web.get("/review").text
    assert element(page, "review-pitfall-count").endswith(">2 pitfalls</span>")
    assert "0 capability · 1 visibility" in element(page, "review-ticks-split")
    assert "Mon 16 Nov to Sun 22 Nov 2026" in page
    assert "(due Mon 23 Nov, in 5 days)" in element(page, "pitfall-perfection_paralysis")
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", re.sub(r'"[^"]*"', "", page))
    assert " fired<" not in page


def test_the_signals_chart_writes_its_words_in_html_not_in_a_scaled_svg(web: TestClient) -> None:
    chart = element(web.get("/review").text, "signal-chart")
    assert "<text" not in chart
    assert 'preserveAspectRatio="none"' in chart
    assert 'height="26"' in chart
    assert '<span class="kind">meeting invite</span>' in chart


def test_api_save_says_what_happened_to_the_lesson_and_keeps_an_edited_one(
    web: TestClient,
) -> None:
    put = web.put("/api/reviews/2026-W47", json={"what_worked": "API", "lessons": "Old"}).json()
    lesson_id = put["saved"]["lesson_id"]
    assert (put["lesson_outcome"], put["lesson_note"]) == (
        "added",
        f"Lesson #{lesson_id} 'Week 2026-W47' is in your lessons.",
    )
    untouched = web.put("/api/reviews/2026-W47", json={"lessons": "New"}).json()
    assert untouched["lesson_outcome"] == "updated"
    assert web.get(f"/api/lessons/{lesson_id}").json()["next_time"] == "New"
    edited = web.put(f"/api/lessons/{lesson_id}", json={"next_time": "Mine"})
    assert edited.status_code == 200
    again = web.put("/api/reviews/2026-W47", json={"wins": "Shipped", "lessons": "Review"}).json()
    assert again["lesson_outcome"] == "kept"
    assert again["lesson_note"] == (
        "Your lesson 'Week 2026-W47' was edited in Lessons, so it was left as it is."
    )
    assert again["saved"]["lesson_edited"] is True
    assert web.get(f"/api/lessons/{lesson_id}").json()["next_time"] == "Mine"
    assert web.get("/api/reviews/2026-W47").json()["lesson_note"] is None  # only after a save


def test_the_form_clears_an_untouched_lesson_and_says_so(web: TestClient) -> None:
    form = {"what_worked": "Drills", "lessons": "Write it down"}
    web.post("/review/2026-W47", data=form)
    cleared = web.post("/review/2026-W47", data={"what_worked": "Drills", "lessons": ""})
    note = flash_of(cleared.text)
    assert "Review for 2026-W47 saved." in note
    assert "Lesson 'Week 2026-W47' was removed from your lessons" in note
    assert web.get("/api/lessons").json() == []


def test_the_form_keeps_an_edited_lesson_when_lessons_are_cleared_and_warns(
    web: TestClient,
) -> None:
    saved = web.put("/api/reviews/2026-W47", json={"what_worked": "Drills", "lessons": "L"})
    lesson_id = saved.json()["saved"]["lesson_id"]
    web.put(f"/api/lessons/{lesson_id}", json={"context": "The demo", "tags": "demo"})
    page = web.get("/review/2026-W47").text
    assert f'href="/lessons/{lesson_id}"' in element(page, "review-lesson-edited")
    assert "stays as you wrote it in Lessons" in element(page, "review-lessons-hint")
    cleared = web.post("/review/2026-W47", data={"what_worked": "Drills", "lessons": ""})
    assert 'class="flash flash-warn"' in flash_of(cleared.text, unescape=False)
    assert (
        "Your lesson 'Week 2026-W47' was edited in Lessons, so it was kept as it is though you "
        "cleared the Lessons answer."
    ) in flash_of(cleared.text)
    kept = web.get(f"/api/lessons/{lesson_id}").json()
    assert (kept["context"], kept["next_time"], kept["tags"]) == ("The demo", "L", ["demo"])
