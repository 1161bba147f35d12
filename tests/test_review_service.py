"""The weekly review on real storage (both engines): computed from rows, saved, listed, refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from microstep.errors import InvalidInput
from microstep.services import lessons, practice, review, skills
from microstep.services.context import Context
from microstep.services.reflection_schemas import LessonUpdate
from microstep.services.review_schemas import ReviewUpdate
from microstep.services.schemas import MicroSkillCreate, SkillCreate
from microstep.store import queries
from microstep.store.db import Database
from microstep.store.models import (
    ActionPick,
    ActionTick,
    FeedbackRequest,
    Lesson,
    PracticeSession,
    Review,
    Signal,
)
from tests.conftest import TODAY

MON = date(2026, 11, 16)  # TODAY is the Wednesday of 2026-W47


def at(day: date) -> datetime:
    """Noon UTC of a day."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def seed_week(db: Database, person_id: int, microskill_id: int) -> None:
    """Ana's week: practice (and a busier month before), goals, feedback, signals, ticks."""
    with db.transaction() as session:
        days = [MON, MON, MON + timedelta(days=1)]
        days += [MON - timedelta(weeks=w, days=d) for w in range(4) for d in (1, 2, 3, 4, 5)]
        for n, day in enumerate(days):
            session.add(
                PracticeSession(
                    person_id=person_id,
                    micro_skill_id=microskill_id,
                    practised_on=day,
                    logged_at=at(day),
                    minutes=5 + n % 2 * 5,
                    rating="good",
                )
            )
        goal = {"person_id": person_id, "now": at(TODAY - timedelta(days=12)), "kind": "learning"}
        queries.add_goal(
            session=session,
            **goal,
            title="Rewrite 3 reports",
            due=TODAY + timedelta(days=2),
            status="done",
            started_at=at(TODAY - timedelta(days=10)),
            finished_at=at(MON),
            outcome_value=3.0,
            unit="reports",
        )
        queries.add_goal(
            session=session,
            **goal,
            title="Annotate 2 dashboards",
            due=MON,
            status="active",
            started_at=at(TODAY - timedelta(days=10)),
        )
        queries.add_goal(session=session, **goal, title="Read 2 chapters", due=TODAY + timedelta(5))
        session.add(
            FeedbackRequest(
                person_id=person_id,
                asked_whom="Priya",
                about="Thursday summary",
                question="Was the summary useful?",
                asked_on=MON - timedelta(days=3),
                status="answered",
                answer="Yes, forwarded it.",
                rating=5,
                answered_on=MON + timedelta(days=1),
                created_at=at(MON - timedelta(days=3)),
            )
        )
        for day, kind in [(MON, "praise"), (MON - timedelta(weeks=2), "praise"), (MON, "mention")]:
            session.add(
                Signal(
                    person_id=person_id,
                    kind=kind,
                    occurred_on=day,
                    source="Priya",
                    note="Great summary",
                    created_at=at(day),
                )
            )
        pick = ActionPick(
            person_id=person_id,
            action_key="share-chart",
            title="Share one chart",
            focus="visibility",
            picked_on=MON - timedelta(days=20),
            created_at=at(MON - timedelta(days=20)),
        )
        session.add(pick)
        session.flush()
        session.add(ActionTick(pick_id=pick.id, done_on=MON, created_at=at(MON)))


def seed_ana(ctx: Context) -> Context:
    """Ana with one active micro-skill and the week above."""
    skill = skills.add_skill(ctx, SkillCreate(name="Presenting", current_level=1))
    drill = MicroSkillCreate(
        skill_id=skill.id, definition="Pause before answering", metric="fill", mastery_threshold=2
    )
    seed_week(ctx.db, ctx.person_id, practice.add_microskill(ctx, drill).id)
    return ctx


@pytest.fixture
def seeded(ctx: Context) -> Context:
    """Ana with one active micro-skill and the week above."""
    return seed_ana(ctx)


