"""Portfolio use cases on both engines: suggestions, achievements, the update, the document."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from microstep.core.curve import Direction
from microstep.core.practice import SelfRating
from microstep.errors import InvalidInput, NotFound
from microstep.services import goals, portfolio, practice, skills
from microstep.services.context import Context
from microstep.services.portfolio_schemas import (
    AchievementCreate,
    AchievementUpdate,
    SuggestionPick,
)
from microstep.services.schemas import (
    GoalCreate,
    GoalOutcome,
    MicroSkillCreate,
    PracticeCreate,
    SkillCreate,
)
from microstep.store.models import FeedbackRequest, Review, Signal
from tests.conftest import TODAY


def add_signal(ctx: Context, kind: str, *, rating: int | None = None, days_ago: int = 2) -> int:
    """Log a signal straight into storage (the evidence log is another area's)."""
    with ctx.db.transaction() as session:
        row = Signal(
            person_id=ctx.person_id,
            kind=kind,
            occurred_on=TODAY - timedelta(days=days_ago),
            source="Priya Ñúñez",
            note="Clearest dashboard we have",
            rating=rating,
            created_at=datetime.now(UTC),
        )
        session.add(row)
        session.flush()
        return row.id


def history(ctx: Context) -> dict[str, int]:
    """A finished goal, a mastered micro-skill, praise, weak feedback and an open request."""
    skill = skills.add_skill(ctx, SkillCreate(name="Presenting", current_level=1, target_level=4))
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="Annotate 3 dashboards",
            metric="dashboards",
            target_value=3,
            due=TODAY + timedelta(days=3),
            skill_id=skill.id,
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=3, outcome_note="Sales uses them."))
    item = practice.add_microskill(
        ctx,
        MicroSkillCreate(
            skill_id=skill.id,
            definition="Open with the conclusion",
            metric="time to the point",
            unit="s",
            direction=Direction.LOWER,
            mastery_threshold=30,
            mastery_needed=2,
            mastery_window=3,
        ),
    )
    for days_ago, value in ((6, 95), (4, 28), (2, 25)):
        entry = PracticeCreate(
            minutes=5,
            rating=SelfRating.GOOD,
            metric_value=value,
            practised_on=TODAY - timedelta(days=days_ago),
        )
        practice.log_practice(ctx, item.id, entry)
    with ctx.db.transaction() as session:
        session.add(
            FeedbackRequest(
                person_id=ctx.person_id,
                asked_whom="Lena",
                about="the Thursday summary",
                question="Was the summary useful",
                asked_on=TODAY - timedelta(days=3),
                created_at=datetime.now(UTC),
            )
        )
    return {
        "skill": skill.id,
        "goal": goal.id,
        "microskill": item.id,
        "praise": add_signal(ctx, "praise"),
        "weak": add_signal(ctx, "feedback", rating=2),
    }


def test_suggestions_come_from_done_goals_mastery_and_positive_signals(ctx: Context) -> None:
    ids = history(ctx)
    found = {(s.source.value, s.source_id): s for s in portfolio.suggest(ctx)}
    assert set(found) == {
        ("goal", ids["goal"]),
        ("microskill", ids["microskill"]),
        ("signal", ids["praise"]),
    }
    assert found[("goal", ids["goal"])].metric == "3 of 3 dashboards"
    assert found[("microskill", ids["microskill"])].metric == "time to the point 95 s → 25 s"


def test_an_added_suggestion_links_its_source_and_is_not_suggested_again(ctx: Context) -> None:
    ids = history(ctx)
    pick = SuggestionPick(source="microskill", source_id=ids["microskill"])
    added = portfolio.add_suggested(ctx, pick)
    assert added.micro_skill_id == ids["microskill"]
    assert added.skill_id == ids["skill"]
    assert ("microskill", ids["microskill"]) not in {
        (s.source.value, s.source_id) for s in portfolio.suggest(ctx)
    }
    with pytest.raises(InvalidInput, match="already in your portfolio"):
        portfolio.add_suggested(ctx, pick)
    assert len(portfolio.list_achievements(ctx)) == 1


def test_weak_feedback_cannot_be_added_as_an_achievement(ctx: Context) -> None:
    ids = history(ctx)
    with pytest.raises(InvalidInput, match="no positive signal"):
        portfolio.add_suggested(ctx, SuggestionPick(source="signal", source_id=ids["weak"]))
    assert portfolio.list_achievements(ctx) == []


def test_a_typed_achievement_keeps_any_character_and_refuses_the_future(ctx: Context) -> None:
    row = portfolio.add_achievement(
        ctx, AchievementCreate(title="Résumé für Zoë — 数据", metric="45 → 12 min")
    )
    assert row.achieved_on == TODAY
    assert portfolio.list_achievements(ctx)[0].title == "Résumé für Zoë — 数据"
    future = AchievementCreate(title="Later", achieved_on=TODAY + timedelta(days=1))
    with pytest.raises(InvalidInput, match="in the future"):
        portfolio.add_achievement(ctx, future)
    with pytest.raises(InvalidInput, match="title is empty"):
        portfolio.add_achievement(ctx, AchievementCreate(title="  "))
    assert len(portfolio.list_achievements(ctx)) == 1


