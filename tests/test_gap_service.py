"""The skill gap's use cases on both engines: Ana aims 'Senior data analyst' at ESCO's data
analyst, links her map, sees the real essentials, and adopts gaps once each."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from microstep.core.goals import GoalDraft, validate_goal
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import gap, objectives, practice, skills
from microstep.services.context import Context
from microstep.services.gap_schemas import AdoptAs
from microstep.services.schemas import (
    MicroSkillCreate,
    ObjectiveCreate,
    PracticeCreate,
    SkillCreate,
)
from microstep.store.db import open_database
from microstep.store.models import MicroGoal, MicroSkill, Objective, SkillTarget
from tests.conftest import TODAY

pytestmark = pytest.mark.taxonomy

OCCUPATION = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
DATA_ANALYST = OCCUPATION + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
STATISTICS = SKILL + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833"  # knowledge, essential
DATA_MINING = SKILL + "25f0ea33-b4a2-4f31-b7b4-7d20e827b180"  # knowledge, essential
CLEANSING = SKILL + "50b100ea-74fd-4706-99db-3e4ca55e51b8"  # skill, essential
HADOOP = SKILL + "e46291c7-52b9-4174-bd59-178884861038"  # knowledge, optional
# Five of the thirty essentials ESCO 1.1.1 lists for a data analyst.
ESSENTIALS = {
    "statistics",
    "perform data cleansing",
    "data mining",
    "use databases",
    "apply statistical analysis techniques",
}


def aim(ctx: Context) -> None:
    """Aim Ana's objective at ESCO's data analyst by job title."""
    gap.set_target_role(ctx, 1, text="data analyst")


def stored_skills(ctx: Context) -> list[SkillTarget]:
    """Ana's skill targets as stored."""
    with ctx.db.transaction() as session:
        return list(session.scalars(select(SkillTarget).order_by(SkillTarget.id)))


def count(ctx: Context, model: type[MicroGoal] | type[MicroSkill]) -> int:
    """Rows of a table."""
    with ctx.db.transaction() as session:
        return len(list(session.scalars(select(model))))


def test_a_job_title_links_the_role_and_the_objective_keeps_its_words(ctx: Context) -> None:
    role = gap.set_target_role(ctx, 1, text="data analyst")
    assert role.occupation.id == DATA_ANALYST
    assert role.occupation.label == "data analyst"
    assert role.matched_text == "data analyst"
    assert role.score is not None
    assert 0 < role.score <= 1
    assert role.message == "'Senior data analyst' now aims at the ESCO occupation 'data analyst'."
    assert objectives.get_objective(ctx, 1).title == "Senior data analyst"
    with ctx.db.transaction() as session:
        assert session.get(Objective, 1).occupation_uri == DATA_ANALYST  # type: ignore[union-attr]


def test_a_uri_sets_the_role_directly_and_a_uri_typed_as_text_counts_as_one(ctx: Context) -> None:
    assert gap.set_target_role(ctx, 1, uri=DATA_ANALYST).matched_text is None
    again = gap.set_target_role(ctx, 1, text=f"  {DATA_ANALYST} ")
    assert again.occupation.label == "data analyst"
    assert again.score is None


def test_role_refusals_are_one_sentence_and_change_nothing(ctx: Context) -> None:
    cases: list[tuple[type[Exception], dict[str, str | None], int, str]] = [
        (InvalidInput, {"text": "zzzz qqq"}, 1, "Nothing in ESCO fits 'zzzz qqq' as a job title"),
        (InvalidInput, {"text": "   "}, 1, "Give the target role as a job title"),
        (InvalidInput, {"uri": "http://example.com/x"}, 1, "'http://example.com/x' is not an ESCO"),
        (NotFound, {"uri": OCCUPATION + "nope"}, 1, "No ESCO occupation has the URI"),
        (NotFound, {"text": "data analyst"}, 99, "There is no objective #99."),
    ]
    for error, given, objective_id, start in cases:
        with pytest.raises(error) as caught:
            gap.set_target_role(ctx, objective_id, **given)  # type: ignore[arg-type]
        assert str(caught.value).startswith(start), caught.value
        assert str(caught.value).endswith(".")
    assert gap.role_choices(ctx)[0].occupation is None


def test_a_capability_objective_takes_no_target_role(ctx: Context) -> None:
    capability = objectives.add_objective(
        ctx,
        ObjectiveCreate(title="Storytelling", horizon=date(2027, 6, 1), kind="capability"),
    )
    with pytest.raises(InvalidInput, match="is a capability: a target role fits a role objective"):
        gap.set_target_role(ctx, capability.id, text="data analyst")


def test_without_a_role_the_gap_says_how_to_set_one(ctx: Context) -> None:
    with pytest.raises(Conflict) as caught:
        gap.skill_gap(ctx)
    assert str(caught.value) == (
        "Objective #1 'Senior data analyst' has no target role yet: set one with "
        '`microstep objective role 1 "data analyst"` or on the Gap page.'
    )
    with pytest.raises(Conflict, match="no target role yet"):
        gap.skill_gap(ctx, 1)
    with pytest.raises(NotFound, match=r"There is no objective #5\."):
        gap.skill_gap(ctx, 5)


