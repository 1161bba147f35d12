"""Use cases for micro-skills: define, start, log practice, schedule, master and stack."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from microstep.core import habits, plan, schedule
from microstep.core.curve import (
    Direction,
    detect_plateau,
    improvement_per_session,
    theil_sen,
)
from microstep.core.practice import (
    MasteryRule,
    MicroSkillState,
    check_active_limit,
    check_can_log,
    check_minutes,
    check_practice_day,
    check_rule,
    is_mastered,
    next_in_stack,
    starts_at_once,
)
from microstep.core.text import MAX_NOTE, MAX_TITLE, clean_number, clean_text
from microstep.core.today import PracticeDue
from microstep.core.weeks import local_day
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.schemas import (
    ConsistencyPublic,
    CurvePoint,
    CurvePublic,
    HeatCellPublic,
    MicroSkillCreate,
    MicroSkillPublic,
    PlanPublic,
    PlanWeekPublic,
    PracticeCreate,
    PracticePublic,
    PracticeResult,
    WeekPublic,
)
from microstep.store import queries
from microstep.store.models import MicroSkill

HISTORY_WEEKS = 12
CURVE_SESSIONS = 60  # the curve shows the recent months; years of dots would hide the trend


def rule_of(row: MicroSkill) -> MasteryRule:
    """The mastery rule stored on a micro-skill."""
    return MasteryRule(
        threshold=row.mastery_threshold,
        direction=Direction(row.direction),
        needed=row.mastery_needed,
        window=row.mastery_window,
    )


def schedule_of(row: MicroSkill) -> schedule.Schedule | None:
    """The FSRS memory stored on a micro-skill (None before the first session)."""
    if row.due_at is None or row.fsrs_state is None:
        return None
    return schedule.Schedule(
        due=row.due_at,
        stability=row.stability,
        difficulty=row.difficulty,
        state=row.fsrs_state,
        step=row.fsrs_step,
        last_review=row.last_review_at,
    )


def microskill_public(row: MicroSkill, skill_name: str, *, today: date) -> MicroSkillPublic:
    """Shape a stored micro-skill for output."""
    active = row.state == MicroSkillState.ACTIVE
    return MicroSkillPublic(
        id=row.id,
        skill_id=row.skill_id,
        skill_name=skill_name,
        definition=row.definition,
        metric=row.metric,
        unit=row.unit,
        direction=Direction(row.direction),
        minutes=row.minutes,
        mastery_threshold=row.mastery_threshold,
        mastery_needed=row.mastery_needed,
        mastery_window=row.mastery_window,
        rule=rule_of(row).describe(row.unit or row.metric),
        state=MicroSkillState(row.state),
        position=row.position,
        due=_due(row, today) if active else None,
        created_at=row.created_at,
        activated_at=row.activated_at,
        mastered_at=row.mastered_at,
    )


def _due(row: MicroSkill, today: date) -> date:
    since = local_day(row.activated_at) if row.activated_at else None
    return schedule.due_day(schedule_of(row), today=today, since=since)


def _public(session: Session, ctx: Context, row: MicroSkill) -> MicroSkillPublic:
    return microskill_public(row, row.skill.name, today=ctx.today)


def add_microskill(ctx: Context, item: MicroSkillCreate) -> MicroSkillPublic:
    """Define a micro-skill; a skill's first one starts at once, later ones queue to stack."""
    fields = _fields(item)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        if not queries.get_skill(session=session, person_id=ctx.person_id, skill_id=item.skill_id):
            raise InvalidInput(f"There is no skill #{item.skill_id} on your map.", field="skill_id")
        _check_new_definition(session, ctx, item.skill_id, str(fields["definition"]))
        start = _should_start(session, ctx, item)
        if start:
            _check_room(session, ctx)
        row = queries.add_microskill(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            **fields,
            position=queries.last_position(session=session, skill_id=item.skill_id) + 1,
            state=(MicroSkillState.ACTIVE if start else MicroSkillState.QUEUED).value,
            activated_at=ctx.now() if start else None,
        )
        return _public(session, ctx, row)


def _fields(item: MicroSkillCreate) -> dict[str, object]:
    rule = check_rule(
        MasteryRule(
            item.mastery_threshold, item.direction, item.mastery_needed, item.mastery_window
        )
    )
    return {
        "skill_id": item.skill_id,
        "definition": clean_text(
            item.definition, field="definition", required=True, max_len=MAX_TITLE
        ),
        "metric": clean_text(item.metric, field="metric", required=True, max_len=MAX_TITLE),
        "unit": clean_text(item.unit, field="unit", required=False, max_len=40),
        "direction": item.direction.value,
        "minutes": check_minutes(item.minutes),
        "mastery_threshold": clean_number(
            rule.threshold, field="mastery_threshold", label="mastery threshold"
        ),
        "mastery_needed": rule.needed,
        "mastery_window": rule.window,
    }


