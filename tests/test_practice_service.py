"""Micro-skill use cases on real storage: define, log, schedule, master, stack, refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest

from microstep.core.practice import MicroSkillState
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import practice, skills, today
from microstep.services.context import Context, PracticePolicy
from microstep.services.schemas import MicroSkillCreate, PracticeCreate, SkillCreate
from tests.conftest import TODAY


@pytest.fixture
def speaking(ctx: Context) -> int:
    """Ana's 'Public speaking' skill."""
    return skills.add_skill(ctx, SkillCreate(name="Public speaking", current_level=1)).id


def drill(skill_id: int, definition: str, **changes: object) -> MicroSkillCreate:
    """A lower-is-better micro-skill mastered at 2 in 4 of the last 5 sessions."""
    fields: dict[str, object] = {
        "skill_id": skill_id,
        "definition": definition,
        "metric": "filler words",
        "unit": "per min",
        "mastery_threshold": 2,
    }
    fields.update(changes)
    return MicroSkillCreate(**fields)  # type: ignore[arg-type]


def log(ctx: Context, microskill_id: int, value: float | None, days_ago: int = 0) -> object:
    """Log a five-minute 'good' session."""
    entry = PracticeCreate(
        minutes=5, rating="good", metric_value=value, practised_on=TODAY - timedelta(days=days_ago)
    )
    return practice.log_practice(ctx, microskill_id, entry)


def test_a_skills_first_micro_skill_starts_and_the_next_queues(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause before answering"))
    second = practice.add_microskill(ctx, drill(speaking, "Open with the point"))
    assert (first.state, second.state) == (MicroSkillState.ACTIVE, MicroSkillState.QUEUED)
    assert first.due == TODAY
    assert (first.position, second.position) == (1, 2)


def test_mastery_stacks_the_next_queued_micro_skill(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause before answering"))
    second = practice.add_microskill(ctx, drill(speaking, "Open with the point"))
    for n, value in enumerate([6, 2, 1.5, 2]):
        assert not log(ctx, first.id, value, days_ago=5 - n).mastered  # type: ignore[attr-defined]
    result = log(ctx, first.id, 1, days_ago=1)
    assert result.mastered  # type: ignore[attr-defined]
    assert result.stacked.id == second.id  # type: ignore[attr-defined]
    states = {m.id: m.state for m in practice.list_microskills(ctx)}
    assert states == {first.id: MicroSkillState.MASTERED, second.id: MicroSkillState.ACTIVE}
    with pytest.raises(Conflict, match="already mastered"):
        log(ctx, first.id, 1)


def test_sessions_without_a_value_never_count_toward_mastery(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause before answering"))
    for n in range(6):
        assert not log(ctx, first.id, None, days_ago=n).mastered  # type: ignore[attr-defined]


def test_the_active_limit_refuses_scope_creep(ctx: Context) -> None:
    ids = [skills.add_skill(ctx, SkillCreate(name=f"Skill {n}")).id for n in range(4)]
    for skill_id in ids[:3]:
        practice.add_microskill(ctx, drill(skill_id, f"Drill {skill_id}"))
    fourth = practice.add_microskill(ctx, drill(ids[3], "One too many"))
    assert fourth.state is MicroSkillState.QUEUED  # not started automatically at the limit
    with pytest.raises(Conflict, match="limit is 3"):
        practice.start_microskill(ctx, fourth.id)
    with pytest.raises(Conflict, match="limit is 3"):
        practice.add_microskill(ctx, drill(ids[3], "Forced", start=True))


def test_limit_is_configurable(ctx: Context, speaking: int) -> None:
    narrow = Context(
        db=ctx.db, person_id=ctx.person_id, today=TODAY, practice=PracticePolicy(max_active=1)
    )
    practice.add_microskill(narrow, drill(speaking, "Pause"))
    other = skills.add_skill(ctx, SkillCreate(name="SQL")).id
    assert practice.add_microskill(narrow, drill(other, "Joins")).state is MicroSkillState.QUEUED


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"minutes": 0}, "1 to 120 minutes"),
        ({"minutes": 500}, "1 to 120 minutes"),
        ({"practised_on": TODAY + timedelta(days=1)}, "in the future"),
        ({"practised_on": TODAY - timedelta(days=400)}, "more than a year ago"),
        ({"metric_value": float("nan")}, "finite"),
        ({"metric_value": -3}, "between"),
    ],
)
def test_bad_sessions_are_refused_and_nothing_is_written(
    ctx: Context, speaking: int, entry: dict[str, object], words: str
) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause"))
    fields: dict[str, object] = {"minutes": 5, "rating": "good", **entry}
    with pytest.raises(InvalidInput, match=words):
        practice.log_practice(ctx, first.id, PracticeCreate(**fields))  # type: ignore[arg-type]
    assert practice.learning_curve(ctx, first.id).sessions == []