def test_with_no_role_objective_at_all_the_gap_says_to_add_one(ctx: Context) -> None:
    with ctx.db.transaction() as session:
        objective = session.get(Objective, 1)
        assert objective is not None
        objective.status = "achieved"
    with pytest.raises(Conflict, match="You have no active role objective yet: add one"):
        gap.skill_gap(ctx)


def test_the_gap_lists_the_real_esco_essentials_of_a_data_analyst(ctx: Context) -> None:
    aim(ctx)
    result = gap.skill_gap(ctx, top=50)
    assert result.objective_title == "Senior data analyst"
    assert result.occupation.label == "data analyst"
    assert result.occupation.onet_code is not None  # ESCO's role maps to an O*NET code
    assert (result.essential.total, result.optional.total) == (30, 22)
    assert result.essential.missing == 30
    essentials = {s.label for s in result.skills if s.relation == "essential"}
    assert essentials >= ESSENTIALS
    assert [s.relation for s in result.skills] == ["essential"] * 30 + ["optional"] * 22
    assert result.total_gaps == 52
    assert [g.rank for g in result.gaps] == list(range(1, 51))
    assert all(g.skill.relation == "essential" for g in result.gaps[:30])
    assert gap.skill_gap(ctx).gaps == result.gaps[:5]


def test_the_map_is_linked_in_the_persons_words_and_counted(ctx: Context) -> None:
    aim(ctx)
    skills.add_skill(ctx, SkillCreate(name="statistics", current_level=1, target_level=4))
    skills.add_skill(ctx, SkillCreate(name="xyzzy", current_level=2, target_level=3))
    skills.add_skill(ctx, SkillCreate(name="Data Mining", current_level=3, target_level=4))
    result = gap.skill_gap(ctx, top=50)
    assert "statistics" in result.linked
    by_label = {s.label: s for s in result.skills}
    assert by_label["statistics"].status == "growing"
    assert by_label["statistics"].your_words == "statistics"
    assert by_label["data mining"].status == "strong"
    assert by_label["data mining"].your_words == "Data Mining"
    assert result.essential.strong == 1
    assert result.essential.growing == 1
    stored = {row.name: row for row in stored_skills(ctx)}
    assert stored["statistics"].esco_uri == STATISTICS
    assert stored["xyzzy"].esco_uri is None  # nothing fits: left as typed, marked as tried
    assert stored["xyzzy"].link_score == 0
    assert gap.skill_gap(ctx).linked == []  # tried ones are not tried again on every view
    top = [g.skill.label for g in result.gaps]
    assert top.index("statistics") > 27  # growing comes after the missing essentials
    growing = next(g for g in result.gaps if g.skill.label == "statistics")
    assert growing.reason == (
        "Essential for data analyst; on your map at level 1, aiming for 4 (no practice logged)."
    )


def test_linking_keeps_names_and_leaves_what_nothing_fits(ctx: Context) -> None:
    skills.add_skill(ctx, SkillCreate(name="statistics"))
    skills.add_skill(ctx, SkillCreate(name="xyzzy"))
    first = gap.link_skill_targets(ctx)
    assert [(item.name, item.esco_uri) for item in first.linked] == [("statistics", STATISTICS)]
    assert first.unlinked == ["xyzzy"]
    again = gap.link_skill_targets(ctx)  # linked ones are not linked again; others retried
    assert (again.linked, again.unlinked) == ([], ["xyzzy"])
    assert [row.name for row in stored_skills(ctx)] == ["statistics", "xyzzy"]


def test_practice_and_a_mastered_micro_skill_count_as_evidence(ctx: Context) -> None:
    aim(ctx)
    skill = skills.add_skill(ctx, SkillCreate(name="statistics", current_level=1))
    drill = practice.add_microskill(
        ctx,
        MicroSkillCreate(
            skill_id=skill.id, definition="Explain a p-value", metric="errors", mastery_threshold=0
        ),
    )
    for days_ago in (3, 2, 1, 0):
        entry = PracticeCreate(
            minutes=10,
            rating="good",
            metric_value=0,
            practised_on=TODAY - timedelta(days=days_ago),
        )
        practice.log_practice(ctx, drill.id, entry)
    statistics = next(s for s in gap.skill_gap(ctx).skills if s.label == "statistics")
    assert statistics.practice_minutes == 40
    assert statistics.evidence is True
    assert statistics.status == "strong"


def test_suggested_goals_pass_the_goal_rules(ctx: Context) -> None:
    aim(ctx)
    for item in gap.skill_gap(ctx, top=50).gaps:
        goal = item.goal
        draft = GoalDraft(
            title=goal.title,
            due=goal.due,
            kind=goal.kind,
            metric=goal.metric,
            target_value=goal.target_value,
            unit=goal.unit,
            effort_hours=goal.effort_hours,
            objective_id=1,
        )
        check = validate_goal(draft, today=TODAY, policy=ctx.policy)
        assert check.warnings == ()
        assert goal.due == TODAY + timedelta(days=7)
        assert 5 <= item.microskill.minutes <= 10


