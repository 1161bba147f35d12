"""Use cases of the weekly review: compute a week with its pitfalls, save reflections, list."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from microstep.core.pitfalls import (
    ExperimentFact,
    MicroSkillFact,
    PickFact,
    Pitfall,
    PitfallFacts,
    PitfallPolicy,
    detect,
)
from microstep.core.review import (
    FeedbackFact,
    GoalFact,
    IsoWeek,
    MasteredFact,
    SignalFact,
    TickFact,
    WeekFacts,
    WeekSummary,
    as_of,
    goal_mark,
    goal_outcome,
    parse_week,
    summarise,
    trailing_start,
)
from microstep.core.text import MAX_NOTE, clean_text, plural
from microstep.core.weeks import local_day
from microstep.errors import InvalidInput
from microstep.services.context import Context
from microstep.services.experiments import experiment_lines
from microstep.services.review_schemas import (
    FeedbackLinePublic,
    GoalLinePublic,
    LessonOutcome,
    PitfallPublic,
    ReviewListItem,
    ReviewPublic,
    ReviewSummaryPublic,
    ReviewUpdate,
    SavedReviewPublic,
    SignalCountPublic,
    WinPublic,
)
from microstep.store import queries, reflection, reviews
from microstep.store.models import Lesson, MicroGoal, MicroSkill, Review

HELPED = ": likely helped"
LABELS = {
    "what_worked": "answer to 'What worked?'",
    "to_adjust": "answer to 'What will you adjust?'",
    "lessons": "answer to 'Lessons?'",
    "wins": "answer to 'Wins'",
}
LESSON_TAGS = "weekly-review"
NOTHING_TO_SAVE = (
    "Write at least one answer (what worked, what you will adjust, lessons or wins) before "
    "saving the review."
)


def pitfall_policy(ctx: Context) -> PitfallPolicy:
    """The detectors' thresholds, with the person's own goal and micro-skill limits."""
    return PitfallPolicy(
        max_active_goals=ctx.policy.max_active, max_active_microskills=ctx.practice.max_active
    )


def review_week(ctx: Context, week: str | None) -> IsoWeek:
    """The week asked for (this week when empty); refuses a week that has not started."""
    found = parse_week(week, today=ctx.today)
    if found.start > ctx.today:
        current = IsoWeek.of(ctx.today).label
        raise InvalidInput(
            f"{found.label} has not started yet: review this week ({current}) or an earlier one.",
            field="week",
        )
    return found


def weekly_review(ctx: Context, week: str | None = None) -> ReviewPublic:
    """The week's computed summary, its pitfalls with evidence, and the saved reflections."""
    found = review_week(ctx, week)
    with ctx.db.transaction() as session:
        summary, pitfalls = _compute(session, ctx, found)
        row = reviews.get_review(session=session, person_id=ctx.person_id, week_start=found.start)
        saved = None if row is None else _saved(session, ctx, row)
        return _public(ctx, found, summary, pitfalls, saved)


def save_review(ctx: Context, week: str | None, texts: ReviewUpdate) -> ReviewPublic:
    """Save the week's reflections with a snapshot of its figures; lessons become a Lesson too.

    Only the texts given change: one left out (None) keeps what was saved, an empty one clears
    it. A review left with no answer at all is refused. The lesson written from the review
    follows it while it still holds what the review last wrote: updated with it, and removed
    when its lessons are cleared. A lesson edited in Lessons is never overwritten or removed.
    The answer says what happened to the lesson (`lesson_outcome`, `lesson_note`)."""
    found = review_week(ctx, week)
    given = _clean(texts)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # one first save per week
        row = reviews.get_review(session=session, person_id=ctx.person_id, week_start=found.start)
        values = {
            name: (given[name] if getattr(texts, name) is not None else _current(row, name))
            for name in LABELS
        }
        if not any(values.values()):
            raise InvalidInput(NOTHING_TO_SAVE, field="what_worked")
        summary, pitfalls = _compute(session, ctx, found)
        snapshot = _summary_public(summary).model_dump(mode="json")
        snapshot["pitfalls"] = [pitfall.key for pitfall in pitfalls]
        written = None if row is None else _written_by(row)  # before the row changes
        row = _upsert(session, ctx, found, row, snapshot, values)
        outcome, note = _sync_lesson(session, ctx, row, summary, written)
        result = _public(ctx, found, summary, pitfalls, _saved(session, ctx, row))
        return result.model_copy(update={"lesson_outcome": outcome, "lesson_note": note})


