"""ISO-week counting behind the dashboard's goals-done-per-week chart."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from microstep.core.weeks import week_start, weekly_counts

MONDAY = date(2026, 11, 16)


def test_sunday_belongs_to_the_week_before_monday() -> None:
    counts = weekly_counts([date(2026, 11, 22)], today=date(2026, 11, 23), weeks=2)
    assert counts == [1, 0]


def test_events_older_than_the_window_or_in_the_future_are_ignored() -> None:
    days = [MONDAY - timedelta(weeks=3), MONDAY + timedelta(days=8)]
    assert weekly_counts(days, today=MONDAY, weeks=3) == [0, 0, 0]


@given(st.lists(st.integers(min_value=0, max_value=83), max_size=60))
def test_every_event_in_the_window_is_counted_once(offsets: list[int]) -> None:
    today = MONDAY + timedelta(days=6)
    days = [today - timedelta(days=n) for n in offsets]
    counts = weekly_counts(days, today=today, weeks=12)
    assert sum(counts) == len(days)
    assert all(week_start(day).weekday() == 0 for day in days)