def test_adopting_a_gap_puts_it_on_the_map_once(ctx: Context) -> None:
    aim(ctx)
    first = gap.adopt_gap(ctx, DATA_MINING, AdoptAs.SKILL)
    assert first.created
    assert first.message == "Added 'data mining' to your skill map, linked to ESCO."
    assert (first.skill.name, first.skill.current_level, first.skill.target_level) == (
        "data mining",
        0,
        3,
    )
    again = gap.adopt_gap(ctx, DATA_MINING, AdoptAs.SKILL)
    assert not again.created
    assert again.message == "'data mining' is already on your skill map."
    rows = stored_skills(ctx)
    assert [(r.name, r.esco_uri, r.link_score, r.objective_id) for r in rows] == [
        ("data mining", DATA_MINING, 1.0, 1)
    ]
    status = next(s for s in gap.skill_gap(ctx).skills if s.id == DATA_MINING)
    assert status.status == "growing"


def test_adopting_as_a_micro_skill_adds_the_skill_and_its_drill_once(ctx: Context) -> None:
    aim(ctx)
    first = gap.adopt_gap(ctx, DATA_MINING, AdoptAs.MICROSKILL)
    assert first.created
    assert first.microskill is not None
    assert first.microskill.definition == (
        "Recall 3 key points of data mining from memory, then check them"
    )
    assert first.microskill.state == "active"
    assert first.microskill.rule == "at least 3 points in 4 of the last 5 sessions"
    assert first.message == (
        "Added the micro-skill 'Recall 3 key points of data mining from memory, then check "
        "them': put 'data mining' on your map and started it."
    )
    again = gap.adopt_gap(ctx, DATA_MINING, AdoptAs.MICROSKILL)
    assert not again.created
    assert again.microskill is not None
    assert again.microskill.id == first.microskill.id
    assert count(ctx, MicroSkill) == 1
    assert len(stored_skills(ctx)) == 1


def test_adopting_as_a_goal_plans_a_valid_goal_in_the_persons_words_once(ctx: Context) -> None:
    aim(ctx)
    own = skills.add_skill(ctx, SkillCreate(name="Cleaning data", current_level=1))
    with ctx.db.transaction() as session:  # as the type-ahead picker would have linked it
        row = session.get(SkillTarget, own.id)
        assert row is not None
        row.esco_uri = CLEANSING
    first = gap.adopt_gap(ctx, CLEANSING, AdoptAs.GOAL)
    assert first.goal is not None
    assert first.created
    assert first.goal.title == 'Apply "Cleaning data" to 2 real tasks and note what worked'
    assert (first.goal.metric, first.goal.target_value, first.goal.unit) == (
        "real tasks done",
        2,
        "tasks",
    )
    assert first.goal.due == TODAY + timedelta(days=7)
    assert (first.goal.skill_id, first.goal.objective_id) == (own.id, 1)
    assert first.message == (
        "Planned the micro-goal 'Apply \"Cleaning data\" to 2 real tasks and note what worked', "
        "due "
        "Wed 25 Nov 2026."
    )
    again = gap.adopt_gap(ctx, CLEANSING, AdoptAs.GOAL)
    assert not again.created
    assert again.goal is not None
    assert again.goal.id == first.goal.id
    assert count(ctx, MicroGoal) == 1
    assert [row.name for row in stored_skills(ctx)] == ["Cleaning data"]


def test_adopting_is_all_or_nothing(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    aim(ctx)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise Conflict("The practice room is closed.")

    monkeypatch.setattr(practice, "add_microskill", broken)
    with pytest.raises(Conflict, match="practice room is closed"):
        gap.adopt_gap(ctx, HADOOP, AdoptAs.MICROSKILL)
    assert stored_skills(ctx) == []  # the skill added before the failure was rolled back


def test_adopt_refusals(ctx: Context) -> None:
    with pytest.raises(Conflict, match="has no target role yet"):
        gap.adopt_gap(ctx, DATA_MINING)
    aim(ctx)
    with pytest.raises(InvalidInput, match="'nonsense' is not an ESCO skill URI: those start"):
        gap.adopt_gap(ctx, "nonsense")
    with pytest.raises(NotFound, match="is not one of the skills ESCO lists for 'data analyst'"):
        gap.adopt_gap(ctx, SKILL + "598de5b0-5b58-4ea7-8058-a4bc4d18c742")  # SQL
    assert stored_skills(ctx) == []


def test_a_double_click_adopts_once(ctx: Context) -> None:
    aim(ctx)
    gap.skill_gap(ctx)  # the linker and taxonomy are ready, as after showing the page
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []

    def click() -> None:
        db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
        mine = Context(db=db, person_id=ctx.person_id, policy=ctx.policy, today=ctx.today)
        barrier.wait()
        try:
            outcomes.append(gap.adopt_gap(mine, DATA_MINING, AdoptAs.GOAL).created)
        finally:
            db.dispose()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [False, True]
    assert count(ctx, MicroGoal) == 1
    assert len(stored_skills(ctx)) == 1