def _check_new_definition(session: Session, ctx: Context, skill_id: int, definition: str) -> None:
    siblings = queries.list_microskills(session=session, person_id=ctx.person_id, skill_id=skill_id)
    if any(s.definition.casefold() == definition.casefold() for s in siblings):
        raise Conflict(f"'{definition}' is already in this skill's stack.", field="definition")


def _should_start(session: Session, ctx: Context, item: MicroSkillCreate) -> bool:
    siblings = queries.list_microskills(
        session=session, person_id=ctx.person_id, skill_id=item.skill_id, states=["active"]
    )
    active = queries.count_microskills(session=session, person_id=ctx.person_id, state="active")
    return starts_at_once(
        item.start, skill_has_active=bool(siblings), active=active, limit=ctx.practice.max_active
    )


def _check_room(session: Session, ctx: Context) -> None:
    active = queries.count_microskills(session=session, person_id=ctx.person_id, state="active")
    check_active_limit(active, ctx.practice.max_active)


def start_microskill(ctx: Context, microskill_id: int) -> MicroSkillPublic:
    """Start practising a queued micro-skill, within the limit of active ones."""
    return _move(ctx, microskill_id, MicroSkillState.QUEUED, MicroSkillState.ACTIVE)


def get_microskill(ctx: Context, microskill_id: int) -> MicroSkillPublic:
    """One micro-skill, or NotFound."""
    with ctx.db.transaction() as session:
        return _public(session, ctx, _get(session, ctx, microskill_id))


def pause_microskill(ctx: Context, microskill_id: int) -> MicroSkillPublic:
    """Put an active micro-skill back in its queue, keeping its journal and schedule memory."""
    return _move(ctx, microskill_id, MicroSkillState.ACTIVE, MicroSkillState.QUEUED)


def _move(
    ctx: Context, microskill_id: int, source: MicroSkillState, target: MicroSkillState
) -> MicroSkillPublic:
    """Move a micro-skill between queued and active; starting one respects the limit."""
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        row = _get(session, ctx, microskill_id)
        if row.state != source:
            message = f"'{row.definition}' is {row.state}, not {source.value}."
            raise Conflict(message, field="state")
        starting = target is MicroSkillState.ACTIVE
        if starting:
            _check_room(session, ctx)
        row.state, row.activated_at = target.value, ctx.now() if starting else None
        return _public(session, ctx, row)


def list_microskills(ctx: Context, skill_id: int | None = None) -> list[MicroSkillPublic]:
    """Micro-skills in stack order, per skill."""
    with ctx.db.transaction() as session:
        rows = queries.list_microskills(session=session, person_id=ctx.person_id, skill_id=skill_id)
        return [microskill_public(r, r.skill.name, today=ctx.today) for r in rows]


def log_practice(ctx: Context, microskill_id: int, entry: PracticeCreate) -> PracticeResult:
    """Log a session: it moves the spaced schedule, and may master the skill and stack the next."""
    values = _entry_values(ctx, entry)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)
        row = _get(session, ctx, microskill_id)
        check_can_log(MicroSkillState(row.state), row.definition)
        if row.state == MicroSkillState.QUEUED:
            raise Conflict(
                f"'{row.definition}' is queued: start it first, so your active list stays short.",
                field="microskill_id",
            )
        logged = queries.add_practice(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            micro_skill_id=row.id,
            **values,
        )
        when = schedule.session_moment(logged.practised_on, today=ctx.today, now=ctx.now())
        _reschedule(row, entry, when)
        stacked = _master_and_stack(session, ctx, row, when)
        return PracticeResult(
            session=PracticePublic.model_validate(logged),
            microskill=_public(session, ctx, row),
            mastered=row.state == MicroSkillState.MASTERED,
            stacked=_public(session, ctx, stacked) if stacked else None,
            next_due=_due(row, ctx.today) if row.state == MicroSkillState.ACTIVE else None,
        )


def _entry_values(ctx: Context, entry: PracticeCreate) -> dict[str, object]:
    day = check_practice_day(entry.practised_on or ctx.today, today=ctx.today)
    return {
        "practised_on": day,
        "minutes": check_minutes(entry.minutes),
        "metric_value": clean_number(
            entry.metric_value, field="metric_value", label="metric value"
        ),
        "rating": entry.rating.value,
        "note": clean_text(entry.note, field="note", required=False, max_len=MAX_NOTE),
    }


def _reschedule(row: MicroSkill, entry: PracticeCreate, at: datetime) -> None:
    after = schedule.review(schedule_of(row), entry.rating, at)
    row.due_at, row.stability, row.difficulty = after.due, after.stability, after.difficulty
    row.fsrs_state, row.fsrs_step, row.last_review_at = after.state, after.step, after.last_review