def list_reviews(ctx: Context) -> list[ReviewListItem]:
    """The saved reviews, newest week first, with figures from their snapshots."""
    with ctx.db.transaction() as session:
        rows = reviews.list_reviews(session=session, person_id=ctx.person_id)
        return [_list_item(row) for row in rows]


# --- computing ---------------------------------------------------------------------------------


def _compute(session: Session, ctx: Context, week: IsoWeek) -> tuple[WeekSummary, list[Pitfall]]:
    start, end = trailing_start(week), as_of(week, ctx.today)
    span: dict[str, Any] = {"session": session, "person_id": ctx.person_id}
    practice = reviews.practice_between(**span, start=start, end=end)
    goals = [goal_fact(row) for row in reviews.goals_open_since(**span, since=start)]
    ticks = [TickFact(*row) for row in reviews.ticks_between(**span, start=start, end=end)]
    skills = reviews.microskills_of(**span)
    lines = experiment_lines(session, person_id=ctx.person_id, today=end, since=week.start)
    facts = WeekFacts(
        practice=practice,
        goals=goals,
        signals=[
            SignalFact(row.occurred_on, row.kind, row.source, row.note)
            for row in reviews.signals_between(**span, start=start, end=end)
        ],
        feedback=[
            FeedbackFact(row.answered_on, row.asked_whom, row.question, row.rating, row.answer)
            for row in reviews.feedback_answered_between(**span, start=start, end=end)
            if row.answered_on is not None
        ],
        ticks=ticks,
        mastered=[
            MasteredFact(local_day(row.mastered_at), row.definition, row.skill.name)
            for row in skills
            if row.mastered_at is not None
        ],
        helped=[line for line in lines if HELPED in line],
    )
    pitfall_facts = PitfallFacts(
        week=week,
        today=ctx.today,
        goals=goals,
        microskills=[_skill_fact(row) for row in skills],
        picks=[
            PickFact(row.title, row.focus, row.picked_on, row.dropped_on)
            for row in reviews.picks_held_between(**span, start=start, end=end)
        ],
        experiments=[
            ExperimentFact(row.tactic, row.status, row.starts_on, row.ends_on)
            for row in reviews.experiments_between(**span, start=start, end=end)
        ],
        practice_days=[day for day, _ in practice],
        ticks=ticks,
    )
    return summarise(week, facts, today=ctx.today), list(detect(pitfall_facts, pitfall_policy(ctx)))


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else local_day(moment)


def goal_fact(row: MicroGoal) -> GoalFact:
    """A micro-goal as the weekly rules read it (days in the person's local calendar)."""
    return GoalFact(
        id=row.id,
        title=row.title,
        kind=row.kind,
        status=row.status,
        due=row.due,
        created_on=local_day(row.created_at),
        started_on=_day(row.started_at),
        finished_on=_day(row.finished_at),
        outcome_value=row.outcome_value,
        unit=row.unit,
        outcome_note=row.outcome_note,
    )


def _skill_fact(row: MicroSkill) -> MicroSkillFact:
    return MicroSkillFact(row.definition, row.state, _day(row.activated_at), _day(row.mastered_at))


# --- saving ------------------------------------------------------------------------------------


def _clean(texts: ReviewUpdate) -> dict[str, str | None]:
    return {
        name: clean_text(
            getattr(texts, name), field=name, required=False, max_len=MAX_NOTE, label=label
        )
        for name, label in LABELS.items()
    }


