"""`microstep checkin|calendar|lesson` as a person and a script use them."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli import ms, refused

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """A known time zone (on top of the isolated settings)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def ready(db_url: str) -> str:
    """A database with Ana set up."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Senior analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    return db_url


def checkin_json(db: str) -> list[dict[str, object]]:
    result = ms("checkin", "list", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_add_list_agenda_hold_history_stop(ready: str) -> None:
    added = ms(
        "checkin",
        "add",
        "--with",
        "Priya (mentor)",
        "--role",
        "mentor",
        "--first",
        "2026-10-15 15:00",
        "--every",
        "fortnightly",
        db=ready,
    )
    assert added.exit_code == 0, added.output
    assert "Added check-in #1" in added.stdout
    [row] = checkin_json(ready)
    assert row["timezone"] == "Europe/Berlin"
    assert row["rrule"] == "FREQ=WEEKLY;INTERVAL=2"
    assert row["next_local"] is not None
    assert str(row["next_local"]).endswith("15:00")
    agenda = ms("checkin", "agenda", "1", "--format", "json", db=ready)
    assert json.loads(agenda.stdout)["checkin_id"] == 1
    held = ms(
        "checkin", "hold", "1", "--on", "yesterday", "--notes", "Agreed on the deck", db=ready
    )
    assert held.exit_code == 0, held.output
    history = json.loads(ms("checkin", "history", "1", "--format", "json", db=ready).stdout)
    assert [m["notes"] for m in history] == ["Agreed on the deck"]
    assert history[0]["agenda"]
    assert ms("checkin", "stop", "1", db=ready).exit_code == 0
    assert checkin_json(ready)[0]["active"] is False


def test_a_raw_rrule_and_minutes_are_kept(ready: str) -> None:
    result = ms(
        "checkin",
        "add",
        "--with",
        "Sam",
        "--role",
        "supervisor",
        "--first",
        "2026-11-26 09:30",
        "--rrule",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        "--minutes",
        "45",
        "--title",
        "1:1",
        db=ready,
    )
    assert result.exit_code == 0, result.output
    [row] = checkin_json(ready)
    assert (row["rrule"], row["duration_minutes"], row["title"]) == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        45,
        "1:1",
    )


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--every", "hourly"], "'hourly' is not a recurrence"),
        (["--rrule", "FREQ=HOURLY"], "That RRULE cannot be used: a check-in repeats at most daily"),
        (["--rrule", "FREQ=WEEKLY;UNTIL=soon"], "That RRULE cannot be used: UNTIL"),
        (["--rrule", "FREQ=WEEKLY", "--every", "weekly"], "Give either"),
        (["--tz", "Atlantis/Capital"], "'Atlantis/Capital' is not a time zone"),
    ],
)
def test_bad_check_ins_exit_2_and_write_nothing(ready: str, args: list[str], start: str) -> None:
    result = ms("checkin", "add", "--with", "Sam", "--first", "2026-11-26 09:30", *args, db=ready)
    refused(result, start)
    assert checkin_json(ready) == []


def test_without_every_a_check_in_is_fortnightly_as_on_the_web(ready: str) -> None:
    assert "[default: fortnightly" in ms("checkin", "add", "--help").stdout
    first = (date.today() - timedelta(days=14)).isoformat()
    added = ms("checkin", "add", "--with", "Sam", "--first", f"{first} 09:30", db=ready)
    assert added.exit_code == 0, added.output
    assert "(fortnightly)" in added.stdout
    [row] = checkin_json(ready)
    assert row["rrule"] == "FREQ=WEEKLY;INTERVAL=2"


def test_an_empty_or_second_meeting_of_a_day_is_refused(ready: str) -> None:
    first = (date.today() - timedelta(days=14)).isoformat()
    ms("checkin", "add", "--with", "Sam", "--first", f"{first} 09:30", db=ready)
    refused(ms("checkin", "hold", "1", db=ready), "Write a line of notes")
    saved = ms("checkin", "hold", "1", "--notes", "Agreed on the deck", db=ready)
    assert saved.exit_code == 0, saved.output
    refused(ms("checkin", "hold", "1", "--notes", "Again", db=ready), "The meeting of")
    history = json.loads(ms("checkin", "history", "1", "--format", "json", db=ready).stdout)
    assert [m["notes"] for m in history] == ["Agreed on the deck"]


def test_a_first_meeting_years_away_is_refused(ready: str) -> None:
    result = ms("checkin", "add", "--with", "Sam", "--first", "2031-01-01 10:00", db=ready)
    refused(result, "The first meeting is on Wed 1 Jan 2031: pick a day within a year of today")
    assert checkin_json(ready) == []


def test_a_first_meeting_without_a_time_is_refused(ready: str) -> None:
    refused(ms("checkin", "add", "--with", "Sam", "--first", "friday", db=ready), "'friday' needs")


def test_holding_a_future_or_unknown_meeting_is_refused(ready: str) -> None:
    ms(
        "checkin",
        "add",
        "--with",
        "Sam",
        "--first",
        "2026-10-01 10:00",
        "--every",
        "weekly",
        db=ready,
    )
    later = (date.today() + timedelta(days=3)).isoformat()
    refused(ms("checkin", "hold", "1", "--on", "+3d", db=ready), f"{later} is in the future")
    refused(ms("checkin", "hold", "7", db=ready), "There is no check-in #7.")
    assert json.loads(ms("checkin", "history", "1", "--format", "json", db=ready).stdout) == []


def test_calendar_export_writes_a_parsable_file(ready: str, tmp_path: Path) -> None:
    ms(
        "checkin",
        "add",
        "--with",
        "Priya",
        "--first",
        "2026-12-03 15:00",
        "--every",
        "weekly",
        db=ready,
    )
    out = tmp_path / "me.ics"
    result = ms("calendar", "export", "--out", str(out), db=ready)
    assert result.exit_code == 0, result.output
    assert "Wrote 1 event to" in result.stdout
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert re.fullmatch(r"checkin-1-[0-9a-f]{16}@microstep", str(event["uid"]))
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"


def test_calendar_export_refuses_a_missing_folder_or_wrong_suffix(
    ready: str, tmp_path: Path
) -> None:
    refused(
        ms("calendar", "export", "--out", str(tmp_path / "no" / "me.ics"), db=ready), "The folder"
    )
    refused(ms("calendar", "export", "--out", str(tmp_path / "me.txt"), db=ready), "The file")
    assert list(tmp_path.glob("*.txt")) == []


def test_calendar_feed_prints_a_stable_url_until_reset(ready: str) -> None:
    first = ms("calendar", "feed", db=ready).stdout.strip()
    assert first.startswith("http://127.0.0.1:8000/calendar/")
    assert first.endswith(".ics")
    assert ms("calendar", "feed", db=ready).stdout.strip() == first
    reset = ms("calendar", "feed", "--reset", db=ready).stdout.strip().splitlines()[0]
    assert reset != first


def test_lessons_add_list_search_show_edit_delete(ready: str) -> None:
    added = ms(
        "lesson",
        "add",
        "Send the deck a day early",
        "--context",
        "A presentation to sales",
        "--worked",
        "Questions came early",
        "--did-not",
        "Too many slides",
        "--next-time",
        "One-page summary",
        "--tags",
        "Presenting, stakeholders",
        "--on",
        "yesterday",
        db=ready,
    )
    assert added.exit_code == 0, added.output
    ms("lesson", "add", "Check row counts", "--tags", "sql", db=ready)
    listed = json.loads(
        ms("lesson", "list", "--tag", "presenting", "--format", "json", db=ready).stdout
    )
    assert [(row["id"], row["tags"]) for row in listed] == [(1, ["presenting", "stakeholders"])]
    found = json.loads(ms("lesson", "search", "presenting", "--format", "json", db=ready).stdout)
    assert [hit["lesson"]["id"] for hit in found] == [1]
    assert any(part["hit"] for part in found[0]["snippet"])
    shown = ms("lesson", "show", "1", db=ready)
    assert "Next time: One-page summary" in shown.stdout
    assert ms("lesson", "edit", "1", "--next-time", "Two slides at most", db=ready).exit_code == 0
    one = json.loads(ms("lesson", "show", "1", "--format", "json", db=ready).stdout)
    assert (one["next_time"], one["worked"]) == ("Two slides at most", "Questions came early")
    assert ms("lesson", "delete", "2", db=ready).exit_code == 0
    assert [
        r["id"] for r in json.loads(ms("lesson", "list", "--format", "json", db=ready).stdout)
    ] == [1]


def test_lesson_search_takes_any_text(ready: str) -> None:
    ms("lesson", "add", "Check row counts", "--tags", "sql", db=ready)
    result = ms("lesson", "search", 'sql" AND (*', db=ready)
    assert result.exit_code == 0, result.output
    assert "Check row counts" in result.stdout
    refused(ms("lesson", "search", '" ( *', db=ready), "Type a word or two")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["lesson", "add", "  "], "The title is empty"),
        (["lesson", "add", "ok", "--tags", "c++"], "The tag 'c++'"),
        (["lesson", "add", "ok", "--on", "someday"], "'someday' is not a date"),
        (["lesson", "edit", "1"], "Nothing to change"),
        (["lesson", "show", "5"], "There is no lesson #5."),
    ],
)
def test_bad_lessons_exit_2_and_write_nothing(ready: str, args: list[str], start: str) -> None:
    refused(ms(*args, db=ready), start)
    assert json.loads(ms("lesson", "list", "--format", "json", db=ready).stdout) == []


def test_the_agenda_counts_one_answer_and_sets_goals_closed_short_apart(ready: str) -> None:
    ms("checkin", "add", "--with", "Priya", "--first", "2026-12-03 15:00", db=ready)
    for title, metric, target in (
        ("Ask 2 stakeholders one question", "answers", "2"),
        ("Send 1 summary after the review", "summaries", "1"),
    ):
        added = ms(
            "goal",
            "add",
            title,
            "--metric",
            metric,
            "--target",
            target,
            "--due",
            "+3d",
            "--objective",
            "1",
            "--start",
            db=ready,
        )
        assert added.exit_code == 0, added.output
    for goal_id in ("1", "2"):
        done = ms("goal", "done", goal_id, "--outcome", "1", db=ready)
        assert done.exit_code == 0, done.output
    result = ms("checkin", "agenda", "1", db=ready)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Goals done • Send 1 summary after the review" in text
    assert "reached 1 summary" in text
    assert "Closed short of target • Ask 2 stakeholders one question" in text
    assert "reached 1 of 2 answers" in text
    assert "1 answers" not in text