def count(ctx: Context, model: type) -> int:
    with ctx.db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_review_computes_the_week_from_stored_rows(seeded: Context) -> None:
    result = review.weekly_review(seeded)
    summary = result.summary
    assert (result.week, result.previous, result.next) == ("2026-W47", "2026-W46", None)
    assert (summary.minutes, summary.sessions, summary.practice_days) == (20, 3, 2)
    assert summary.average_sessions == 5.0
    assert [g.title for g in summary.goals_done] == ["Rewrite 3 reports"]
    assert [g.title for g in summary.goals_missed] == ["Annotate 2 dashboards"]
    assert [(f.asked_whom, f.rating) for f in summary.feedback] == [("Priya", 5)]
    signals = {s.kind: (s.this_week, s.average) for s in summary.signals}
    assert signals["praise"] == (1, 0.25)
    assert summary.ticks == {"capability": 0, "visibility": 1}
    kinds = [win.kind for win in summary.wins]
    assert kinds == ["goal", "signal", "feedback"]
    assert result.saved is None


def test_the_review_shows_pitfalls_with_their_evidence(seeded: Context) -> None:
    result = review.weekly_review(seeded, "2026-W47")
    by_key = {p.key: p for p in result.pitfalls}
    assert "perfection_paralysis" in by_key
    assert any(
        "'Read 2 chapters': planned 12 days ago" in line
        for line in by_key["perfection_paralysis"].evidence
    )
    assert "stalled_goal" in by_key
    assert any("Annotate 2 dashboards" in line for line in by_key["stalled_goal"].evidence)


def test_saving_twice_keeps_one_review_and_one_lesson_updated(seeded: Context) -> None:
    first = review.save_review(
        seeded,
        "2026-11-18",
        ReviewUpdate(what_worked="Drills before lunch", lessons="Short summaries travel"),
    )
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    second = review.save_review(
        seeded, "2026-W47", ReviewUpdate(what_worked="  ", to_adjust="Ask on Mondays", lessons="X")
    )
    assert second.saved is not None
    assert (second.saved.id, second.saved.lesson_id) == (first.saved.id, first.saved.lesson_id)
    assert (second.saved.what_worked, second.saved.to_adjust) == (None, "Ask on Mondays")
    assert (count(seeded, Review), count(seeded, Lesson)) == (1, 1)
    with seeded.db.transaction() as session:
        row = session.scalars(select(Review)).one()
        assert row.summary["minutes"] == 20
        assert row.summary["week"] == "2026-W47"
        lesson = session.scalars(select(Lesson)).one()
        assert (lesson.title, lesson.next_time, lesson.did_not) == (
            "Week 2026-W47",
            "X",
            "Ask on Mondays",
        )
        assert lesson.review_id == row.id


def test_saving_one_answer_keeps_the_others_and_the_lesson_in_step(seeded: Context) -> None:
    full = ReviewUpdate(what_worked="Drills", to_adjust="Mondays", lessons="Write it down")
    review.save_review(seeded, "2026-W47", full)
    again = review.save_review(seeded, "2026-W47", ReviewUpdate(wins="Shipped"))
    assert again.saved is not None
    texts = (again.saved.what_worked, again.saved.to_adjust, again.saved.lessons, again.saved.wins)
    assert texts == ("Drills", "Mondays", "Write it down", "Shipped")
    review.save_review(seeded, "2026-W47", ReviewUpdate(what_worked="Drills before lunch"))
    with seeded.db.transaction() as session:
        lesson = session.scalars(select(Lesson)).one()
        assert (lesson.worked, lesson.did_not, lesson.next_time) == (
            "Drills before lunch",
            "Mondays",
            "Write it down",
        )


def test_an_empty_answer_clears_it_and_cleared_lessons_remove_their_lesson(
    seeded: Context,
) -> None:
    review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="Write it down"))
    cleared = review.save_review(seeded, None, ReviewUpdate(lessons=" "))
    assert cleared.saved is not None
    assert (cleared.saved.what_worked, cleared.saved.lessons) == ("Drills", None)
    assert cleared.saved.lesson_id is None
    assert count(seeded, Lesson) == 0