def test_unknown_and_queued_micro_skills_take_no_sessions(ctx: Context, speaking: int) -> None:
    practice.add_microskill(ctx, drill(speaking, "Pause"))
    queued = practice.add_microskill(ctx, drill(speaking, "Later"))
    with pytest.raises(NotFound):
        log(ctx, 9999, 1)
    with pytest.raises(Conflict, match="queued"):
        log(ctx, queued.id, 1)


def test_the_schedule_puts_due_practice_on_today(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause before answering"))
    agenda = today.today(ctx).items
    assert [(i.kind, i.id, i.days_left) for i in agenda] == [("practice", first.id, 0)]
    result = log(ctx, first.id, 5)
    assert result.next_due is not None  # type: ignore[attr-defined]
    assert 1 <= (result.next_due - TODAY).days <= 3  # type: ignore[attr-defined]
    assert [i.kind for i in today.today(ctx).items] == []
    later = Context(db=ctx.db, person_id=ctx.person_id, today=TODAY + timedelta(days=5))
    assert today.today(later).items[0].reason.startswith("practise 5 min, overdue")


def test_back_dated_entries_do_not_rewind_the_schedule(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause"))
    due = log(ctx, first.id, 5).next_due  # type: ignore[attr-defined]
    assert log(ctx, first.id, 6, days_ago=3).next_due == due  # type: ignore[attr-defined]


def test_curve_and_consistency_reflect_the_journal(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause", mastery_threshold=0.5))
    for n, value in enumerate([8, 7.5, 7, 6.4, 6, 5.5]):
        log(ctx, first.id, value, days_ago=5 - n)
    curve = practice.learning_curve(ctx, first.id)
    assert [p.value for p in curve.points] == [8, 7.5, 7, 6.4, 6, 5.5]
    assert curve.trend_start is not None
    assert curve.trend_end is not None
    assert curve.trend_end < curve.trend_start
    assert curve.improvement_per_session is not None
    assert curve.improvement_per_session > 0
    stats = practice.consistency(ctx)
    assert stats.streak_days == 6
    assert stats.weeks[-1].minutes == 3 * 5  # Mon 16 to Wed 18 November
    assert sum(w.sessions for w in stats.weeks) == 6


def test_plan_lists_active_then_queued(ctx: Context, speaking: int) -> None:
    practice.add_microskill(ctx, drill(speaking, "Pause"))
    practice.add_microskill(ctx, drill(speaking, "Open with the point"))
    plan = practice.skill_plan(ctx, speaking)
    assert [w.focus for w in plan.weeks][:2] == ["Pause", "Open with the point"]
    assert plan.markdown.startswith("# Four-week plan: Public speaking")


def test_pause_makes_room_under_the_limit(ctx: Context) -> None:
    ids = [skills.add_skill(ctx, SkillCreate(name=f"Skill {n}")).id for n in range(4)]
    first = [
        practice.add_microskill(ctx, drill(skill_id, f"Drill {skill_id}")) for skill_id in ids[:3]
    ]
    waiting = practice.add_microskill(ctx, drill(ids[3], "Waiting"))
    paused = practice.pause_microskill(ctx, first[0].id)
    assert paused.state is MicroSkillState.QUEUED
    assert practice.start_microskill(ctx, waiting.id).state is MicroSkillState.ACTIVE
    with pytest.raises(Conflict, match="not active"):
        practice.pause_microskill(ctx, paused.id)


def test_the_same_behaviour_twice_in_one_stack_is_refused(ctx: Context, speaking: int) -> None:
    practice.add_microskill(ctx, drill(speaking, "Pause before answering"))
    with pytest.raises(Conflict, match="already in this skill's stack"):
        practice.add_microskill(ctx, drill(speaking, "pause BEFORE answering"))


def test_an_ignored_micro_skill_becomes_overdue(ctx: Context, speaking: int) -> None:
    first = practice.add_microskill(ctx, drill(speaking, "Pause"))
    later = Context(db=ctx.db, person_id=ctx.person_id, today=TODAY + timedelta(days=4))
    item = today.today(later).items[0]
    assert (item.id, item.days_left) == (first.id, -4)
