"""The skill gap's pure rules: status, coverage, the documented ranking and the suggestions."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from microstep.core.curve import Direction
from microstep.core.gap import (
    GapReport,
    Held,
    Relation,
    RoleSkill,
    SkillKind,
    Status,
    match,
    score,
    skill_gap,
    status_of,
)
from microstep.core.goals import GoalPolicy, validate_goal
from microstep.core.practice import check_rule
from microstep.core.text import MAX_TITLE

TODAY = date(2026, 11, 18)
POLICY = GoalPolicy()
ESSENTIAL, OPTIONAL = Relation.ESSENTIAL, Relation.OPTIONAL
SKILL, KNOWLEDGE = SkillKind.SKILL, SkillKind.KNOWLEDGE


def uri(name: str) -> str:
    """A made-up ESCO skill URI."""
    return f"http://data.europa.eu/esco/skill/{name}"


ROLE = [
    RoleSkill(uri("sql"), "use databases", SKILL, ESSENTIAL, "cross-sector"),
    RoleSkill(uri("stats"), "statistics", KNOWLEDGE, ESSENTIAL, "cross-sector"),
    RoleSkill(uri("clean"), "perform data cleansing", SKILL, ESSENTIAL, "cross-sector"),
    RoleSkill(uri("mine"), "data mining", KNOWLEDGE, ESSENTIAL, "sector-specific"),
    RoleSkill(uri("models"), "data models", KNOWLEDGE, ESSENTIAL, "sector-specific"),
    RoleSkill(uri("viz"), "deliver visual presentation of data", SKILL, OPTIONAL, "cross-sector"),
    RoleSkill(uri("hadoop"), "Hadoop", KNOWLEDGE, OPTIONAL, "sector-specific"),
    RoleSkill(uri("sheets"), "use spreadsheets software", SKILL, OPTIONAL, "cross-sector"),
]
HELD = [
    Held(1, "SQL queries", uri("sql"), current_level=4, target_level=5),
    Held(2, "Statistics", None, current_level=1, target_level=4, practice_minutes=90),
    Held(3, "Cleaning data", uri("clean"), current_level=0, target_level=3, evidence=True),
    Held(4, "Excel", uri("sheets"), current_level=1, target_level=3, mastered_microskills=1),
    Held(5, "Charts", uri("viz"), current_level=2, target_level=3),
    Held(6, "Public speaking", None, current_level=2, target_level=4),
]


def report() -> GapReport:
    """The seeded case: Ana against a data analyst's skills."""
    return skill_gap(
        ROLE, HELD, role_label="data analyst", objective_id=7, today=TODAY, policy=POLICY
    )


def by_label(result: GapReport) -> dict[str, Status]:
    """Each role skill's status by its ESCO label."""
    return {item.skill.label: item.status for item in result.skills}


def test_status_is_strong_at_level_three_or_with_evidence_growing_below_missing_off_the_map() -> (
    None
):
    assert by_label(report()) == {
        "use databases": Status.STRONG,  # level 4
        "statistics": Status.GROWING,  # matched by name, level 1
        "perform data cleansing": Status.STRONG,  # evidence written
        "data mining": Status.MISSING,
        "data models": Status.MISSING,
        "deliver visual presentation of data": Status.GROWING,
        "Hadoop": Status.MISSING,
        "use spreadsheets software": Status.STRONG,  # a mastered micro-skill
    }
    assert status_of(None) is Status.MISSING


def test_coverage_counts_each_relation() -> None:
    result = report()
    assert (result.essential.strong, result.essential.growing, result.essential.missing) == (
        2,
        1,
        2,
    )
    assert result.essential.total == 5
    assert result.essential.share == 0.4
    assert (result.optional.strong, result.optional.growing, result.optional.missing) == (1, 1, 1)


def test_gaps_rank_essential_before_optional_and_missing_before_growing() -> None:
    ranked = [gap.item.skill.label for gap in report().gaps]
    assert ranked == [
        "data mining",  # essential, missing, sector-specific: 60 + 30 + 2
        "data models",  # same score: by label
        "statistics",  # essential, growing at 1 with 90 min: 60 + 10 + 10 - 1.5 + 1
        "Hadoop",  # optional, missing: 0 + 30 + 2
        "deliver visual presentation of data",  # optional, growing at 2: 0 + 10 + 5 + 1
    ]
    assert [gap.score for gap in report().gaps] == [92, 92, 79.5, 32, 16]


def test_practice_already_put_in_ranks_a_growing_skill_a_little_lower() -> None:
    skill = RoleSkill(uri("x"), "x", SKILL, ESSENTIAL)
    fresh = skill_gap(
        [skill],
        [Held(1, "x", uri("x"), 1, 3)],
        role_label="r",
        objective_id=1,
        today=TODAY,
        policy=POLICY,
    )
    practised = skill_gap(
        [skill],
        [Held(1, "x", uri("x"), 1, 3, practice_minutes=10_000)],
        role_label="r",
        objective_id=1,
        today=TODAY,
        policy=POLICY,
    )
    assert fresh.gaps[0].score - practised.gaps[0].score == 5  # the credit is capped at 5


