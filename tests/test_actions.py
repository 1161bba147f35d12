"""The micro-action library: at least 40 concrete actions, up to 6 picks, daily ticks, streaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.actions import (
    EXAMPLE_TACTIC,
    LIBRARY,
    MAX_PICKS,
    VAGUE_WORDS,
    check_tactic,
    find_action,
    library,
    parse_category,
    parse_focus,
    weekly_streak,
)
from microstep.core.evidence import ActionCategory, ActionFocus
from microstep.core.weeks import week_start
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import actions
from microstep.services.context import Context
from microstep.services.evidence_schemas import ActionTickCreate
from tests.conftest import TODAY

KEYS = [action.key for action in LIBRARY]


def test_the_library_holds_at_least_40_distinct_short_actions_in_every_family() -> None:
    assert len(LIBRARY) >= 40
    assert len(set(KEYS)) == len(KEYS)
    assert len({action.title for action in LIBRARY}) == len(LIBRARY)
    for category in ActionCategory:
        found = library(category)
        assert len(found) >= 6, category
        assert {action.focus for action in found} == set(ActionFocus), category
    for action in LIBRARY:
        assert 2 <= action.minutes <= 15, action.key
        assert action.how.endswith("."), action.key
        assert len(action.how.split()) >= 8, action.key
        assert action.key == action.key.lower()
        assert " " not in action.key


def test_filters_and_friendly_names() -> None:
    assert parse_category("meeting-win") is ActionCategory.MEETING_WIN
    assert parse_category("Learning bits") is ActionCategory.LEARNING_BIT
    assert parse_focus("vis") is ActionFocus.VISIBILITY
    both = library(ActionCategory.MEETING_WIN, ActionFocus.CAPABILITY)
    assert both
    assert all(a.focus is ActionFocus.CAPABILITY for a in both)
    with pytest.raises(InvalidInput, match="not a category"):
        parse_category("hobbies")
    with pytest.raises(NotFound, match="action library"):
        find_action("no-such-thing")


@given(st.sets(st.integers(min_value=0, max_value=60), max_size=30))
def test_weekly_streak_counts_consecutive_weeks_back_from_this_one(offsets: set[int]) -> None:
    days = [TODAY - timedelta(days=n) for n in offsets]
    streak = weekly_streak(days, today=TODAY)
    weeks = {week_start(day) for day in days}
    this = week_start(TODAY)
    start = this if this in weeks else this - timedelta(weeks=1)
    for n in range(streak):
        assert start - timedelta(weeks=n) in weeks
    assert start - timedelta(weeks=streak) not in weeks


def test_streak_keeps_last_week_while_this_week_is_not_ticked_yet() -> None:
    last_week = [TODAY - timedelta(days=7), TODAY - timedelta(days=14)]
    assert weekly_streak(last_week, today=TODAY) == 2
    assert weekly_streak([*last_week, TODAY], today=TODAY) == 3
    assert weekly_streak([TODAY - timedelta(days=21)], today=TODAY) == 0


def pick_six(ctx: Context) -> list[str]:
    """Pick the first six library actions."""
    for key in KEYS[:MAX_PICKS]:
        actions.pick_action(ctx, key)
    return KEYS[:MAX_PICKS]


def test_a_seventh_pick_is_refused_with_the_reason_and_nothing_written(ctx: Context) -> None:
    picked = pick_six(ctx)
    with pytest.raises(Conflict, match="drop one before picking"):
        actions.pick_action(ctx, KEYS[10])
    assert [p.key for p in actions.list_picks(ctx)] == picked
    marked = {a.key for a in actions.action_library(ctx) if a.picked}
    assert marked == set(picked)


def test_the_same_action_cannot_be_picked_twice_but_again_after_a_drop(ctx: Context) -> None:
    actions.pick_action(ctx, "tuesday-insight")
    with pytest.raises(Conflict, match="already one of your picks"):
        actions.pick_action(ctx, "tuesday-insight")
    actions.drop_action(ctx, "tuesday-insight")
    assert actions.list_picks(ctx) == []
    assert actions.pick_action(ctx, "tuesday-insight").total_ticks == 0


def test_dropping_frees_a_slot(ctx: Context) -> None:
    pick_six(ctx)
    actions.drop_action(ctx, KEYS[0])
    assert actions.pick_action(ctx, KEYS[10]).key == KEYS[10]
    with pytest.raises(NotFound, match="not one of your picks"):
        actions.drop_action(ctx, KEYS[0])


def test_ticks_once_a_day_and_the_weekly_streak(ctx: Context) -> None:
    actions.pick_action(replace(ctx, today=TODAY - timedelta(days=20)), "prep-one-question")
    for days_ago in (14, 8, 1):
        done_on = ActionTickCreate(done_on=TODAY - timedelta(days=days_ago))
        actions.tick_action(ctx, "prep-one-question", done_on)
    row = actions.tick_action(ctx, "prep-one-question", ActionTickCreate())
    # TODAY is a Wednesday: today and the day before are this week; 8 and 14 days ago the two before
    assert (row.ticks_this_week, row.done_today, row.streak_weeks, row.total_ticks) == (
        2,
        True,
        3,
        4,
    )
    with pytest.raises(Conflict, match="once a day"):
        actions.tick_action(ctx, "prep-one-question", ActionTickCreate())
    assert actions.list_picks(ctx)[0].total_ticks == 4


def test_ticks_are_refused_for_the_future_before_the_pick_or_when_not_picked(
    ctx: Context,
) -> None:
    actions.pick_action(ctx, "thank-you-note")
    with pytest.raises(InvalidInput, match="future") as future:
        actions.tick_action(ctx, "thank-you-note", ActionTickCreate(done_on=TODAY + timedelta(1)))
    assert str(future.value) == (
        "Tick a micro-action on the day you do it: Thu 19 Nov 2026 is in the future."
    )
    with pytest.raises(InvalidInput, match="tick days from then on"):
        actions.tick_action(ctx, "thank-you-note", ActionTickCreate(done_on=TODAY - timedelta(1)))
    with pytest.raises(NotFound, match="pick it first"):
        actions.tick_action(ctx, "bring-one-number", ActionTickCreate())
    assert actions.list_picks(ctx)[0].total_ticks == 0


def test_tick_counts_by_focus_between_two_days(ctx: Context) -> None:
    early = replace(ctx, today=TODAY - timedelta(days=30))
    actions.pick_action(early, "tuesday-insight")  # visibility
    actions.pick_action(early, "read-one-postmortem")  # capability
    for days_ago in (1, 2, 3, 40 - 15):
        tick = ActionTickCreate(done_on=TODAY - timedelta(days=days_ago))
        actions.tick_action(ctx, "tuesday-insight", tick)
    actions.tick_action(ctx, "read-one-postmortem", ActionTickCreate())
    actions.drop_action(ctx, "read-one-postmortem")  # dropped picks still count: it was done
    with ctx.db.transaction() as session:
        counts = actions.tick_counts_by_focus(
            session, person_id=ctx.person_id, start=TODAY - timedelta(days=7), end=TODAY
        )
        none = actions.tick_counts_by_focus(
            session, person_id=ctx.person_id, start=date(2020, 1, 1), end=date(2020, 2, 1)
        )
    assert counts == {"capability": 1, "visibility": 3}
    assert none == {"capability": 0, "visibility": 0}


@pytest.mark.parametrize(
    "tactic",
    ["be better", "Work harder", "Be more visible at work", "Try to improve things", "improve"],
)
def test_vague_tactics_are_refused_with_an_example(tactic: str) -> None:
    with pytest.raises(InvalidInput, match="too vague to test") as refused:
        check_tactic(tactic)
    assert EXAMPLE_TACTIC in str(refused.value)
    assert refused.value.field == "tactic"


@pytest.mark.parametrize(
    "tactic",
    [
        EXAMPLE_TACTIC,
        "Volunteer for a 3-minute slot at the Thursday demo",
        "Post weekly status to Priya",
        "Speak up in standup",
    ],
)
def test_concrete_tactics_pass(tactic: str) -> None:
    assert check_tactic(tactic) == tactic


@given(st.lists(st.sampled_from(sorted(VAGUE_WORDS)), min_size=0, max_size=12))
def test_a_tactic_made_only_of_vague_words_is_refused(words: list[str]) -> None:
    with pytest.raises(InvalidInput, match="too vague to test"):
        check_tactic(" ".join(words))


@given(st.text(max_size=80))
def test_the_tactic_check_passes_or_says_one_sentence(text: str) -> None:
    message = ""
    try:
        assert check_tactic(text) == text
    except InvalidInput as exc:
        message = exc.message
    assert not message or message.endswith(".")
    assert "\n" not in message
