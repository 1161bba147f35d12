"""The marketplace's pure rules: the lifecycle, what a posting must say, who decides, rules."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core import opportunities as rules
from microstep.errors import Conflict, InvalidInput

LIFECYCLE = ["draft", "open", "filled", "in_progress", "completed", "reviewed"]


def test_the_lifecycle_runs_forward_and_cancels_only_before_the_start() -> None:
    for current, target in itertools.pairwise(LIFECYCLE):
        rules.check_transition(current, target)
    rules.check_transition("open", "in_progress")  # started before every place was taken
    for status in ("draft", "open", "filled"):
        rules.check_transition(status, "cancelled")
    for status in ("in_progress", "completed", "reviewed", "cancelled"):
        with pytest.raises(Conflict, match="cannot cancel"):
            rules.check_transition(status, "cancelled")
    with pytest.raises(Conflict, match="is draft, so it cannot start now"):
        rules.check_transition("draft", "in_progress")
    with pytest.raises(Conflict, match="reviewed"):
        rules.check_transition("reviewed", "open")


def test_a_posting_is_a_short_trial_with_success_criteria_and_sane_bounds() -> None:
    rules.check_trial("rotation", weeks=4, success_criteria="Ships the dashboard.")
    with pytest.raises(InvalidInput, match="A rotation needs success criteria") as caught:
        rules.check_trial("rotation", weeks=4, success_criteria=" ")
    assert caught.value.message.endswith(".")
    assert caught.value.field == "success_criteria"
    with pytest.raises(InvalidInput, match="not a kind of opportunity"):
        rules.check_kind("promotion")  # a lasting change is not a marketplace gig
    with pytest.raises(InvalidInput) as caught:
        rules.check_bounds(share_of_time=40, weeks=105, capacity=1)
    assert caught.value.field == "weeks"
    with pytest.raises(InvalidInput, match="has passed"):
        rules.check_start(date(2026, 11, 17), today=date(2026, 11, 18))
    assert rules.end_of(date(2026, 11, 18), 4) == date(2026, 12, 15)


def test_skills_are_typed_one_a_line_with_an_optional_level() -> None:
    typed = "SQL, 4\n  Price   elasticity modelling \n\nA, B, 2\nRisk, high"
    assert rules.parse_skill_lines(typed, "offered") == [
        ("SQL", 4),
        ("Price elasticity modelling", 3),
        ("A, B", 2),
        ("Risk, high", 3),
    ]
    assert rules.parse_skill_lines(rules.skill_lines([("SQL", 4), ("A, B", 2)]), "offered") == [
        ("SQL", 4),
        ("A, B", 2),
    ]


@given(st.lists(st.tuples(st.text(min_size=1, max_size=30), st.integers(1, 5)), max_size=8))
def test_skill_lines_read_back_what_they_wrote(needs: list[tuple[str, int]]) -> None:
    clean = [(" ".join(n.split()), lv) for n, lv in needs if " ".join(n.split())]
    assert rules.parse_skill_lines(rules.skill_lines(clean), "required") == clean


def test_the_applicants_manager_decides_then_hr_then_the_poster_without_a_manager() -> None:
    who = rules.Deciders(applicant_id=1, manager_id=2, poster_id=3)
    assert rules.decider_role(who, viewer_id=2, viewer_is_hr=False) == "manager"
    assert rules.decider_role(who, viewer_id=9, viewer_is_hr=True) == "hr"
    assert rules.decider_role(who, viewer_id=3, viewer_is_hr=False) is None  # she has a manager
    assert rules.decider_role(who, viewer_id=1, viewer_is_hr=True) is None  # never oneself
    alone = rules.Deciders(applicant_id=1, manager_id=None, poster_id=3)
    assert rules.decider_role(alone, viewer_id=3, viewer_is_hr=False) == "manager"


def test_rules_and_open_opportunities_approve_within_their_bounds() -> None:
    rule = rules.check_rule(rules.Rule(20, 6, ("shadowing", "gig", "gig"), author_id=2))
    assert (rule.kinds, rule.author_id) == (("gig", "shadowing"), 2)
    assert rule.describe() == "gig, shadowing, up to 20% of the week for up to 6 weeks"

    def decide(
        *, needs_approval: bool = True, kind: str = "gig", share: int = 20, weeks: int = 6
    ) -> str | None:
        return rules.auto_decision(
            needs_approval=needs_approval,
            rules=[rule],
            kind=kind,
            share_of_time=share,
            weeks=weeks,
            applicant_id=1,
            applicant_manages=False,
        )

    assert decide(needs_approval=False, kind="rotation", share=90, weeks=50) == "open"
    assert decide() == "rule"
    for kind, share, weeks in (("rotation", 10, 2), ("gig", 25, 2), ("gig", 10, 7)):
        assert decide(kind=kind, share=share, weeks=weeks) is None
    with pytest.raises(InvalidInput):
        rules.check_rule(rules.Rule(0, 6))


def test_nobody_is_approved_by_their_own_rule_or_an_opening_they_control() -> None:
    own = rules.Rule(100, 104, author_id=1)
    common = {"kind": "gig", "share_of_time": 10, "weeks": 2, "applicant_id": 1}
    decide = rules.auto_decision
    assert decide(needs_approval=True, rules=[own], applicant_manages=False, **common) is None
    others = rules.Rule(100, 104, author_id=2)
    assert decide(needs_approval=True, rules=[own, others], applicant_manages=False, **common) == (
        "rule"
    )
    assert decide(needs_approval=False, rules=[], applicant_manages=True, **common) is None


def test_approvals_fill_an_opportunity_and_a_withdrawal_reopens_it() -> None:
    after = rules.status_after_approvals
    assert after("open", approved=1, capacity=2) == "open"
    assert after("open", approved=2, capacity=2) == "filled"
    assert after("filled", approved=1, capacity=2) == "open"
    assert after("in_progress", approved=0, capacity=2) == "in_progress"


def test_an_edit_changes_the_terms_approvals_were_given_for_or_not() -> None:
    terms = rules.Terms(
        kind="shadowing",
        share_of_time=10,
        weeks=2,
        skills=frozenset({("offered", "sql", 2)}),
        success_criteria="Shadows three incidents.",
        needs_approval=False,
    )
    assert rules.changed_terms(terms, terms) == []
    switched = replace(terms, kind="rotation", share_of_time=100, weeks=104, needs_approval=True)
    assert rules.changed_terms(terms, switched) == [
        "kind",
        "share of time",
        "duration",
        "approval",
    ]
    assert rules.changed_terms(switched, replace(switched, needs_approval=False)) == []
    assert rules.reconsidered(["kind"], [], []) == ""
    assert rules.reconsidered(["kind", "duration"], ["Ann", "Bo"], ["Cy"]) == (
        "Its kind and duration changed, so the approvals given before no longer hold: "
        "Ann and Bo wait for a decision again; Cy is approved again at once."
    )