def _master_and_stack(
    session: Session, ctx: Context, row: MicroSkill, when: datetime
) -> MicroSkill | None:
    values = queries.recent_values(session=session, microskill_id=row.id, limit=row.mastery_window)
    if not is_mastered(values, rule_of(row)):
        return None
    row.state, row.mastered_at, row.due_at = MicroSkillState.MASTERED.value, when, None
    session.flush()
    queued = queries.list_microskills(
        session=session, person_id=ctx.person_id, skill_id=row.skill_id, states=["queued"]
    )
    following = next_in_stack([(q.position, q.id) for q in queued])
    if following is None:
        return None
    nxt = next(q for q in queued if q.id == following)
    nxt.state, nxt.activated_at = MicroSkillState.ACTIVE.value, when
    return nxt


def _get(session: Session, ctx: Context, microskill_id: int) -> MicroSkill:
    row = queries.get_microskill(
        session=session, person_id=ctx.person_id, microskill_id=microskill_id
    )
    if row is None:
        raise NotFound(f"There is no micro-skill #{microskill_id}.", field="microskill_id")
    return row


def learning_curve(ctx: Context, microskill_id: int) -> CurvePublic:
    """The last CURVE_SESSIONS sessions, a robust trend line and the plateau check."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, microskill_id)
        public = _public(session, ctx, row)
        entries = queries.recent_practice(
            session=session, microskill_id=row.id, limit=CURVE_SESSIONS
        )
        journal = [PracticePublic.model_validate(e) for e in entries]
        total = queries.count_practice(session=session, microskill_id=row.id)
    return _curve(public, journal).model_copy(update={"total_sessions": total})


def _curve(public: MicroSkillPublic, journal: list[PracticePublic]) -> CurvePublic:
    measured = [e for e in journal if e.metric_value is not None]
    values = [float(e.metric_value) for e in measured if e.metric_value is not None]
    points = [
        CurvePoint(index=i, practised_on=e.practised_on, value=v)
        for i, (e, v) in enumerate(zip(measured, values, strict=True))
    ]
    check = detect_plateau(
        values, public.direction, mastered=public.state is MicroSkillState.MASTERED
    )
    trend = theil_sen(values) if len(values) >= 2 else None
    return CurvePublic(
        microskill=public,
        points=points,
        trend_start=trend.at(0) if trend else None,
        trend_end=trend.at(len(values) - 1) if trend else None,
        improvement_per_session=improvement_per_session(trend, public.direction) if trend else None,
        plateau=check.plateau,
        evidence=check.evidence,
        sessions=journal[::-1],
        total_sessions=len(journal),
    )


def consistency(ctx: Context) -> ConsistencyPublic:
    """Days practised per week, minutes, the forgiving streak and the heatmap."""
    since = ctx.today - timedelta(weeks=HISTORY_WEEKS + 1)
    with ctx.db.transaction() as session:
        rows = queries.practice_minutes(session=session, person_id=ctx.person_id, since=since)
        done = [habits.Practised(day, minutes) for day, minutes in rows]
        days = queries.practice_days(session=session, person_id=ctx.person_id)
    weeks = habits.weekly(done, today=ctx.today, weeks=HISTORY_WEEKS)
    run = habits.streak(days, today=ctx.today, forgive_per_week=ctx.practice.forgive_per_week)
    cells = habits.heatmap(done, today=ctx.today, weeks=HISTORY_WEEKS)
    return ConsistencyPublic(
        weeks=[WeekPublic.model_validate(week) for week in weeks],
        streak_days=run.days,
        streak_practised=run.practised,
        forgive_per_week=ctx.practice.forgive_per_week,
        total_minutes=sum(w.minutes for w in weeks),
        heatmap=[HeatCellPublic.model_validate(cell) for cell in cells],
    )


def skill_plan(ctx: Context, skill_id: int) -> PlanPublic:
    """A four-week plan from a skill's active and queued micro-skills, and its Markdown."""
    with ctx.db.transaction() as session:
        skill = queries.get_skill(session=session, person_id=ctx.person_id, skill_id=skill_id)
        if skill is None:
            raise NotFound(f"There is no skill #{skill_id} on your map.", field="skill_id")
        rows = queries.list_microskills(
            session=session,
            person_id=ctx.person_id,
            skill_id=skill_id,
            states=["active", "queued"],
        )
        stack = [
            plan.PlanItem(
                r.definition,
                r.minutes,
                rule_of(r).describe(r.unit or r.metric),
                active=r.state == MicroSkillState.ACTIVE,
                position=r.position,
            )
            for r in rows
        ]
        name = skill.name
    weeks = plan.four_week_plan(stack, today=ctx.today)
    return PlanPublic(
        skill_id=skill_id,
        skill_name=name,
        weeks=[PlanWeekPublic.model_validate(week) for week in weeks],
        markdown=plan.plan_markdown(name, weeks),
    )


def due_practice(session: Session, ctx: Context) -> list[PracticeDue]:
    """Active micro-skills with the day each is due, read inside the caller's transaction."""
    rows = queries.list_microskills(session=session, person_id=ctx.person_id, states=["active"])
    return [PracticeDue(r.id, r.definition, _due(r, ctx.today), r.minutes) for r in rows]
