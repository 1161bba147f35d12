"""Check-in use cases on both engines: add, next meeting, the generated agenda, meetings, stop."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from microstep.core.evidence import CheckInWith
from microstep.demo.reflection import build_reflection_demo
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import checkins, goals, practice, skills
from microstep.services.context import Context
from microstep.services.reflection_schemas import CheckInCreate, MeetingCreate
from microstep.services.schemas import (
    GoalCreate,
    GoalOutcome,
    MicroSkillCreate,
    PracticeCreate,
    SkillCreate,
)
from microstep.store.models import FeedbackRequest, Review
from tests.conftest import TODAY


def priya(**changes: object) -> CheckInCreate:
    """A fortnightly mentor check-in on Thursdays at 15:00 in Berlin."""
    fields: dict[str, object] = {
        "with_whom": "Priya (mentor)",
        "with_role": CheckInWith.MENTOR,
        "first": "2026-11-26 15:00",
        "every": "fortnightly",
        "timezone": "Europe/Berlin",
    }
    fields.update(changes)
    return CheckInCreate(**fields)  # type: ignore[arg-type]


def test_a_check_in_is_stored_with_its_rule_zone_and_next_meeting(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya())
    assert added.rrule == "FREQ=WEEKLY;INTERVAL=2"
    assert added.recurrence == "fortnightly"
    assert added.timezone == "Europe/Berlin"
    assert added.title == "Check-in with Priya (mentor)"
    assert added.first_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert added.next_at == added.first_at
    assert added.next_local == "Thu 26 Nov 2026, 15:00"
    assert [c.id for c in checkins.list_checkins(ctx)] == [added.id]


def test_a_past_series_shows_its_next_meeting_after_today(ctx: Context) -> None:
    added = checkins.add_checkin(
        ctx, priya(first="2026-10-15 15:00", rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", every=None)
    )
    assert added.next_at is not None
    assert added.next_at.astimezone().date() == date(2026, 11, 26)


def test_without_a_rhythm_a_check_in_is_fortnightly(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya(every=None))
    assert (added.recurrence, added.first_day) == ("fortnightly", date(2026, 11, 26))


@pytest.mark.parametrize("name", ["Etc/UTC", "UTC", "Zulu"])
def test_utc_is_kept_and_shown_as_utc(ctx: Context, name: str) -> None:
    added = checkins.add_checkin(ctx, priya(timezone=name))
    assert (added.timezone, added.zone_label) == ("UTC", "UTC")
    assert checkins.add_checkin(ctx, priya()).zone_label == "Berlin"


def test_the_machines_utc_zone_is_called_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Etc/UTC")
    assert checkins.local_zone_name() == "UTC"


@pytest.mark.parametrize("first", ["2020-01-01 10:00", "2025-11-17 10:00", "2031-01-01 10:00"])
def test_a_first_meeting_more_than_a_year_away_is_refused(ctx: Context, first: str) -> None:
    with pytest.raises(InvalidInput, match="pick a day within a year of today") as caught:
        checkins.add_checkin(ctx, priya(first=first))
    assert caught.value.field == "first"
    assert checkins.list_checkins(ctx) == []


def test_a_rule_that_first_meets_more_than_a_year_away_is_refused(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="The first meeting is on Tue 29 Feb 2028"):
        checkins.add_checkin(
            ctx,
            priya(
                first="2026-11-26 15:00", every=None, rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
            ),
        )


def test_check_in_messages_use_readable_labels(ctx: Context) -> None:
    with pytest.raises(InvalidInput) as caught:
        checkins.add_checkin(ctx, priya(with_whom="  "))
    assert caught.value.message == "Say who the check-in is with."
    with pytest.raises(InvalidInput) as caught:
        checkins.add_checkin(ctx, priya(with_whom="P" * 300))
    assert caught.value.message == "The name is 300 characters long; keep it under 200."
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    with pytest.raises(InvalidInput) as caught:
        checkins.hold_meeting(ctx, added.id, MeetingCreate(notes="n" * 2001))
    assert caught.value.message.startswith("The text of your notes is 2001 characters long")


def test_the_default_zone_is_the_machines(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    added = checkins.add_checkin(ctx, priya(timezone=None))
    assert added.timezone == "America/New_York"
    assert added.first_at == datetime(2026, 11, 26, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rrule": "FREQ=HOURLY", "every": None}, "rrule"),
        ({"every": "sometimes"}, "every"),
        ({"first": "next week"}, "first"),
        ({"timezone": "Moon/Base"}, "timezone"),
        ({"with_whom": "   "}, "with_whom"),
    ],
)
def test_bad_check_ins_are_refused_and_nothing_is_written(
    ctx: Context, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        checkins.add_checkin(ctx, priya(**changes))
    assert caught.value.field == field
    assert checkins.list_checkins(ctx) == []


def _done_goal(ctx: Context, title: str) -> None:
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title=title,
            metric="reports",
            target_value=3,
            due=TODAY + timedelta(days=3),
            objective_id=1,
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=3, outcome_note="All on time"))


def _plateau(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="Public speaking", current_level=1))
    item = practice.add_microskill(
        ctx,
        MicroSkillCreate(
            skill_id=skill.id,
            definition="Pause before answering",
            metric="filler words",
            unit="per min",
            mastery_threshold=0.5,
        ),
    )
    for days_ago in range(12, 0, -1):
        entry = PracticeCreate(
            minutes=5,
            rating="good",
            metric_value=4 + (days_ago % 2) * 0.5,
            practised_on=TODAY - timedelta(days=days_ago),
        )
        practice.log_practice(ctx, item.id, entry)


def _open_questions(ctx: Context) -> None:
    now = ctx.now()
    with ctx.db.transaction() as session:
        session.add(
            FeedbackRequest(
                person_id=ctx.person_id,
                asked_whom="Lena",
                about="Friday summary",
                question="Was the summary useful?",
                asked_on=TODAY - timedelta(days=4),
                status="open",
                created_at=now,
            )
        )
        session.add(
            Review(
                person_id=ctx.person_id,
                week_start=date(2026, 11, 9),
                summary={},
                to_adjust="Plan Friday's summary on Wednesday.",
                created_at=now,
                updated_at=now,
            )
        )
    _overdue(ctx)


def _overdue(ctx: Context) -> None:
    # A goal cannot be added already overdue, so add it due soon and look from a later day.
    goals.add_goal(
        ctx,
        GoalCreate(
            title="Draft the dbt model",
            metric="models",
            target_value=1,
            due=TODAY - timedelta(days=0),
            objective_id=1,
        ),
    )


def test_the_agenda_gathers_goals_done_plateaus_and_open_questions(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya())
    _done_goal(ctx, "Rewrite 3 reports with window functions")
    _plateau(ctx)
    _open_questions(ctx)
    later = Context(db=ctx.db, person_id=ctx.person_id, today=TODAY + timedelta(days=2))
    agenda = checkins.agenda(later, added.id)
    sections = {s.title: s.items for s in agenda.sections}
    assert agenda.since == later.today - timedelta(days=28)
    assert sections["Goals done"] == [
        "Rewrite 3 reports with window functions (done 18 Nov): reached 3 reports; All on time"
    ]
    assert sections["Plateaus"][0].startswith("Pause before answering: Over your last 12 sessions")
    questions = sections["Open questions"]
    assert questions[0] == "Waiting on Lena since 14 Nov: Was the summary useful?"
    assert questions[1].startswith("Overdue by 2 days: Draft the dbt model")
    assert (
        questions[2]
        == "From the last weekly review, to adjust: Plan Friday's summary on Wednesday."
    )
    assert "## Goals done" in agenda.text


def test_holding_a_meeting_keeps_the_agenda_and_restarts_the_window(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    _done_goal(ctx, "Rewrite 3 reports with window functions")
    before = checkins.agenda(ctx, added.id)
    meeting = checkins.hold_meeting(
        ctx, added.id, MeetingCreate(notes="Agreed to present the churn deck.")
    )
    assert meeting.held_on == TODAY
    assert meeting.agenda == before.text
    assert "Rewrite 3 reports" in meeting.agenda
    after = checkins.agenda(ctx, added.id)
    assert after.since == TODAY + timedelta(days=1)
    assert after.sections == []
    assert [m.id for m in checkins.history(ctx, added.id)] == [meeting.id]
    listed = checkins.list_checkins(ctx)[0]
    assert (listed.meetings, listed.last_held) == (1, TODAY)


@pytest.mark.parametrize(
    ("held_on", "match"),
    [(TODAY + timedelta(days=1), "in the future"), (date(2026, 11, 1), "before this check-in")],
)
def test_a_meeting_on_an_impossible_day_is_refused(ctx: Context, held_on: date, match: str) -> None:
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    with pytest.raises(InvalidInput, match=match):
        checkins.hold_meeting(ctx, added.id, MeetingCreate(held_on=held_on))
    assert checkins.history(ctx, added.id) == []


def test_a_second_meeting_on_the_same_day_is_refused(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    checkins.hold_meeting(ctx, added.id, MeetingCreate(notes="Agreed on the deck."))
    with pytest.raises(Conflict) as caught:
        checkins.hold_meeting(ctx, added.id, MeetingCreate(notes="Clicked twice."))
    assert caught.value.message == (
        "The meeting of Wed 18 Nov 2026 is already saved: a check-in keeps one meeting a day."
    )
    assert caught.value.field == "held_on"
    yesterday = checkins.hold_meeting(
        ctx, added.id, MeetingCreate(held_on=TODAY - timedelta(days=1), notes="Also fine.")
    )
    assert [m.id for m in checkins.history(ctx, added.id)][1] == yesterday.id
    assert len(checkins.history(ctx, added.id)) == 2


def test_an_empty_meeting_is_refused_but_an_edited_agenda_is_kept(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    generated = checkins.agenda(ctx, added.id).text
    for empty in (MeetingCreate(), MeetingCreate(notes="  "), MeetingCreate(agenda=generated)):
        with pytest.raises(InvalidInput, match="Write a line of notes") as caught:
            checkins.hold_meeting(ctx, added.id, empty)
        assert caught.value.field == "notes"
    assert checkins.history(ctx, added.id) == []
    kept = checkins.hold_meeting(ctx, added.id, MeetingCreate(agenda="## Promotion\n- criteria"))
    assert (kept.agenda, kept.notes) == ("## Promotion\n- criteria", None)


def test_a_meeting_before_the_first_one_names_that_day(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya())
    assert added.first_day == date(2026, 11, 26)
    with pytest.raises(InvalidInput) as caught:
        checkins.hold_meeting(ctx, added.id, MeetingCreate(notes="Too early."))
    assert caught.value.message == (
        "2026-11-18 is before this check-in's first meeting on Thu 26 Nov 2026."
    )


def test_a_stopped_check_in_has_no_next_meeting_and_takes_no_meetings(ctx: Context) -> None:
    added = checkins.add_checkin(ctx, priya(first="2026-11-12 15:00"))
    stopped = checkins.stop_checkin(ctx, added.id)
    assert (stopped.active, stopped.next_at) == (False, None)
    with pytest.raises(Conflict, match="stopped"):
        checkins.hold_meeting(ctx, added.id, MeetingCreate())
    with pytest.raises(Conflict, match="already stopped"):
        checkins.stop_checkin(ctx, added.id)


def test_unknown_check_ins_are_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound, match="no check-in #9"):
        checkins.agenda(ctx, 9)


def test_the_demo_manager_is_the_one_named_in_the_signals(ctx: Context) -> None:
    summary = build_reflection_demo(ctx, start=TODAY - timedelta(weeks=12), seed=7)
    assert summary.startswith("2 check-ins")
    assert {c.with_whom for c in checkins.list_checkins(ctx)} == {"Priya Raman", "Daniel Cho"}


def _finish(ctx: Context, title: str, metric: str, target: float, value: float) -> None:
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title=title,
            metric=metric,
            target_value=target,
            due=TODAY + timedelta(days=3),
            objective_id=1,
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=value))


def test_the_agenda_keeps_goals_closed_short_apart_and_counts_one_in_the_singular(
    ctx: Context,
) -> None:
    added = checkins.add_checkin(ctx, priya())
    _finish(ctx, "Annotate 3 dashboards", "dashboards", 3, 2)
    _finish(ctx, "Ask 2 stakeholders one question", "answers", 2, 1)
    _finish(ctx, "Build 1 staging model", "models", 1, 1)
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="Redesign the KPI chart",
            done_when="Two teammates say it reads faster",
            due=TODAY + timedelta(days=3),
            objective_id=1,
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_note="They did"))
    later = Context(db=ctx.db, person_id=ctx.person_id, today=TODAY + timedelta(days=1))
    sections = {s.title: s.items for s in checkins.agenda(later, added.id).sections}
    assert sections["Goals done"] == [
        "Build 1 staging model (done 18 Nov): reached 1 model",
        "Redesign the KPI chart (done 18 Nov): They did",
    ]
    assert sections["Closed short of target"] == [
        "Annotate 3 dashboards (closed 18 Nov): reached 2 of 3 dashboards",
        "Ask 2 stakeholders one question (closed 18 Nov): reached 1 of 2 answers",
    ]
