"""The pure rules of moves: friendly kinds and outcomes, the previous role, deep steps, and the
evidence line a move keeps on a skill."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core import moves as rules
from microstep.errors import InvalidInput

DAY = date(2026, 1, 5)


@given(kind=st.sampled_from(rules.MOVE_KINDS), sep=st.sampled_from(["_", "-", " "]))
def test_every_kind_parses_from_its_name_and_label(kind: str, sep: str) -> None:
    assert rules.parse_kind(kind.replace("_", sep).upper()) == kind
    assert rules.parse_kind(rules.KIND_LABELS[kind]) == kind


def test_unknown_kinds_and_outcomes_are_refused_with_the_choices() -> None:
    assert rules.parse_kind("  ") is None
    with pytest.raises(InvalidInput, match="choose one of stretch, rotation"):
        rules.parse_kind("sabbatical")
    assert rules.parse_outcome("Not met") == "not_met"
    assert rules.parse_outcome("partly met") == "partly"
    with pytest.raises(InvalidInput, match="met, partly or not_met"):
        rules.parse_outcome("great")


def test_the_trial_rule_reads_as_one_sentence() -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.check_trial("gig", None, None)
    assert caught.value.message == (
        "A gig is a short trial: give it an end date; a gig needs success criteria: what will "
        "show it worked."
    )
    rules.check_trial("promotion", None, None)  # lasting changes need neither


def test_intended_skills_drop_blanks_and_repeats_and_stay_few() -> None:
    assert rules.intended(["SQL", " sql ", "", "Pricing  models"]) == ["SQL", "Pricing models"]
    with pytest.raises(InvalidInput, match="at most 10"):
        rules.intended([f"skill {i}" for i in range(11)])


def _move(kind: str, role: str, start: int, weeks: int | None, *skills: str) -> rules.MoveFact:
    begun = DAY + timedelta(weeks=start)
    end = begun + timedelta(weeks=weeks) if weeks is not None else None
    return rules.MoveFact(kind=kind, role=role, start=begun, end=end, intended_skills=skills)


def test_each_move_starts_from_the_last_lasting_role_before_it() -> None:
    facts = [
        _move("rotation", "Pricing", 30, 8),
        _move("hire", "Analyst", 0, None),
        _move("promotion", "Senior analyst", 40, None),
        _move("gig", "Data steward", 40, 2),
    ]
    ordered = [m.role for m in rules.timeline(facts)]
    assert ordered == ["Analyst", "Pricing", "Senior analyst", "Data steward"]
    assert rules.previous_roles(facts) == [None, "Analyst", "Analyst", "Senior analyst"]


def test_a_step_is_deep_when_long_or_building_on_an_earlier_skill() -> None:
    facts = [
        _move("stretch", "A", 0, 6, "SQL"),
        _move("rotation", "B", 10, 30, "Pricing"),
        _move("gig", "C", 50, 4, "sql"),
        _move("gig", "D", 60, 4, "Design"),
    ]
    assert rules.deep_steps(facts, DAY + timedelta(weeks=80)) == [False, True, True, False]
    # A lasting change starts a new sequence: building on a skill from before it is not depth.
    changed = [*facts, _move("lateral", "E", 70, 4), _move("gig", "F", 75, 4, "Design")]
    assert rules.deep_steps(changed, DAY + timedelta(weeks=80))[-2:] == [False, False]
    assert not rules.depth_check(changed, DAY + timedelta(weeks=80)).flagged


def test_the_evidence_line_of_a_move_is_replaced_not_repeated() -> None:
    marker = rules.move_marker(4)
    first = rules.outcome_line(4, "Rotation to Pricing", "partly", None)
    text = rules.with_line("Older evidence", first, marker, 2000)
    second = rules.outcome_line(4, "Rotation to Pricing", "met", "Shipped")
    text = rules.with_line(text, second, marker, 2000)
    assert text == "Older evidence\nRotation to Pricing (move #4), met: Shipped"
    long = rules.with_line("x" * 1990, second, marker, 2000)
    assert long == second
    assert rules.raised(5) == 5


def _refusal(parse: Callable[[str], object], typed: str) -> str | None:
    try:
        parse(typed)
    except InvalidInput as exc:
        return exc.message
    return None


@given(st.text(min_size=1, max_size=80).filter(lambda t: t.strip()))
def test_a_refused_kind_or_outcome_is_quoted_back_printable(typed: str) -> None:
    for parse in (rules.parse_kind, rules.parse_outcome):
        message = _refusal(parse, typed)
        assert message is None or message.isprintable(), message
    with pytest.raises(InvalidInput) as caught:
        rules.parse_kind("\x1b]8;;http://evil.example\x1b\\boss")
    assert caught.value.message.startswith(
        "There is no kind of move called '\\x1b]8;;http://evil.example\\x1b\\\\boss'"
    )


def _gigs() -> list[rules.MoveFact]:
    return [
        _move("hire", "Analyst", 0, None),
        _move("gig", "A", 10, 4, "SQL"),
        _move("gig", "B", 20, 4, "Pricing"),
        _move("gig", "C", 30, 4, "Design"),
    ]


def test_a_planned_change_of_role_does_not_clear_todays_depth_flag() -> None:
    today = DAY + timedelta(weeks=40)
    assert rules.depth_check(_gigs(), today).flagged
    planned = [*_gigs(), _move("lateral", "Product ops", 60, None)]
    check = rules.depth_check(planned, today)
    assert check.flagged, check.reason
    assert check.moves == 3
    assert rules.current_role(planned, today) == "Analyst"
    # Once it has begun it is the last change of role, and a new sequence starts after it.
    later = DAY + timedelta(weeks=61)
    assert not rules.depth_check(planned, later).flagged
    assert rules.current_role(planned, later) == "Product ops"


def test_a_colleague_hears_the_depth_check_only_as_judged_from_what_they_see() -> None:
    today = DAY + timedelta(weeks=40)
    flagged = rules.shared_depth_reason(rules.depth_check(_gigs(), today), shown=4, name="Olivia")
    assert flagged == (
        "from the 4 moves Olivia shares with you, 3 short moves in a row and none went deep"
    )
    assert "you have started" not in flagged  # no advice to the viewer as if the moves were theirs
    lone = rules.shared_depth_reason(rules.depth_check(_gigs()[:1], today), shown=1, name="Olivia")
    assert lone == (
        "from the 1 move Olivia shares with you, no short moves since the last change of role "
        "you can see"
    )


def test_an_open_lasting_move_is_held_until_the_next_lasting_change_that_began() -> None:
    facts = [
        _move("hire", "Junior analyst", 0, None),
        _move("rotation", "Pricing", 10, 8),
        _move("promotion", "Analyst", 50, None),
        _move("lateral", "Product ops", 90, None),  # planned
    ]
    today = DAY + timedelta(weeks=70)
    assert rules.held_until(facts, today) == [2, None, None, None]
    assert rules.held_until(facts, DAY + timedelta(weeks=95)) == [2, None, 3, None]
    assert rules.day_text(date(2026, 11, 3)) == "3 Nov 2026"
