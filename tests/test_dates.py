"""Parsing typed dates: every input either gives a date or one clear InvalidInput."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.dates import WEEKDAYS, parse_day
from microstep.errors import InvalidInput

TODAY = date(2026, 11, 18)  # a Wednesday


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)))
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_day(day.isoformat(), today=TODAY) == day


@given(st.integers(min_value=0, max_value=999))
def test_relative_days_and_weeks(count: int) -> None:
    assert parse_day(f"+{count}d", today=TODAY) == TODAY + timedelta(days=count)
    assert parse_day(f"in {count} weeks", today=TODAY) == TODAY + timedelta(weeks=count)


@pytest.mark.parametrize("name", WEEKDAYS)
def test_weekday_is_the_next_one_after_today(name: str) -> None:
    day = parse_day(name.capitalize(), today=TODAY)
    assert 1 <= (day - TODAY).days <= 7
    assert day.strftime("%A").lower() == name


def test_named_days() -> None:
    assert parse_day("today", today=TODAY) == TODAY
    assert parse_day(" Tomorrow ", today=TODAY) == TODAY + timedelta(days=1)


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_one_clear_sentence(text: str) -> None:
    message = ""
    try:
        parse_day(text, today=TODAY)
    except InvalidInput as exc:
        message = exc.message
    assert message == "" or (message.endswith(".") and "\n" not in message.strip())


def test_past_tense_dates_for_logging() -> None:
    assert parse_day("yesterday", today=TODAY, past=True) == TODAY - timedelta(days=1)
    assert parse_day("-2d", today=TODAY, past=True) == TODAY - timedelta(days=2)
    assert parse_day("3 days ago", today=TODAY, past=True) == TODAY - timedelta(days=3)
    friday = parse_day("friday", today=TODAY, past=True)
    assert friday.strftime("%A") == "Friday"
    assert 1 <= (TODAY - friday).days <= 7
