"""Check-ins, the calendar feed and lessons on the web: the JSON API and the pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
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


def text_of(page: str, element_id: str) -> str:
    """The text of the element with this id, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", element(page, element_id)).split())


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


FORM = {
    "with_whom": "Sam",
    "with_role": "mentor",
    "first": f"{from_today(-14)}T15:00",
    "duration_minutes": "30",
    "every": "fortnightly",
    "rrule": "",
    "title": "",
    "timezone": "Europe/Berlin",
}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"with_whom": "  "}, "Say who the check-in is with."),
        ({"first": ""}, "Pick the day and time of the first meeting, such as '2026-11-26 15:00'."),
        (
            {"duration_minutes": "half an hour"},
            "Type how long the meeting lasts in minutes, from 5 to 480, such as 30.",
        ),
        (
            {"duration_minutes": "0"},
            "Type how long the meeting lasts in minutes, from 5 to 480, such as 30.",
        ),
        ({"with_role": "boss"}, "Pick who they are to you: mentor, supervisor, peer, coach."),
        ({"first": "2020-01-01T10:00"}, "The first meeting is on Wed 1 Jan 2020: pick a day"),
        ({"first": "2031-01-01T10:00"}, "The first meeting is on Wed 1 Jan 2031: pick a day"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "That RRULE cannot be used: one of its values is"),
    ],
)
def test_check_in_form_errors_are_plain_sentences(
    client: TestClient, changes: dict[str, str], message: str
) -> None:
    page = client.post("/checkins", data=FORM | changes)
    assert page.status_code == 422
    shown = text_of(page.text, "form-error")
    assert shown.startswith(message)
    for internal in ("with whom", "field '", "dateutil", "duration_minutes", "invalid"):
        assert internal not in shown
    assert client.get("/api/checkins").json() == []


def test_the_hold_form_waits_for_the_first_meeting(client: TestClient) -> None:
    later = date.today() + timedelta(days=7)
    client.post("/checkins", data=FORM | {"first": f"{later.isoformat()}T15:00"})
    page = client.get("/checkins/1")
    assert 'id="hold-form"' not in page.text
    note = text_of(page.text, "hold-later")
    assert f"{later:%a} {later.day} {later:%b %Y}" in note


def test_an_empty_or_repeated_hold_form_saves_nothing(client: TestClient) -> None:
    client.post("/checkins", data=FORM)
    page = client.get("/checkins/1")
    assert 'id="hold-form"' in page.text
    assert f'min="{FORM["first"][:10]}"' in page.text  # FORM's day, even across midnight
    empty = client.post("/checkins/1/hold", data={"held_on": "", "notes": "  "})
    assert empty.status_code == 422
    assert text_of(empty.text, "form-error").startswith("Write a line of notes")
    saved = client.post("/checkins/1/hold", data={"held_on": "", "notes": "Agreed on the deck"})
    today = date.today()
    assert f"Saved the meeting of {today:%a} {today.day} {today:%b %Y}." in flash_of(saved.text)
    again = client.post("/checkins/1/hold", data={"held_on": "", "notes": "Agreed on the deck"})
    assert again.status_code == 422
    assert "is already saved: a check-in keeps one meeting a day." in text_of(
        again.text, "form-error"
    )
    assert len(client.get("/api/checkins/1/meetings").json()) == 1


def test_dates_and_zones_are_written_for_people(client: TestClient) -> None:
    client.post("/checkins", data=FORM | {"timezone": "Etc/UTC"})
    client.post("/checkins/1/hold", data={"held_on": from_today(-1), "notes": "Deck"})
    listed = text_of(client.get("/checkins").text, "checkin-1")
    yesterday = date.today() - timedelta(days=1)
    assert f"last on {yesterday:%a} {yesterday.day} {yesterday:%b %Y}" in listed
    assert "UTC time" in listed
    assert "Etc/UTC" not in listed
    detail = client.get("/checkins/1").text
    assert "Etc/UTC" not in text_of(detail, "checkin-facts")
    assert re.search(r"since \w{3} \d{1,2} \w{3} \d{4}", text_of(detail, "agenda"))
    assert not re.search(r"\d{4}-\d{2}-\d{2}<", element(detail, "history"))


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
    assert re.search(rb"UID:checkin-1-[0-9a-f]{16}@microstep", response.content)


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


def test_lesson_search_counts_and_snippets_read_well(client: TestClient) -> None:
    add_lesson(
        client,
        "Pause before answering",
        context="The finance director challenged the forecast.",
        tags="presenting, speaking",
    )
    one = client.get("/lessons/search", params={"q": "speaking"})
    assert text_of(one.text, "search-summary") == "1 lesson matches “speaking”."
    assert "The finance director challenged the forecast." in element(one.text, "lesson-results")
    assert "speaking" not in element(one.text, "lesson-1").split('class="goal-meta"')[0]
    add_lesson(client, "Speak slowly", worked="Speaking slowly helped.")
    two = client.get("/lessons/search", params={"q": "speaking"})
    assert text_of(two.text, "search-summary") == "2 lessons match “speaking”, best first."


@pytest.mark.parametrize("path", ["/lessons", "/lessons/search"])
def test_a_search_over_the_limit_gets_the_inline_sentence(client: TestClient, path: str) -> None:
    page = client.get(path, params={"q": "presenting " * 30})
    assert page.status_code == 200
    assert text_of(page.text, "search-error") == (
        "The search is 329 characters long; keep it under 200."
    )


def test_a_tag_with_a_space_stays_one_tag_on_the_page(client: TestClient) -> None:
    saved = client.post("/lessons", data={"title": "Book the room early", "tags": "Sales Team"})
    assert 'href="/lessons?tag=sales-team"' in saved.text
    found = client.get("/lessons", params={"tag": "Sales Team"})
    assert "Book the room early" in element(found.text, "lesson-results")
    hits = client.get("/lessons/search", params={"q": "sales team"})
    assert "Book the room early" in hits.text


def test_a_bad_lesson_date_names_the_forms_it_takes(client: TestClient) -> None:
    page = client.post("/lessons", data={"title": "Book early", "learned_on": "next week"})
    assert page.status_code == 422
    message = text_of(page.text, "form-error")
    assert "'yesterday'" in message
    assert "tomorrow" not in message
    assert "+3d" not in message
    assert f'max="{from_today(0)}"' in page.text


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


def test_the_agenda_page_shows_goals_closed_short_apart(client: TestClient) -> None:
    add_checkin(client)
    for title, metric, target, value in (
        ("Annotate 3 dashboards", "dashboards", 3, 2),
        ("Ask 2 stakeholders one question", "answers", 2, 1),
    ):
        goal = {"title": title, "metric": metric, "target_value": target}
        made = client.post(
            "/api/goals", json=goal | {"due": from_today(3), "objective_id": 1, "start": True}
        )
        assert made.status_code == 201, made.text
        done = client.post(f"/api/goals/{made.json()['id']}/done", json={"outcome_value": value})
        assert done.status_code == 200, done.text
    agenda = text_of(client.get("/checkins/1").text, "agenda")
    assert "Closed short of target" in agenda
    assert "reached 2 of 3 dashboards" in agenda
    assert "reached 1 of 2 answers" in agenda
    assert "Goals done" not in agenda
    assert "1 answers" not in agenda