def test_an_untouched_lesson_is_updated_and_the_save_says_so(seeded: Context) -> None:
    first = review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="Old"))
    assert first.lesson_outcome == "added"
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    assert (
        first.lesson_note == f"Lesson #{first.saved.lesson_id} 'Week 2026-W47' is in your lessons."
    )
    again = review.save_review(seeded, None, ReviewUpdate(lessons="New"))
    assert again.lesson_outcome == "updated"
    assert again.lesson_note == (
        f"Lesson #{first.saved.lesson_id} 'Week 2026-W47' was updated to match the review."
    )
    assert lessons.get_lesson(seeded, first.saved.lesson_id).next_time == "New"
    same = review.save_review(seeded, None, ReviewUpdate(lessons="New"))
    assert same.lesson_outcome == "unchanged"
    assert same.saved is not None
    assert not same.saved.lesson_edited


def test_a_lesson_edited_in_lessons_is_never_overwritten(seeded: Context) -> None:
    first = review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="Old"))
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    lesson_id = first.saved.lesson_id
    lessons.edit_lesson(seeded, lesson_id, LessonUpdate(next_time="Mine now"))
    shown = review.weekly_review(seeded).saved
    assert shown is not None
    assert shown.lesson_edited
    again = review.save_review(seeded, None, ReviewUpdate(wins="Shipped", lessons="Review text"))
    assert again.lesson_outcome == "kept"
    assert again.lesson_note == (
        "Your lesson 'Week 2026-W47' was edited in Lessons, so it was left as it is."
    )
    assert again.saved is not None
    assert (again.saved.lesson_id, again.saved.lessons) == (lesson_id, "Review text")
    kept = lessons.get_lesson(seeded, lesson_id)
    assert (kept.next_time, kept.worked, kept.review_id) == ("Mine now", "Drills", again.saved.id)
    # Once the person's, always the person's: a later save leaves it alone too.
    review.save_review(seeded, None, ReviewUpdate(what_worked="Other"))
    assert lessons.get_lesson(seeded, lesson_id).worked == "Drills"
    assert count(seeded, Lesson) == 1


def test_a_lesson_given_only_tags_in_lessons_counts_as_edited(seeded: Context) -> None:
    first = review.save_review(seeded, None, ReviewUpdate(lessons="Old"))
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    lessons.edit_lesson(seeded, first.saved.lesson_id, LessonUpdate(tags="weekly-review, sql"))
    again = review.save_review(seeded, None, ReviewUpdate(lessons="New"))
    assert again.lesson_outcome == "kept"
    assert lessons.get_lesson(seeded, first.saved.lesson_id).next_time == "Old"


def test_clearing_lessons_removes_an_untouched_lesson_and_says_so(seeded: Context) -> None:
    review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="Write it down"))
    cleared = review.save_review(seeded, None, ReviewUpdate(lessons=""))
    assert cleared.lesson_outcome == "removed"
    assert cleared.lesson_note == (
        "Lesson 'Week 2026-W47' was removed from your lessons, as you cleared the Lessons answer."
    )
    assert count(seeded, Lesson) == 0
    again = review.save_review(seeded, None, ReviewUpdate(wins="Shipped"))
    assert again.lesson_outcome == "none"
    assert again.lesson_note == "No lesson was written, as the Lessons answer is empty."


def test_clearing_lessons_keeps_a_lesson_with_content_of_its_own(seeded: Context) -> None:
    first = review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="L"))
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    lesson_id = first.saved.lesson_id
    edit = LessonUpdate(context="The Tuesday demo", tags="weekly-review, demo")
    lessons.edit_lesson(seeded, lesson_id, edit)
    cleared = review.save_review(seeded, None, ReviewUpdate(lessons=""))
    assert cleared.lesson_outcome == "kept"
    assert cleared.lesson_note == (
        "Your lesson 'Week 2026-W47' was edited in Lessons, so it was kept as it is though you "
        "cleared the Lessons answer."
    )
    assert cleared.saved is not None
    assert (cleared.saved.lessons, cleared.saved.lesson_id) == (None, lesson_id)
    kept = lessons.get_lesson(seeded, lesson_id)
    assert (kept.context, kept.next_time, kept.tags) == (
        "The Tuesday demo",
        "L",
        ["weekly-review", "demo"],
    )
    # Writing lessons again later does not write over it or add a second lesson.
    back = review.save_review(seeded, None, ReviewUpdate(lessons="Again"))
    assert back.lesson_outcome == "kept"
    assert count(seeded, Lesson) == 1