def _current(row: Review | None, name: str) -> str | None:
    return None if row is None else getattr(row, name)


def _upsert(
    session: Session,
    ctx: Context,
    week: IsoWeek,
    row: Review | None,
    snapshot: dict[str, Any],
    values: dict[str, str | None],
) -> Review:
    if row is None:
        return reviews.add_review(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            week_start=week.start,
            summary=snapshot,
            **values,
        )
    for name, value in values.items():
        setattr(row, name, value)
    row.summary, row.updated_at = snapshot, ctx.now()
    session.flush()
    return row


# Whether a lesson is still "the review's" is decided by comparing its fields with what the
# review wrote at its last save (rebuilt from the review's texts and its summary snapshot), not by
# comparing updated_at stamps: those come from separate clock readings (a replayed day, as in the
# demo, puts `now` on a past day; a frozen clock gives an edit the same instant as the save), so
# they can call an edited lesson untouched. Fields answer the real question with no clock: does
# the lesson still hold exactly what the review wrote? Any difference, even in tags, means the
# person made it theirs, and the review then leaves it alone for good.
LessonFields = dict[str, Any]


def _lesson_fields(row: Review, context: str, learned_on: date) -> LessonFields:
    """The lesson a review writes from its texts, with the figures of its week."""
    return {
        "title": f"Week {IsoWeek.of(row.week_start).label}",
        "context": context,
        "worked": row.what_worked,
        "did_not": row.to_adjust,
        "next_time": row.lessons,
        "learned_on": learned_on,
        "tags": LESSON_TAGS,
    }


def _written_by(row: Review) -> LessonFields | None:
    """The lesson as the review wrote it at its last save (None: nothing to compare with)."""
    if row.lessons is None:
        return None
    snapshot = row.summary or {}
    try:
        context = _context_line(
            IsoWeek.of(row.week_start).label,
            minutes=int(snapshot["minutes"]),
            sessions=int(snapshot["sessions"]),
            done=len(snapshot["goals_done"]),
            missed=len(snapshot["goals_missed"]),
        )
        return _lesson_fields(row, context, date.fromisoformat(str(snapshot["as_of"])))
    except (KeyError, TypeError, ValueError):
        return None


def _holds(lesson: Lesson, fields: LessonFields | None) -> bool:
    """Whether the lesson holds exactly these fields."""
    return fields is not None and all(getattr(lesson, k) == v for k, v in fields.items())


def _sync_lesson(
    session: Session,
    ctx: Context,
    row: Review,
    summary: WeekSummary,
    written: LessonFields | None,
) -> tuple[LessonOutcome, str]:
    """Write, update or remove the review's lesson while it is untouched; say what happened.

    `written` is the lesson as the review last wrote it: a lesson that differs was edited in
    Lessons and is kept as it is, even when the lessons answer is cleared."""
    lesson = reviews.lesson_of_review(session=session, person_id=ctx.person_id, review_id=row.id)
    if lesson is not None and not _holds(lesson, written):
        if row.lessons is None:
            return "kept", (
                f"Your lesson '{lesson.title}' was edited in Lessons, so it was kept as it is "
                "though you cleared the Lessons answer."
            )
        return (
            "kept",
            f"Your lesson '{lesson.title}' was edited in Lessons, so it was left as it is.",
        )
    if row.lessons is None:
        if lesson is None:
            return "none", "No lesson was written, as the Lessons answer is empty."
        title = lesson.title
        reflection.delete_lesson(session=session, lesson=lesson)
        return "removed", (
            f"Lesson '{title}' was removed from your lessons, as you cleared the Lessons answer."
        )
    context = _context_line(
        summary.week.label,
        minutes=summary.minutes,
        sessions=summary.sessions,
        done=len(summary.goals_done),
        missed=len(summary.goals_missed),
    )
    fields = _lesson_fields(row, context, summary.as_of)
    if lesson is None:
        lesson = reviews.add_lesson(
            session=session, person_id=ctx.person_id, now=ctx.now(), review_id=row.id, **fields
        )
        return "added", f"Lesson #{lesson.id} '{lesson.title}' is in your lessons."
    if _holds(lesson, fields):
        return (
            "unchanged",
            f"Lesson #{lesson.id} '{lesson.title}' already says what the review says.",
        )
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.updated_at = ctx.now()
    session.flush()
    return "updated", f"Lesson #{lesson.id} '{lesson.title}' was updated to match the review."


