"""Consistency, the forgiving streak, the heatmap, the four-week plan and the mastery rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.curve import Direction
from microstep.core.habits import Practised, heatmap, streak, weekly
from microstep.core.plan import PlanItem, four_week_plan, plan_markdown
from microstep.core.practice import MasteryRule, SelfRating, check_rule, is_mastered
from microstep.core.schedule import review
from microstep.errors import InvalidInput

SUNDAY = date(2026, 11, 22)


def days_back(*offsets: int) -> set[date]:
    """Days that many days before SUNDAY."""
    return {SUNDAY - timedelta(days=n) for n in offsets}


def test_daily_practice_makes_a_streak_of_every_day() -> None:
    run = streak(days_back(*range(10)), today=SUNDAY, forgive_per_week=0)
    assert (run.days, run.practised) == (10, 10)


def test_not_practising_yet_today_does_not_break_the_streak() -> None:
    assert streak(days_back(*range(1, 6)), today=SUNDAY, forgive_per_week=0).days == 5


def test_one_skip_a_week_is_forgiven_two_are_not() -> None:
    one_skip = days_back(0, 1, 2, 4, 5, 6, 7, 8)  # skipped Thursday only
    assert streak(one_skip, today=SUNDAY, forgive_per_week=1).days == 9
    assert streak(one_skip, today=SUNDAY, forgive_per_week=0).days == 3
    two_skips = days_back(0, 1, 3, 5, 6)  # skipped Fri and Wed in the same week
    assert streak(two_skips, today=SUNDAY, forgive_per_week=1).days == 4


def test_no_practice_means_no_streak() -> None:
    assert streak(set(), today=SUNDAY, forgive_per_week=2).days == 0


@given(st.sets(st.integers(min_value=0, max_value=60)), st.integers(min_value=0, max_value=6))
def test_streak_never_exceeds_the_days_it_covers(offsets: set[int], forgive: int) -> None:
    run = streak(days_back(*offsets), today=SUNDAY, forgive_per_week=forgive)
    assert run.practised <= run.days <= 61
    more = streak(days_back(*offsets), today=SUNDAY, forgive_per_week=min(6, forgive + 1))
    assert more.days >= run.days  # forgiving more can only lengthen it


def test_weekly_consistency_counts_days_minutes_and_sessions() -> None:
    sessions = [Practised(SUNDAY, 5), Practised(SUNDAY, 10), Practised(SUNDAY - timedelta(1), 5)]
    weeks = weekly(sessions, today=SUNDAY, weeks=2)
    assert [(w.days, w.minutes, w.sessions) for w in weeks] == [(0, 0, 0), (2, 20, 3)]


def test_heatmap_runs_monday_first_to_today_with_levels() -> None:
    cells = heatmap([Practised(SUNDAY, 12)], today=SUNDAY, weeks=2)
    assert len(cells) == 14
    assert cells[0].day.weekday() == 0
    assert (cells[-1].day, cells[-1].level) == (SUNDAY, 3)


def test_plan_takes_one_focus_a_week_then_consolidates() -> None:
    stack = [PlanItem("Pause", 5, "rule A"), PlanItem("Open with the point", 10, "rule B")]
    plan = four_week_plan(stack, today=date(2026, 11, 16))  # a Monday: week 1 is this week
    assert [w.focus for w in plan] == ["Pause", "Open with the point"] * 1 + [
        "Open with the point"
    ] * 2
    assert plan[0].starts == date(2026, 11, 16)
    assert four_week_plan(stack, today=date(2026, 11, 19))[0].starts == date(2026, 11, 23)
    markdown = plan_markdown("Public speaking", plan)
    assert markdown.count("## Week") == 4
    assert "**Focus:** Pause" in markdown


def test_mastery_rule_counts_hits_in_the_window() -> None:
    rule = MasteryRule(threshold=2, direction=Direction.LOWER, needed=4, window=5)
    assert is_mastered([9, 2, 1, 3, 2, 2], rule)
    assert not is_mastered([2, 2, 3, 3, 2], rule)
    higher = MasteryRule(threshold=80, direction=Direction.HIGHER, needed=2, window=3)
    assert is_mastered([50, 85, 90], higher)


@pytest.mark.parametrize(("needed", "window"), [(0, 5), (6, 5), (3, 21)])
def test_impossible_rules_are_refused(needed: int, window: int) -> None:
    with pytest.raises(InvalidInput):
        check_rule(MasteryRule(1, Direction.LOWER, needed, window))


def test_ratings_space_the_next_session() -> None:
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    again = review(None, SelfRating.AGAIN, now)
    easy = review(None, SelfRating.EASY, now)
    assert 1 <= (again.due - now).days <= (easy.due - now).days <= 3


def test_again_brings_practice_back_the_same_day_and_nothing_waits_past_tomorrow() -> None:
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    learned = review(None, SelfRating.GOOD, now)
    again = review(learned, SelfRating.AGAIN, learned.due)
    assert again.due - learned.due == timedelta(minutes=10)
    streak_of_easy = learned
    for _ in range(10):
        streak_of_easy = review(streak_of_easy, SelfRating.EASY, streak_of_easy.due)
    assert streak_of_easy.due - (streak_of_easy.last_review or now) <= timedelta(days=1)


def test_plan_puts_the_active_micro_skill_first_whatever_its_position() -> None:
    stack = [PlanItem("Queued first", 5, "r", position=1), PlanItem("Active", 5, "r", True, 2)]
    assert [w.focus for w in four_week_plan(stack, today=date(2026, 11, 16))][:2] == [
        "Active",
        "Queued first",
    ]


def test_a_back_dated_review_leaves_the_schedule_alone() -> None:
    now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    current = review(None, SelfRating.GOOD, now)
    assert review(current, SelfRating.AGAIN, now - timedelta(days=2)) == current
