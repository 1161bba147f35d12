"""The micro-goal rules of seed 002, checked as properties over generated goals."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.goals import (
    GoalDraft,
    GoalKind,
    GoalPolicy,
    GoalStatus,
    check_goal,
    check_wip,
    next_status,
    suggested_parts,
    validate_goal,
)
from microstep.errors import Conflict, InvalidInput

TODAY = date(2026, 11, 18)
POLICY = GoalPolicy()
titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(lambda t: t.strip())
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).filter(
    lambda t: t.strip()
)
targets = st.floats(min_value=0, max_value=1e6, allow_nan=False)
due_ok = st.integers(min_value=0, max_value=POLICY.horizon_days).map(
    lambda d: TODAY + timedelta(days=d)
)
kinds = st.sampled_from(list(GoalKind))


def good(**changes: object) -> GoalDraft:
    """A goal that passes every rule, with some fields changed."""
    fields: dict[str, object] = {
        "title": "Build 2 pivot-table reports",
        "due": TODAY + timedelta(days=3),
        "metric": "reports",
        "target_value": 2.0,
        "skill_id": 1,
    }
    fields.update(changes)
    return GoalDraft(**fields)  # type: ignore[arg-type]


def test_vague_goal_is_refused_with_one_sentence_naming_everything_missing() -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_goal(GoalDraft(title="get better at Excel", due=None), today=TODAY, policy=POLICY)
    message = refused.value.message
    assert message.count(". ") == 0
    assert message.endswith(".")
    for missing in ("metric", "due date within 14 days", "objective or to a skill", "example"):
        assert missing in message


@given(title=titles, metric=words, target=targets, due=due_ok, kind=kinds)
def test_specific_time_bound_linked_goal_passes(
    title: str, metric: str, target: float, due: date, kind: GoalKind
) -> None:
    draft = GoalDraft(
        title=title, due=due, kind=kind, metric=metric, target_value=target, objective_id=7
    )
    assert check_goal(draft, today=TODAY, policy=POLICY).ok


@given(title=titles, due=due_ok, test=words)
def test_deliverable_with_a_stated_test_is_specific(title: str, due: date, test: str) -> None:
    draft = GoalDraft(title=title, due=due, done_when=test, skill_id=3)
    assert check_goal(draft, today=TODAY, policy=POLICY).ok


@given(title=titles, due=due_ok, metric=st.one_of(st.none(), words))
def test_no_target_and_no_test_is_refused_as_not_specific(
    title: str, due: date, metric: str | None
) -> None:
    check = check_goal(
        GoalDraft(title=title, due=due, metric=metric, skill_id=1), today=TODAY, policy=POLICY
    )
    assert not check.ok
    assert any("target" in m for m in check.missing)


@given(days=st.integers(min_value=POLICY.horizon_days + 1, max_value=5000))
def test_due_beyond_the_horizon_is_refused(days: int) -> None:
    check = check_goal(good(due=TODAY + timedelta(days=days)), today=TODAY, policy=POLICY)
    assert check.missing
    assert "within 14 days" in check.missing[0]


@given(days=st.integers(min_value=1, max_value=5000))
def test_due_in_the_past_is_refused(days: int) -> None:
    check = check_goal(good(due=TODAY - timedelta(days=days)), today=TODAY, policy=POLICY)
    assert check.missing
    assert "past" in check.missing[0]


def test_old_due_date_is_kept_when_editing_other_fields() -> None:
    old = good(due=TODAY - timedelta(days=4))
    assert check_goal(old, today=TODAY, policy=POLICY, check_due=False).ok


def test_horizon_is_configurable() -> None:
    wide = GoalPolicy(horizon_days=30)
    assert check_goal(good(due=TODAY + timedelta(days=30)), today=TODAY, policy=wide).ok
    assert not check_goal(good(due=TODAY + timedelta(days=31)), today=TODAY, policy=wide).ok


def test_unlinked_goal_is_refused() -> None:
    check = check_goal(good(skill_id=None), today=TODAY, policy=POLICY)
    assert check.missing == ("a link to your objective or to a skill",)


@given(effort=st.floats(min_value=6.01, max_value=500))
def test_too_big_goal_warns_and_suggests_a_split_that_fits(effort: float) -> None:
    check = check_goal(good(effort_hours=effort), today=TODAY, policy=POLICY)
    assert check.ok
    assert len(check.warnings) == 1
    parts = suggested_parts(effort, POLICY.effort_cap_hours)
    assert effort / parts <= POLICY.effort_cap_hours
    assert f"into {parts} goals" in check.warnings[0]


@given(effort=st.floats(min_value=0, max_value=6))
def test_small_goal_has_no_warning(effort: float) -> None:
    assert check_goal(good(effort_hours=effort), today=TODAY, policy=POLICY).warnings == ()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -1.0])
def test_malformed_numbers_are_refused(bad: float) -> None:
    with pytest.raises(InvalidInput):
        check_goal(good(target_value=bad), today=TODAY, policy=POLICY)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_empty_or_overlong_title_is_refused(title: str) -> None:
    with pytest.raises(InvalidInput):
        check_goal(good(title=title), today=TODAY, policy=POLICY)


@given(active=st.integers(min_value=0, max_value=20), limit=st.integers(min_value=1, max_value=10))
def test_wip_limit_refuses_exactly_when_the_list_is_full(active: int, limit: int) -> None:
    policy = GoalPolicy(max_active=limit)
    if active >= limit:
        with pytest.raises(Conflict, match=f"limit is {limit}"):
            check_wip(active, policy)
    else:
        check_wip(active, policy)


@pytest.mark.parametrize(
    ("current", "action", "after"),
    [
        (GoalStatus.PLANNED, "start", GoalStatus.ACTIVE),
        (GoalStatus.ACTIVE, "done", GoalStatus.DONE),
        (GoalStatus.PLANNED, "drop", GoalStatus.DROPPED),
        (GoalStatus.DONE, "reopen", GoalStatus.PLANNED),
    ],
)
def test_allowed_status_moves(current: GoalStatus, action: str, after: GoalStatus) -> None:
    assert next_status(current, action) is after


@pytest.mark.parametrize(
    ("current", "action"),
    [(GoalStatus.DONE, "start"), (GoalStatus.DROPPED, "done"), (GoalStatus.ACTIVE, "start")],
)
def test_impossible_status_moves_are_conflicts(current: GoalStatus, action: str) -> None:
    with pytest.raises(Conflict):
        next_status(current, action)
