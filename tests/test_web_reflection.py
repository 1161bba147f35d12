"""Check-ins, the calendar feed and lessons on the web: the JSON API and the pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.web import element, error_of, flash_of, from_today

MENTOR = {
    "with_whom": "Priya (mentor)",
    "with_role": "mentor",
    "first": "2026-10-01 15:00",
    "every": "fortnightly",
    "timezone": "Europe/Berlin",
}


def add_checkin(client: TestClient, **changes: Any) -> dict[str, Any]:
    """Add a check-in through the API."""
    response = client.post("/api/checkins", json=MENTOR | changes)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def add_lesson(client: TestClient, title: str, **fields: Any) -> dict[str, Any]:
    """Add a lesson through the API."""
    response = client.post("/api/lessons", json={"title": title} | fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_check_in_api_add_list_agenda_hold_stop(client: TestClient) -> None:
    added = add_checkin(client)
    assert added["recurrence"] == "fortnightly"
    assert added["next_local"].endswith("15:00")
    assert [c["id"] for c in client.get("/api/checkins").json()] == [added["id"]]
    agenda = client.get(f"/api/checkins/{added['id']}/agenda").json()
    assert agenda["since"] == from_today(-28)
    held = client.post(
        f"/api/checkins/{added['id']}/meetings", json={"notes": "Agreed on the churn deck."}
    )
    assert held.status_code == 201, held.text
    assert held.json()["held_on"] == from_today(0)
    assert held.json()["agenda"] == agenda["text"]
    meetings = client.get(f"/api/checkins/{added['id']}/meetings").json()
    assert [m["notes"] for m in meetings] == ["Agreed on the churn deck."]
    stopped = client.post(f"/api/checkins/{added['id']}/stop").json()
    assert stopped["active"] is False
    error = error_of(client.post(f"/api/checkins/{added['id']}/meetings", json={}), 409)
    assert "stopped" in error["message"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rrule": "FREQ=MINUTELY", "every": None}, "rrule"),
        ({"every": "yearly-ish"}, "every"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"with_role": "boss"}, "with_role"),
        ({"first": "2026-10-01"}, "first"),
    ],
)
def test_bad_check_ins_get_422_and_nothing_is_written(
    client: TestClient, changes: dict[str, Any], field: str
) -> None:
    error = error_of(client.post("/api/checkins", json=MENTOR | changes), 422)
    assert error["field"] == field
    assert client.get("/api/checkins").json() == []


def test_unknown_check_in_is_404_in_the_one_shape(client: TestClient) -> None:
    error_of(client.get("/api/checkins/99/agenda"), 404)


def test_lesson_api_add_list_search_edit_delete(client: TestClient) -> None:
    deck = add_lesson(
        client, "Send the deck a day early", context="A presentation to sales", tags="Presenting"
    )
    add_lesson(client, "Check row counts", worked="COUNT(*) before and after", tags="sql")
    assert deck["tags"] == ["presenting"]
    assert [row["title"] for row in client.get("/api/lessons", params={"tag": "sql"}).json()] == [
        "Check row counts"
    ]
    hits = client.get("/api/lessons/search", params={"q": "presenting"}).json()
    assert [hit["lesson"]["id"] for hit in hits] == [deck["id"]]
    assert [p["text"] for p in hits[0]["snippet"] if p["hit"]] == ["presentation"]
    edited = client.put(f"/api/lessons/{deck['id']}", json={"next_time": "One-page summary"})
    assert edited.json()["next_time"] == "One-page summary"
    assert edited.json()["context"] == "A presentation to sales"
    assert client.delete(f"/api/lessons/{deck['id']}").status_code == 200
    error_of(client.get(f"/api/lessons/{deck['id']}"), 404)
    tags = client.get("/api/lessons/tags").json()
    assert tags == [{"tag": "sql", "count": 1}]


@pytest.mark.parametrize("q", ["", "  ", '"(*'])
def test_an_empty_search_is_422_with_a_sentence(client: TestClient, q: str) -> None:
    error = error_of(client.get("/api/lessons/search", params={"q": q}), 422)
    assert error["message"].startswith("Type a word or two")


def test_a_bad_lesson_is_422_and_nothing_is_written(client: TestClient) -> None:
    error = error_of(client.post("/api/lessons", json={"title": "x", "tags": "c++"}), 422)
    assert error["field"] == "tags"
    error_of(client.post("/api/lessons", json={"title": "x", "mood": "great"}), 422)
    assert client.get("/api/lessons").json() == []


def test_the_checkins_page_adds_a_check_in_and_shows_its_agenda(client: TestClient) -> None:
    page = client.get("/checkins")
    assert page.status_code == 200
    assert 'id="checkin-form"' in page.text
    assert 'href="/calendar.ics"' in page.text
    form = {
        "with_whom": "Daniel",
        "with_role": "supervisor",
        "first": "2026-10-06T10:00",
        "every": "monthly",
        "timezone": "Europe/Berlin",
    }
    saved = client.post("/checkins", data=form)
    assert saved.status_code == 200
    assert str(saved.url).endswith("/checkins/1")
    assert "Added: Check-in with Daniel (monthly)" in flash_of(saved.text)
    assert 'id="agenda"' in saved.text
    held = client.post(
        "/checkins/1/hold", data={"held_on": from_today(-1), "notes": "Stretch task"}
    )
    assert "Saved the meeting" in flash_of(held.text)
    assert "Stretch task" in element(held.text, "history")


def test_a_bad_check_in_form_comes_back_with_the_sentence_and_the_values(
    client: TestClient,
) -> None:
    form = {
        "with_whom": "Daniel",
        "first": "2026-10-06T10:00",
        "every": "once",
        "rrule": "FREQ=HOURLY",
        "timezone": "UTC",
    }
    page = client.post("/checkins", data=form)
    assert page.status_code == 422
    assert "a check-in repeats at most daily" in element(page.text, "form-error")
    assert 'value="FREQ=HOURLY"' in page.text
    assert 'value="Daniel"' in page.text
    assert client.get("/api/checkins").json() == []


def test_the_page_makes_shows_and_resets_the_feed_url(client: TestClient) -> None:
    add_checkin(client)
    assert 'id="feed-url"' not in client.get("/checkins").text
    page = client.post("/checkins/feed", data={})
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page.text)
    assert url is not None
    path = url.group(1).removeprefix("http://127.0.0.1")
    feed = client.get(path)
    assert feed.headers["content-type"].startswith("text/calendar")
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    again = client.post("/checkins/feed", data={"reset": "1"})
    assert "the old one no longer works" in flash_of(again.text)
    assert client.get(path).status_code == 404


def test_the_ics_download_is_an_attachment(client: TestClient) -> None:
    add_checkin(client)
    response = client.get("/calendar.ics")
    assert response.headers["content-disposition"].startswith("attachment")
    assert b"UID:checkin-1@microstep" in response.content


def test_the_lessons_page_adds_and_searches_live(client: TestClient) -> None:
    page = client.get("/lessons")
    assert 'hx-get="/lessons/search"' in page.text
    assert 'hx-trigger="keyup changed delay:300ms' in page.text
    form = {
        "title": "Lead with the number that moved",
        "context": "Presenting to product",
        "tags": "presenting, stakeholders",
        "learned_on": from_today(-2),
    }
    saved = client.post("/lessons", data=form)
    assert "Lesson saved" in flash_of(saved.text)
    assert 'href="/lessons?tag=presenting"' in saved.text
    fragment = client.get("/lessons/search", params={"q": "present"})
    assert fragment.text.lstrip().startswith('<div id="lesson-results"')
    assert "<mark>Presenting</mark>" in fragment.text
    none = client.get("/lessons/search", params={"q": "(*"})
    assert "Type a word or two" in element(none.text, "search-error")
    filtered = client.get("/lessons", params={"tag": "sql"})
    assert "No lesson is tagged" in filtered.text


def test_a_lesson_can_be_edited_and_deleted_from_its_page(client: TestClient) -> None:
    lesson = add_lesson(client, "Check row counts", tags="sql")
    page = client.get(f"/lessons/{lesson['id']}")
    assert 'value="Check row counts"' in page.text
    bad = client.post(
        f"/lessons/{lesson['id']}/edit", data={"title": "Check row counts", "tags": "what?"}
    )
    assert bad.status_code == 422
    assert "The tag 'what?'" in element(bad.text, "form-error")
    saved = client.post(
        f"/lessons/{lesson['id']}/edit",
        data={"title": "Check row counts after joins", "tags": "sql"},
    )
    assert "Lesson saved" in flash_of(saved.text)
    gone = client.post(f"/lessons/{lesson['id']}/delete")
    assert "Deleted: Check row counts after joins" in flash_of(gone.text)
    assert client.get("/api/lessons").json() == []


def test_user_text_is_escaped_on_the_pages(client: TestClient) -> None:
    add_lesson(client, "<script>alert(1)</script> presenting")
    page = client.get("/lessons", params={"q": "presenting"})
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text