def test_a_deleted_lesson_is_written_again_on_the_next_save(seeded: Context) -> None:
    first = review.save_review(seeded, None, ReviewUpdate(lessons="L"))
    assert first.saved is not None
    assert first.saved.lesson_id is not None
    lessons.delete_lesson(seeded, first.saved.lesson_id)
    again = review.save_review(seeded, None, ReviewUpdate(lessons="L2"))
    assert again.lesson_outcome == "added"
    assert count(seeded, Lesson) == 1


def test_a_review_with_every_answer_empty_is_refused(seeded: Context) -> None:
    with pytest.raises(InvalidInput) as caught:
        review.save_review(seeded, None, ReviewUpdate(what_worked="", wins="  "))
    assert caught.value.message == review.NOTHING_TO_SAVE
    assert count(seeded, Review) == 0
    review.save_review(seeded, None, ReviewUpdate(what_worked="Drills", lessons="L"))
    with pytest.raises(InvalidInput):
        review.save_review(seeded, None, ReviewUpdate(what_worked="", lessons=""))
    kept = review.weekly_review(seeded).saved
    assert kept is not None
    assert (kept.what_worked, kept.lessons) == ("Drills", "L")
    assert count(seeded, Lesson) == 1


def test_goals_carry_their_mark_and_outcome_in_words(seeded: Context) -> None:
    summary = review.weekly_review(seeded).summary
    assert [(g.title, g.mark) for g in summary.goals_done] == [("Rewrite 3 reports", "done")]
    assert summary.goals_done[0].outcome == "reached 3 reports"
    assert [(g.title, g.mark) for g in summary.goals_missed] == [
        ("Annotate 2 dashboards", "missed")
    ]


def test_the_lessons_prompt_is_findable_in_the_knowledge_base(seeded: Context) -> None:
    review.save_review(
        seeded, None, ReviewUpdate(lessons="Written summaries travel further than meetings")
    )
    hits = lessons.search_lessons(seeded, "summaries")
    assert [hit.lesson.title for hit in hits] == ["Week 2026-W47"]


def test_without_lessons_no_lesson_is_written(seeded: Context) -> None:
    saved = review.save_review(seeded, None, ReviewUpdate(what_worked="Kept the drill"))
    assert saved.saved is not None
    assert saved.saved.lesson_id is None
    assert count(seeded, Lesson) == 0


def test_viewing_a_saved_week_shows_the_texts_and_the_current_figures(seeded: Context) -> None:
    review.save_review(seeded, "2026-W46", ReviewUpdate(wins="First dbt model"))
    result = review.weekly_review(seeded, "2026-W46")
    assert result.saved is not None
    assert result.saved.wins == "First dbt model"
    assert result.next == "2026-W47"
    assert result.summary.sessions == 5
    assert not result.summary.in_progress


@pytest.mark.parametrize(
    ("week", "texts", "says"),
    [
        ("2026-W48", ReviewUpdate(what_worked="x"), "2026-W48 has not started yet"),
        ("soon", ReviewUpdate(what_worked="x"), "'soon' is not a week I understand"),
        (None, ReviewUpdate(lessons="x" * 2001), "keep it under 2000"),
        (None, ReviewUpdate(wins="a\x00b"), "contains control characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    seeded: Context, week: str | None, texts: ReviewUpdate, says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        review.save_review(seeded, week, texts)
    assert says in caught.value.message
    assert (count(seeded, Review), count(seeded, Lesson)) == (0, 0)


def test_reviews_are_listed_newest_first_with_their_snapshot_figures(seeded: Context) -> None:
    review.save_review(seeded, "2026-W45", ReviewUpdate(what_worked="a"))
    review.save_review(seeded, "2026-W47", ReviewUpdate(what_worked="b"))
    listed = review.list_reviews(seeded)
    assert [(r.week, r.what_worked) for r in listed] == [("2026-W47", "b"), ("2026-W45", "a")]
    assert (listed[0].minutes, listed[0].sessions, listed[0].goals_done) == (20, 3, 1)


def test_the_limits_come_from_the_persons_policies(ctx: Context) -> None:
    policy = review.pitfall_policy(ctx)
    assert policy.max_active_goals == ctx.policy.max_active
    assert policy.max_active_microskills == ctx.practice.max_active
    assert review.weekly_review(ctx).summary.week == "2026-W47"
    assert date(2026, 11, 18) == TODAY
