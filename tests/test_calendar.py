"""The calendar: an iCalendar document icalendar parses back, the export and the secret feed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from microstep.core.calendar import (
    CalendarCheckIn,
    CalendarDay,
    build_calendar,
    goal_description,
    owner_tag,
)
from microstep.core.evidence import CheckInWith
from microstep.errors import NotFound
from microstep.services import calendar, checkins, goals, practice, skills
from microstep.services.context import Context
from microstep.services.reflection_schemas import CheckInCreate
from microstep.services.schemas import GoalCreate, MicroSkillCreate, SkillCreate
from microstep.store import queries
from tests.conftest import TODAY
from tests.web import error_of

STAMP = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
OWNER = "0123456789abcdef"
MENTOR = CalendarCheckIn(
    id=3,
    title="Mentoring with Priya",
    with_whom="Priya (mentor)",
    first_at=datetime(2026, 10, 15, 13, 0, tzinfo=UTC),
    timezone="Europe/Berlin",
    duration_minutes=30,
    rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
)


def events(document: bytes) -> dict[str, object]:
    """The VEVENTs of a parsed document by UID."""
    parsed = Calendar.from_ical(document)
    return {str(event["uid"]): event for event in parsed.walk("VEVENT")}


def test_a_check_in_is_a_timed_event_in_its_zone_with_its_rule() -> None:
    document = build_calendar(checkins=[MENTOR], days=[], stamp=STAMP, owner=OWNER)
    parsed = Calendar.from_ical(document)
    assert str(parsed["prodid"]).startswith("-//microstep//")
    event = events(document)["checkin-3-0123456789abcdef@microstep"]
    start = event.decoded("dtstart")  # type: ignore[attr-defined]
    assert start == datetime(2026, 10, 15, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"  # type: ignore[index]
    assert event.decoded("dtend") - start == timedelta(minutes=30)  # type: ignore[attr-defined]
    rule = event["rrule"]  # type: ignore[index]
    assert rule["FREQ"] == ["WEEKLY"]
    assert rule["INTERVAL"] == [2]
    assert rule["BYDAY"] == ["TH"]
    assert event.decoded("dtstamp") == STAMP  # type: ignore[attr-defined]
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_days_are_all_day_events_and_the_output_is_deterministic() -> None:
    due = CalendarDay("practice-4", "Practise: pause before answering, 5 min", date(2026, 11, 19))
    first = build_calendar(checkins=[MENTOR], days=[due], stamp=STAMP, owner=OWNER)
    assert first == build_calendar(checkins=[MENTOR], days=[due], stamp=STAMP, owner=OWNER)
    event = events(first)["practice-4-0123456789abcdef@microstep"]
    assert event.decoded("dtstart") == date(2026, 11, 19)  # type: ignore[attr-defined]
    assert str(event["summary"]) == "Practise: pause before answering, 5 min"  # type: ignore[index]


def test_a_one_off_check_in_has_no_rule() -> None:
    once = CalendarCheckIn(7, "Coffee", "Sam", STAMP, "UTC", 45, None)
    event = events(build_calendar(checkins=[once], days=[], stamp=STAMP, owner=OWNER))[
        "checkin-7-0123456789abcdef@microstep"
    ]
    assert "rrule" not in event  # type: ignore[operator]


def _fill(ctx: Context) -> tuple[int, int, int]:
    mentor = checkins.add_checkin(
        ctx,
        CheckInCreate(
            with_whom="Priya",
            with_role=CheckInWith.MENTOR,
            first="2026-11-26 15:00",
            every="fortnightly",
            timezone="America/New_York",
        ),
    )
    stopped = checkins.add_checkin(
        ctx, CheckInCreate(with_whom="Old coach", first="2026-11-20 09:00", timezone="UTC")
    )
    checkins.stop_checkin(ctx, stopped.id)
    skill = skills.add_skill(ctx, SkillCreate(name="Public speaking", current_level=1))
    item = practice.add_microskill(
        ctx,
        MicroSkillCreate(
            skill_id=skill.id,
            definition="Pause before answering",
            metric="fillers",
            mastery_threshold=1,
            minutes=5,
        ),
    )
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="Rewrite 3 reports",
            metric="reports",
            target_value=3,
            due=TODAY + timedelta(days=4),
            objective_id=1,
        ),
    )
    return mentor.id, item.id, goal.id


def _uids(found: dict[str, object]) -> dict[str, str]:
    """UID by its kind and record ('goal-3'), checking every UID carries one owner tag."""
    owners = {uid.split("@")[0].rsplit("-", 1)[1] for uid in found}
    assert len(owners) == 1
    [owner] = owners
    assert re.fullmatch(r"[0-9a-f]{16}", owner)
    return {uid.split("@")[0].rsplit("-", 1)[0]: uid for uid in found}


def test_the_export_holds_active_check_ins_due_practice_and_goal_dates(ctx: Context) -> None:
    mentor, microskill, goal = _fill(ctx)
    found = events(calendar.export_calendar(ctx))
    uids = _uids(found)
    assert set(uids) == {f"checkin-{mentor}", f"practice-{microskill}", f"goal-{goal}"}
    start = found[uids[f"checkin-{mentor}"]].decoded("dtstart")  # type: ignore[attr-defined]
    assert (start.hour, str(start.tzinfo)) == (15, "America/New_York")
    practice_event = found[uids[f"practice-{microskill}"]]
    assert str(practice_event["summary"]) == "Practise: Pause before answering, 5 min"  # type: ignore[index]
    assert practice_event.decoded("dtstart") == TODAY  # type: ignore[attr-defined]
    goal_event = found[uids[f"goal-{goal}"]]
    assert goal_event.decoded("dtstart") == TODAY + timedelta(days=4)  # type: ignore[attr-defined]


def test_uids_stay_the_same_between_exports_and_differ_between_people(ctx: Context) -> None:
    _fill(ctx)
    first = set(events(calendar.export_calendar(ctx)))
    assert first == set(events(calendar.export_calendar(ctx)))
    with ctx.db.transaction() as session:
        other = queries.add_person(session=session, name="Ben", is_local=False, now=ctx.now())
        session.flush()
        other_id = other.id
    ben = Context(db=ctx.db, person_id=other_id, today=TODAY)
    checkins.add_checkin(ben, CheckInCreate(with_whom="Priya", first="2026-11-26 15:00"))
    [ben_uid] = events(calendar.export_calendar(ben))
    assert ben_uid not in first
    assert re.fullmatch(r"checkin-\d+-[0-9a-f]{16}@microstep", ben_uid)


def test_the_owner_tag_tells_apart_the_same_person_id_in_two_databases() -> None:
    one = owner_tag(1, datetime(2026, 11, 1, 9, 0, 0, 123456, tzinfo=UTC))
    other = owner_tag(1, datetime(2026, 11, 1, 9, 0, 0, 654321, tzinfo=UTC))
    assert one != other
    assert one == owner_tag(
        1, datetime(2026, 11, 1, 10, 0, 0, 123456, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    assert one != owner_tag(2, datetime(2026, 11, 1, 9, 0, 0, 123456, tzinfo=UTC))


def test_a_goal_event_says_its_target_or_test_and_what_it_serves(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL window functions", current_level=1))
    measured = goals.add_goal(
        ctx,
        GoalCreate(
            title="Rewrite 3 reports",
            metric="reports",
            target_value=3,
            due=TODAY + timedelta(days=4),
            skill_id=skill.id,
        ),
    )
    tested = goals.add_goal(
        ctx,
        GoalCreate(
            title="Redesign the KPI chart",
            done_when="Two teammates say it reads faster",
            due=TODAY + timedelta(days=5),
            objective_id=1,
        ),
    )
    found = events(calendar.export_calendar(ctx))
    uids = _uids(found)
    first = str(found[uids[f"goal-{measured.id}"]]["description"])  # type: ignore[index]
    assert first == "Target: 3 reports.\nFor the skill SQL window functions."
    second = str(found[uids[f"goal-{tested.id}"]]["description"])  # type: ignore[index]
    assert second.startswith('Done when: Two teammates say it reads faster.\nFor the objective "')


def test_a_goal_description_names_the_metric_and_the_direction() -> None:
    assert goal_description(metric="runtime", target=30, unit="s", lower=True) == (
        "Target: at most 30 s (runtime)."
    )
    assert goal_description(metric="models", target=1, unit=None) == "Target: 1 model."
    assert goal_description(metric="minutes", target=30, unit="min") == "Target: 30 min (minutes)."
    assert goal_description(metric=None, target=None, unit=None, done_when="Shipped.") == (
        "Done when: Shipped."
    )


def test_the_feed_token_is_made_once_and_reset_replaces_it(ctx: Context) -> None:
    assert calendar.current_feed_url(ctx, base="http://h:1") is None
    first = calendar.feed_url(ctx, base="http://127.0.0.1:8000/")
    assert first.created
    assert first.url.startswith("http://127.0.0.1:8000/calendar/")
    assert first.url.endswith(".ics")
    again = calendar.feed_url(ctx, base="http://127.0.0.1:8000")
    assert (again.url, again.created) == (first.url, False)
    token = first.url.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 32
    assert calendar.feed_document(ctx.db, token).startswith(b"BEGIN:VCALENDAR")
    reset = calendar.feed_url(ctx, base="http://127.0.0.1:8000", reset=True)
    assert reset.url != first.url
    with pytest.raises(NotFound):
        calendar.feed_document(ctx.db, token)


def test_no_feed_answers_before_a_token_exists(ctx: Context) -> None:
    with pytest.raises(NotFound):
        calendar.feed_document(ctx.db, "")


def test_the_feed_url_serves_the_calendar_and_a_wrong_token_is_refused(
    client: TestClient, ctx: Context
) -> None:
    _fill(ctx)
    url = client.post("/api/calendar/feed").json()["url"]
    assert url.startswith("http://127.0.0.1/calendar/")
    path = url.removeprefix("http://127.0.0.1")
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert len(events(answer.content)) == 3
    assert client.get(path.replace("/calendar/", "/calendar/x")).status_code == 404
    assert client.get("/calendar/not-the-token.ics").status_code == 404
    client.post("/api/calendar/feed", params={"reset": True})
    assert client.get(path).status_code == 404


def test_a_bad_reset_flag_is_refused_in_the_one_error_shape(client: TestClient) -> None:
    error = error_of(client.post("/api/calendar/feed", params={"reset": "maybe"}), 422)
    assert error["field"] == "reset"