def _context_line(week: str, *, minutes: int, sessions: int, done: int, missed: int) -> str:
    return (
        f"Weekly review of {week}: {minutes} min practised in "
        f"{plural(sessions, 'session')}, {plural(done, 'goal')} done, {missed} missed."
    )


# --- shaping -----------------------------------------------------------------------------------


def _public(
    ctx: Context,
    week: IsoWeek,
    summary: WeekSummary,
    pitfalls: list[Pitfall],
    saved: SavedReviewPublic | None,
) -> ReviewPublic:
    following = week.shifted(1)
    return ReviewPublic(
        week=week.label,
        start=week.start,
        end=week.end,
        previous=week.shifted(-1).label,
        next=following.label if following.start <= ctx.today else None,
        summary=_summary_public(summary),
        pitfalls=[
            PitfallPublic(
                key=p.key, title=p.title, evidence=list(p.evidence), suggestion=p.suggestion
            )
            for p in pitfalls
        ],
        saved=saved,
    )


def _goal_line(goal: GoalFact) -> GoalLinePublic:
    line = GoalLinePublic.model_validate(goal, from_attributes=True)
    return line.model_copy(update={"mark": goal_mark(goal), "outcome": goal_outcome(goal)})


def _summary_public(summary: WeekSummary) -> ReviewSummaryPublic:
    return ReviewSummaryPublic(
        week=summary.week.label,
        start=summary.week.start,
        end=summary.week.end,
        as_of=summary.as_of,
        in_progress=summary.as_of < summary.week.end,
        days_elapsed=summary.days_elapsed,
        minutes=summary.minutes,
        sessions=summary.sessions,
        practice_days=summary.practice_days,
        average_sessions=summary.average_sessions,
        goals_done=[_goal_line(goal) for goal in summary.goals_done],
        goals_missed=[_goal_line(goal) for goal in summary.goals_missed],
        feedback=[
            FeedbackLinePublic.model_validate(item, from_attributes=True)
            for item in summary.feedback
        ],
        average_rating=summary.average_rating,
        signals=[
            SignalCountPublic.model_validate(item, from_attributes=True) for item in summary.signals
        ],
        ticks=dict(summary.ticks),
        wins=[WinPublic.model_validate(win, from_attributes=True) for win in summary.wins],
    )


def _saved(session: Session, ctx: Context, row: Review) -> SavedReviewPublic:
    lesson = reviews.lesson_of_review(session=session, person_id=ctx.person_id, review_id=row.id)
    return SavedReviewPublic(
        id=row.id,
        week=IsoWeek.of(row.week_start).label,
        week_start=row.week_start,
        what_worked=row.what_worked,
        to_adjust=row.to_adjust,
        lessons=row.lessons,
        wins=row.wins,
        lesson_id=None if lesson is None else lesson.id,
        lesson_edited=lesson is not None and not _holds(lesson, _written_by(row)),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _list_item(row: Review) -> ReviewListItem:
    snapshot = row.summary or {}
    return ReviewListItem(
        id=row.id,
        week=IsoWeek.of(row.week_start).label,
        week_start=row.week_start,
        minutes=int(snapshot.get("minutes", 0)),
        sessions=int(snapshot.get("sessions", 0)),
        goals_done=len(snapshot.get("goals_done", [])),
        wins=len(snapshot.get("wins", [])),
        what_worked=row.what_worked,
        to_adjust=row.to_adjust,
        lessons=row.lessons,
        updated_at=row.updated_at,
    )