def test_editing_changes_only_the_given_fields_and_delete_brings_the_suggestion_back(
    ctx: Context,
) -> None:
    ids = history(ctx)
    row = portfolio.add_suggested(ctx, SuggestionPick(source="goal", source_id=ids["goal"]))
    edited = portfolio.edit_achievement(ctx, row.id, AchievementUpdate(narrative="Told better."))
    assert (edited.title, edited.metric, edited.narrative) == (
        row.title,
        "3 of 3 dashboards",
        "Told better.",
    )
    portfolio.delete_achievement(ctx, row.id)
    assert ("goal", ids["goal"]) in {(s.source.value, s.source_id) for s in portfolio.suggest(ctx)}
    with pytest.raises(NotFound):
        portfolio.delete_achievement(ctx, row.id)


def test_the_update_has_three_honest_bullets_from_the_period(ctx: Context) -> None:
    history(ctx)
    update = portfolio.stakeholder_update(ctx)
    assert (update.since, update.until) == (TODAY - timedelta(days=13), TODAY)
    impact, progress, question = (b.text for b in update.bullets)
    assert "mastered Open with the conclusion: time to the point 95 s → 25 s" in impact
    assert "finished 1 micro-goal; practised 15 min over 3 sessions" in progress
    assert question.startswith("Open question: Was the summary useful?")
    assert update.text.count("\n") == 2


def test_an_update_for_a_quiet_period_says_so(ctx: Context) -> None:
    history(ctx)
    quiet = portfolio.stakeholder_update(ctx, date(2026, 1, 1), date(2026, 1, 14))
    assert "no finished goals" in quiet.bullets[0].text
    assert "no practice logged" in quiet.bullets[1].text


def test_the_update_asks_about_the_last_reviews_adjustment(ctx: Context) -> None:
    with ctx.db.transaction() as session:
        now = datetime.now(UTC)
        session.add(
            Review(
                person_id=ctx.person_id,
                week_start=TODAY - timedelta(days=9),
                summary={},
                to_adjust="Plan Friday's summary on Wednesday",
                created_at=now,
                updated_at=now,
            )
        )
    question = portfolio.stakeholder_update(ctx).bullets[2].text
    assert "Plan Friday's summary on Wednesday" in question


def test_the_document_holds_the_map_growth_achievements_mastery_and_praise(ctx: Context) -> None:
    ids = history(ctx)
    portfolio.add_suggested(ctx, SuggestionPick(source="goal", source_id=ids["goal"]))
    doc = portfolio.portfolio_document(ctx)
    assert doc.name == "Ana"
    assert doc.objective == "Senior data analyst"
    assert [(s.name, s.current_level, s.target_level) for s in doc.skills] == [("Presenting", 1, 4)]
    assert sum(week.practice_minutes for week in doc.growth) == 15
    assert sum(week.goals_done for week in doc.growth) == 1
    assert doc.growth[-1].week <= TODAY < doc.growth[-1].week + timedelta(days=7)
    assert [a.title for a in doc.achievements] == ["Annotate 3 dashboards"]
    assert [m.definition for m in doc.mastered] == ["Open with the conclusion"]
    assert [f.kind for f in doc.feedback] == ["praise"]


def test_a_document_since_a_future_day_is_refused(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="in the future"):
        portfolio.portfolio_document(ctx, TODAY + timedelta(days=2))


def test_a_vague_or_ancient_achievement_is_refused_and_nothing_is_written(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match=r"^Say what changed: .*for example"):
        portfolio.add_achievement(ctx, AchievementCreate(title="Did great work"))
    ancient = AchievementCreate(
        title="Cut the report", metric="45 → 12 min", achieved_on=date(1990, 3, 1)
    )
    with pytest.raises(InvalidInput, match=r"^1990-03-01 is too far back"):
        portfolio.add_achievement(ctx, ancient)
    assert portfolio.list_achievements(ctx) == []
    story = "Automated the weekly report, so sales gets it on Monday."
    kept = portfolio.add_achievement(ctx, AchievementCreate(title="Report", narrative=story))
    with pytest.raises(InvalidInput, match="Say what changed"):
        portfolio.edit_achievement(ctx, kept.id, AchievementUpdate(narrative="Did it."))
    assert portfolio.list_achievements(ctx)[0].narrative == story


def test_a_goal_that_fell_short_is_not_suggested_and_says_why(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="Python", current_level=1, target_level=3))
    goal = goals.add_goal(
        ctx,
        GoalCreate(
            title="Write tests for 4 functions",
            metric="functions",
            target_value=4,
            due=TODAY + timedelta(days=3),
            skill_id=skill.id,
            start=True,
        ),
    )
    goals.finish_goal(ctx, goal.id, GoalOutcome(outcome_value=3))
    assert portfolio.suggest(ctx) == []
    with pytest.raises(InvalidInput, match=r"^The micro-goal #\d+ fell short of its target"):
        portfolio.add_suggested(ctx, SuggestionPick(source="goal", source_id=goal.id))


def test_the_document_tells_each_mastery_and_praise_once(ctx: Context) -> None:
    ids = history(ctx)
    for source in ("microskill", "praise"):
        kind = "signal" if source == "praise" else source
        portfolio.add_suggested(ctx, SuggestionPick(source=kind, source_id=ids[source]))
    add_signal(ctx, "praise", days_ago=5)  # the same words again, another day
    doc = portfolio.portfolio_document(ctx)
    assert len(doc.achievements) == 2
    assert doc.mastered == []
    assert doc.feedback == []