def test_the_reasons_keep_the_persons_own_words() -> None:
    reasons = {gap.item.skill.label: gap.reason for gap in report().gaps}
    assert reasons["data mining"] == "Essential for data analyst; not on your map yet."
    assert reasons["deliver visual presentation of data"] == (
        "Optional for data analyst; on your map as 'Charts' at level 2, aiming for 3 "
        "(no practice logged)."
    )
    assert reasons["statistics"] == (
        "Essential for data analyst; on your map at level 1, aiming for 4 (90 min practised)."
    )


def test_suggestions_differ_for_knowledge_and_skills_and_use_the_persons_words() -> None:
    gaps = {gap.item.skill.label: gap for gap in report().gaps}
    knowledge = gaps["data mining"].microskill
    assert knowledge.definition == "Recall 3 key points of data mining from memory, then check them"
    assert knowledge.rule.direction is Direction.HIGHER
    assert 5 <= knowledge.minutes <= 10
    skill = gaps["deliver visual presentation of data"].microskill
    assert skill.definition == 'Do one small "Charts" task from your week, timed'
    assert skill.rule.direction is Direction.LOWER
    assert skill.rule.describe(skill.unit) == "at most 10 min in 4 of the last 5 sessions"
    goal = gaps["statistics"].goal
    assert goal.title == "Write a one-page summary of Statistics and have a colleague check it"
    assert goal.skill_id == 2
    assert goal.objective_id == 7
    assert gaps["data mining"].goal.skill_id is None  # not on the map yet


def test_every_suggested_goal_passes_the_micro_goal_validator() -> None:
    for gap in report().gaps:
        check = validate_goal(gap.goal, today=TODAY, policy=POLICY)
        assert check.ok
        assert check.warnings == ()
        assert gap.goal.due == TODAY + timedelta(days=7)


def test_a_short_goal_horizon_brings_the_due_date_in() -> None:
    policy = GoalPolicy(horizon_days=3)
    result = skill_gap(ROLE, HELD, role_label="r", objective_id=1, today=TODAY, policy=policy)
    assert all(gap.goal.due == TODAY + timedelta(days=3) for gap in result.gaps)
    for gap in result.gaps:
        validate_goal(gap.goal, today=TODAY, policy=policy)


def test_the_strongest_of_two_targets_for_one_skill_counts() -> None:
    skill = ROLE[0]
    weak = Held(1, "databases", uri("sql"), 1, 3)
    strong = Held(2, "USE   Databases", None, 3, 4)
    assert match(skill, [weak, strong]) == strong


def test_no_role_skills_is_full_coverage_and_no_gaps() -> None:
    result = skill_gap([], HELD, role_label="r", objective_id=1, today=TODAY, policy=POLICY)
    assert result.gaps == ()
    assert result.essential.share == 1.0


def test_a_long_label_is_shortened_inside_the_suggestions() -> None:
    label = "manage " + "very " * 60 + "long things"
    result = skill_gap(
        [RoleSkill(uri("long"), label, SKILL, ESSENTIAL)],
        [],
        role_label="r",
        objective_id=1,
        today=TODAY,
        policy=POLICY,
    )
    gap = result.gaps[0]
    assert len(gap.microskill.definition) <= MAX_TITLE
    assert len(gap.goal.title) <= MAX_TITLE
    validate_goal(gap.goal, today=TODAY, policy=POLICY)


labels = st.text(alphabet="abcdefgh xyz-", min_size=1, max_size=90).filter(lambda s: s.strip())
role_skills = st.builds(
    RoleSkill,
    uri=st.sampled_from([uri(str(i)) for i in range(8)]),
    label=labels,
    kind=st.sampled_from(list(SkillKind)),
    relation=st.sampled_from(list(Relation)),
    reuse=st.sampled_from([None, "transversal", "cross-sector", "sector-specific", "x"]),
)
helds = st.builds(
    Held,
    skill_id=st.integers(1, 50),
    name=labels,
    esco_uri=st.sampled_from([None, *(uri(str(i)) for i in range(8))]),
    current_level=st.integers(0, 5),
    target_level=st.just(5),
    evidence=st.booleans(),
    practice_minutes=st.integers(0, 100_000),
    mastered_microskills=st.integers(0, 2),
)


@given(st.lists(role_skills, max_size=12), st.lists(helds, max_size=8), st.integers(1, 30))
def test_any_case_ranks_by_relation_then_status_and_suggests_valid_steps(
    role: list[RoleSkill], held: list[Held], horizon: int
) -> None:
    policy = GoalPolicy(horizon_days=horizon)
    result = skill_gap(role, held, role_label="r", objective_id=1, today=TODAY, policy=policy)
    order = [
        (gap.item.skill.relation is not ESSENTIAL, gap.item.status is not Status.MISSING)
        for gap in result.gaps
    ]
    assert order == sorted(order)
    assert [gap.score for gap in result.gaps] == sorted(
        (gap.score for gap in result.gaps), reverse=True
    )
    assert len(result.skills) == len(role)
    assert result.essential.total + result.optional.total == len(role)
    assert len(result.gaps) == result.essential.total + result.optional.total - (
        result.essential.strong + result.optional.strong
    )
    for gap in result.gaps:
        assert score(gap.item) > 0
        validate_goal(gap.goal, today=TODAY, policy=policy)
        check_rule(gap.microskill.rule)
        assert len(gap.microskill.definition) <= MAX_TITLE
