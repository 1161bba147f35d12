"""Check-in rules in core: recurrence words and RRULEs, wall-clock occurrences, the agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core import checkins as core
from microstep.core.dates import day_label
from microstep.core.text import amount, singular
from microstep.errors import InvalidInput

BERLIN = core.zone("Europe/Berlin")
NEW_YORK = core.zone("America/New_York")
FIRST = datetime(2026, 10, 15, 13, 0, tzinfo=UTC)  # Thursday 15:00 in Berlin (summer time)


@pytest.mark.parametrize(
    ("word", "rule"),
    [
        ("weekly", "FREQ=WEEKLY"),
        ("Fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("once", None),
    ],
)
def test_friendly_words_become_rrules(word: str, rule: str | None) -> None:
    assert core.recurrence(word, None, first=FIRST, tz=BERLIN) == rule


def test_no_recurrence_means_fortnightly_as_on_the_web_form() -> None:
    assert core.recurrence(None, None, first=FIRST, tz=BERLIN) == "FREQ=WEEKLY;INTERVAL=2"
    assert core.DEFAULT_EVERY == "fortnightly"


def test_an_unknown_word_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidInput, match="fortnightly"):
        core.recurrence("every other blue moon", None, first=FIRST, tz=BERLIN)


def test_a_word_and_a_raw_rule_together_are_refused() -> None:
    with pytest.raises(InvalidInput, match="not both"):
        core.recurrence("weekly", "FREQ=WEEKLY", first=FIRST, tz=BERLIN)


def test_a_raw_rule_is_accepted_and_made_canonical() -> None:
    rule = core.check_rrule("rrule: freq=weekly;interval=2;byday=th;", first=FIRST, tz=BERLIN)
    assert rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"


def test_until_is_stored_in_utc_at_the_end_of_the_local_day() -> None:
    rule = core.check_rrule("FREQ=WEEKLY;UNTIL=20270101", first=FIRST, tz=BERLIN)
    assert rule == "FREQ=WEEKLY;UNTIL=20270101T225959Z"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FREQ=HOURLY", "at most daily"),
        ("FREQ=MINUTELY;INTERVAL=5", "at most daily"),
        ("FREQ=SECONDLY", "at most daily"),
        ("FREQ=WEEKLY;DTSTART=20260101T000000Z", "leave DTSTART out"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "UNTIL=TOMORROW is not a date"),
        ("FREQ=WEEKLY;UNTIL=20261399", "is not a date"),
        ("FREQ=WEEKLY;UNTIL=20260101", "no meeting"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "COUNT or UNTIL"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=MONTHLY;BYDAY=XX", "misspelt or out of range"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no meeting"),
        ("every thursday", "characters"),
        ("BYDAY=TH", "FREQ must be"),
        ("FREQ=WEEKLY;FREQ=DAILY", "twice"),
        ("", "empty"),
    ],
)
def test_bad_rules_are_refused_in_one_sentence(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as caught:
        core.check_rrule(text, first=FIRST, tz=BERLIN)
    message = caught.value.message
    assert message.endswith(".")
    assert "\n" not in message
    assert "dateutil" not in message
    assert caught.value.field == "rrule"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_never_crashes_the_validator(text: str) -> None:
    try:
        rule = core.check_rrule(text, first=FIRST, tz=BERLIN)
    except InvalidInput as exc:
        message = exc.message
        rule = None
    if rule is None:
        assert message.endswith(".")
        return
    assert core.next_occurrence(rule, first=FIRST, tz=BERLIN, after=FIRST) is not None


rule_parts = st.lists(
    st.sampled_from(
        [
            "FREQ=DAILY",
            "FREQ=WEEKLY",
            "FREQ=MONTHLY",
            "FREQ=YEARLY",
            "FREQ=HOURLY",
            "INTERVAL=2",
            "INTERVAL=0",
            "COUNT=4",
            "UNTIL=20270101",
            "UNTIL=2027",
            "BYDAY=MO,TH",
            "BYDAY=-1FR",
            "BYMONTHDAY=31",
            "BYMONTH=2",
            "BYSETPOS=-1",
            "WKST=SU",
            "BYDAY=9XX",
            "BYWEEKNO=53",
            "BYYEARDAY=366",
        ]
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(rule_parts)
def test_plausible_rules_are_accepted_or_refused_never_crash(parts: list[str]) -> None:
    try:
        rule = core.check_rrule(";".join(parts), first=FIRST, tz=BERLIN)
    except InvalidInput:
        return
    assert core.first_meeting(rule, first=FIRST, tz=BERLIN) >= FIRST


def test_occurrences_keep_the_wall_clock_across_daylight_saving() -> None:
    meetings = core.occurrences(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
        first=FIRST,
        tz=BERLIN,
        start=FIRST,
        end=datetime(2026, 11, 30, tzinfo=UTC),
    )
    local = [m.astimezone(BERLIN) for m in meetings]
    assert [m.date() for m in local] == [
        date(2026, 10, 15),
        date(2026, 10, 29),
        date(2026, 11, 12),
        date(2026, 11, 26),
    ]
    assert {(m.hour, m.minute) for m in local} == {(15, 0)}
    # Berlin leaves summer time on 25 October: the UTC hour moves, the wall clock does not.
    assert [m.hour for m in meetings] == [13, 14, 14, 14]


def test_spring_forward_keeps_new_york_meetings_at_nine() -> None:
    first = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)  # Monday 09:00 EST
    meetings = core.occurrences(
        "FREQ=WEEKLY", first=first, tz=NEW_YORK, start=first, end=first + timedelta(days=21)
    )
    assert [m.astimezone(NEW_YORK).hour for m in meetings] == [9, 9, 9, 9]
    assert [m.hour for m in meetings] == [14, 14, 13, 13]


def test_next_occurrence_and_a_finished_series() -> None:
    after = datetime(2026, 11, 18, tzinfo=UTC)
    upcoming = core.next_occurrence("FREQ=WEEKLY;INTERVAL=2", first=FIRST, tz=BERLIN, after=after)
    assert upcoming == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    assert core.next_occurrence("FREQ=WEEKLY;COUNT=2", first=FIRST, tz=BERLIN, after=after) is None
    assert core.next_occurrence(None, first=FIRST, tz=BERLIN, after=after) is None


def test_the_first_meeting_moves_to_the_first_day_the_rule_gives() -> None:
    wednesday = datetime(2026, 10, 14, 13, 0, tzinfo=UTC)
    first = core.first_meeting("FREQ=WEEKLY;BYDAY=TH", first=wednesday, tz=BERLIN)
    assert first == FIRST


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("2026-11-26 15:00", datetime(2026, 11, 26, 15, 0)),
        ("2026-11-26T09:30", datetime(2026, 11, 26, 9, 30)),
        ("thursday 15:00", datetime(2026, 11, 19, 15, 0)),
        ("+1w 8.15", datetime(2026, 11, 25, 8, 15)),
    ],
)
def test_when_is_read_in_the_persons_zone(text: str, local: datetime) -> None:
    moment = core.parse_when(text, today=date(2026, 11, 18), tz=BERLIN)
    assert moment.tzinfo is UTC
    assert moment.astimezone(BERLIN).replace(tzinfo=None) == local


@pytest.mark.parametrize("text", ["friday", "2026-11-26 25:00", "soon 15:00", "15:00", ""])
def test_when_without_a_day_and_a_time_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        core.parse_when(text, today=date(2026, 11, 18), tz=BERLIN)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_first_meeting_asks_for_one(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.parse_when(text, today=date(2026, 11, 18), tz=BERLIN)
    assert caught.value.message.startswith("Pick the day and time of the first meeting")


@pytest.mark.parametrize(
    "local",
    [datetime(2026, 11, 18, 9, 0), datetime(2025, 11, 19, 9, 0), datetime(2027, 11, 17, 18, 0)],
)
def test_a_first_meeting_within_a_year_of_today_is_accepted(local: datetime) -> None:
    core.check_first(local.replace(tzinfo=BERLIN), today=date(2026, 11, 18), tz=BERLIN)


@pytest.mark.parametrize(
    "local", [datetime(2020, 1, 1, 10, 0), datetime(2025, 11, 17, 9, 0), datetime(2031, 1, 1, 9)]
)
def test_a_first_meeting_more_than_a_year_away_is_refused(local: datetime) -> None:
    with pytest.raises(InvalidInput) as caught:
        core.check_first(local.replace(tzinfo=BERLIN), today=date(2026, 11, 18), tz=BERLIN)
    assert caught.value.field == "first"
    assert caught.value.message.endswith("from Tue 18 Nov 2025 to Thu 18 Nov 2027.")


@pytest.mark.parametrize(
    ("name", "canonical", "label"),
    [
        ("Etc/UTC", "UTC", "UTC"),
        ("Zulu", "UTC", "UTC"),
        ("UTC", "UTC", "UTC"),
        ("Europe/Berlin", "Europe/Berlin", "Berlin"),
        ("America/New_York", "America/New_York", "New York"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", "Buenos Aires"),
    ],
)
def test_zones_are_shown_as_people_say_them(name: str, canonical: str, label: str) -> None:
    assert core.canonical_zone(name) == canonical
    assert core.zone_label(name) == label


def test_days_are_written_one_way() -> None:
    assert day_label(date(2026, 11, 5)) == "Thu 5 Nov 2026"
    assert day_label(date(2026, 11, 5), weekday=False, year=False) == "5 Nov"


@pytest.mark.parametrize("name", ["Mars/Olympus", "../etc/passwd", "", "/usr/share/zoneinfo/UTC"])
def test_unknown_time_zones_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        core.zone(name)


def test_the_agenda_groups_progress_and_leaves_empty_headings_out() -> None:
    today = date(2026, 11, 18)
    agenda = core.build_agenda(
        core.AgendaInputs(
            since=date(2026, 11, 6),
            today=today,
            done=[core.DoneGoal("Rewrite 3 reports", date(2026, 11, 10), "reached 3 reports")],
            plateaus=[core.Plateau("Pause before answering", "Over your last 12 sessions ...")],
            feedback=[core.OpenFeedback("Lena", "Was the summary useful?", date(2026, 11, 9))],
            overdue=[core.OverdueGoal("Draft the dbt model", date(2026, 11, 15))],
            to_adjust="Plan Friday's summary on Wednesday.",
        )
    )
    assert [s.title for s in agenda.sections] == ["Goals done", "Plateaus", "Open questions"]
    assert agenda.sections[0].items == ["Rewrite 3 reports (done 10 Nov): reached 3 reports"]
    questions = agenda.sections[2].items
    assert questions[0] == "Waiting on Lena since 9 Nov: Was the summary useful?"
    assert questions[1].startswith("Overdue by 3 days: Draft the dbt model")
    assert questions[2].endswith("Plan Friday's summary on Wednesday.")
    assert agenda.text().splitlines()[:2] == [
        "## Goals done",
        "- Rewrite 3 reports (done 10 Nov): reached 3 reports",
    ]


def test_an_empty_agenda_says_so() -> None:
    agenda = core.build_agenda(
        core.AgendaInputs(since=date(2026, 10, 21), today=date(2026, 11, 18))
    )
    assert agenda.sections == []
    assert "Nothing recorded since Wed 21 Oct 2026" in agenda.text()


def test_the_agenda_covers_the_days_after_the_last_meeting_or_four_weeks() -> None:
    today = date(2026, 11, 18)
    assert core.agenda_since(None, today=today) == date(2026, 10, 21)
    assert core.agenda_since(date(2026, 11, 12), today=today) == date(2026, 11, 13)


def test_a_goal_closed_short_of_its_target_has_its_own_heading() -> None:
    done, done_short = core.goal_outcome(value=3, target=3, unit="reports")
    short, is_short = core.goal_outcome(value=2, target=3, unit="dashboards", note="Ran out")
    agenda = core.build_agenda(
        core.AgendaInputs(
            since=date(2026, 11, 6),
            today=date(2026, 11, 18),
            done=[
                core.DoneGoal("Rewrite 3 reports", date(2026, 11, 10), done, done_short),
                core.DoneGoal("Annotate 3 dashboards", date(2026, 11, 12), short, is_short),
            ],
        )
    )
    assert (done_short, is_short) == (False, True)
    assert [s.title for s in agenda.sections] == ["Goals done", "Closed short of target"]
    assert agenda.sections[0].items == ["Rewrite 3 reports (done 10 Nov): reached 3 reports"]
    assert agenda.sections[1].items == [
        "Annotate 3 dashboards (closed 12 Nov): reached 2 of 3 dashboards; Ran out"
    ]


@pytest.mark.parametrize(
    ("value", "target", "unit", "lower", "expected"),
    [
        (1, 2, "answers", False, ("reached 1 of 2 answers", True)),
        (1, 1, "models", False, ("reached 1 model", False)),
        (1, 1, "summaries", False, ("reached 1 summary", False)),
        (1, None, "answers", False, ("reached 1 answer", False)),
        (20, 30, "min", False, ("reached 20 of 30 min", True)),
        (36, 30, "min", False, ("reached 36 min", False)),
        (30, 30, "s", True, ("reached 30 s", False)),
        (35, 30, "s", True, ("reached 35 s against a target of 30 s", True)),
        (0.5, 1, "", False, ("reached 0.5 of 1", True)),
    ],
)
def test_a_goal_outcome_reads_as_plain_english(
    value: float, target: float | None, unit: str, lower: bool, expected: tuple[str, bool]
) -> None:
    assert core.goal_outcome(value=value, target=target, unit=unit, lower=lower) == expected


def test_a_goal_without_a_target_or_value_keeps_its_outcome_text() -> None:
    assert core.goal_outcome(value=None, target=None, unit="", note="Shipped it") == (
        "Shipped it",
        False,
    )
    assert core.goal_outcome(value=None, target=3, unit="reports") == (None, False)


@pytest.mark.parametrize(
    ("unit", "one"),
    [
        ("answers", "answer"),
        ("summaries", "summary"),
        ("boxes", "box"),
        ("min", "min"),
        ("s", "s"),
        ("hours", "hour"),
        ("classes", "class"),
        ("%", "%"),
        ("status", "status"),
    ],
)
def test_units_turn_singular_for_exactly_one(unit: str, one: str) -> None:
    assert singular(unit) == one
    assert amount(1, unit) == f"1 {one}"
    assert amount(2, unit) == f"2 {unit}"


def test_lower_is_better_follows_the_goal_words() -> None:
    assert core.lower_is_better("Cut the churn query runtime below 30 s", "runtime")
    assert not core.lower_is_better("Annotate 3 dashboards", "dashboards")
