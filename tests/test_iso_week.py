"""Which ISO week a review is about: '2026-W47', a date inside it, or this week."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.review import IsoWeek, parse_week
from microstep.errors import InvalidInput

TODAY = date(2026, 11, 18)  # a Wednesday in 2026-W47
DAYS = st.dates(min_value=date(1, 3, 1), max_value=date(9999, 12, 1))


def test_empty_text_is_this_week() -> None:
    week = parse_week(None, today=TODAY)
    assert week.label == "2026-W47"
    assert (week.start, week.end) == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_week("  ", today=TODAY) == week


@pytest.mark.parametrize("text", ["2026-W47", "2026-w47", "2026W47", " 2026-W47 ", "2026-W47-3"])
def test_iso_week_spellings_name_the_same_week(text: str) -> None:
    assert parse_week(text, today=TODAY) == IsoWeek(2026, 47)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2026-11-22", "2026-W47"),  # a Sunday belongs to the week before the Monday after
        ("2026-11-23", "2026-W48"),
        ("today", "2026-W47"),
        ("1w ago", "2026-W46"),
        ("monday", "2026-W47"),  # a weekday means the last one
        ("2021-01-03", "2020-W53"),  # early January can belong to the previous ISO year
        ("2026-W1", "2026-W01"),
    ],
)
def test_dates_and_relative_days_pick_their_week(text: str, label: str) -> None:
    assert parse_week(text, today=TODAY).label == label


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("next sprint", "is not a week I understand"),
        ("2026-W54", "2026 has no week 54"),
        ("2027-W53", "2027 has no week 53"),
        ("2026-W00", "2026 has no week 0"),
        ("0000-W10", "the year must be 0001 or later"),
        ("2026-13-01", "is not a week I understand"),
    ],
)
def test_bad_week_text_is_one_clear_sentence(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_week(text, today=TODAY)
    assert says in caught.value.message
    assert caught.value.message.endswith(".")
    assert caught.value.field == "week"


def test_previous_and_next_cross_the_year() -> None:
    assert IsoWeek(2026, 1).shifted(-1) == IsoWeek(2025, 52)
    assert IsoWeek(2026, 53).shifted(1) == IsoWeek(2027, 1)


@given(DAYS)
def test_a_week_label_and_any_date_inside_parse_to_the_same_week(day: date) -> None:
    week = IsoWeek.of(day)
    assert week.start.weekday() == 0
    assert week.end - week.start == timedelta(days=6)
    assert week.holds(day)
    assert parse_week(week.label, today=TODAY) == week
    assert parse_week(day.isoformat(), today=TODAY) == week
    assert parse_week(week.label.lower().replace("-", ""), today=TODAY) == week


@given(st.text(max_size=30))
def test_any_text_gives_a_week_or_one_sentence(text: str) -> None:
    message = ""
    try:
        parse_week(text, today=TODAY)
    except InvalidInput as exc:
        message = exc.message
    if message:
        assert message.endswith(".")
        assert "\n" not in message
