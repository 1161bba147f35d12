"""Use cases for micro-goals: add, check, edit, start, finish, drop, reopen, list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from microstep.core.goals import (
    GoalDraft,
    GoalKind,
    GoalStatus,
    check_goal,
    check_wip,
    next_status,
    validate_goal,
)
from microstep.core.text import MAX_NOTE, clean_number, clean_text
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.schemas import (
    GoalCheckPublic,
    GoalCreate,
    GoalFields,
    GoalOutcome,
    GoalPublic,
    GoalUpdate,
)
from microstep.store import queries
from microstep.store.models import MicroGoal

DRAFT_FIELDS = (
    "title",
    "due",
    "kind",
    "metric",
    "target_value",
    "unit",
    "done_when",
    "effort_hours",
    "objective_id",
    "skill_id",
)


def goal_public(row: MicroGoal, warnings: Sequence[str] = ()) -> GoalPublic:
    """Shape a stored goal for output."""
    public = GoalPublic.model_validate(row, from_attributes=True)
    return public.model_copy(update={"warnings": list(warnings)})


def _draft(fields: GoalFields, base: GoalDraft | None = None) -> GoalDraft:
    values = {} if base is None else {name: getattr(base, name) for name in DRAFT_FIELDS}
    values.update(
        {name: getattr(fields, name) for name in fields.model_fields_set if name in DRAFT_FIELDS}
    )
    values.setdefault("title", "")
    values.setdefault("due", None)
    if "kind" in fields.model_fields_set and fields.kind is None:
        kinds = ", ".join(kind.value for kind in GoalKind)
        raise InvalidInput(f"The kind cannot be empty: choose {kinds}.", field="kind")
    values["kind"] = GoalKind(values.get("kind") or GoalKind.LEARNING)
    return GoalDraft(**values)


def check_new_goal(ctx: Context, goal_in: GoalCreate) -> GoalCheckPublic:
    """Check a goal as typed, without saving it (inline validation in the form)."""
    try:
        check = check_goal(_draft(goal_in), today=ctx.today, policy=ctx.policy)
    except InvalidInput as exc:
        return GoalCheckPublic(ok=False, message=exc.message, missing=[exc.message], warnings=[])
    return GoalCheckPublic(
        ok=check.ok,
        message=None if check.ok else check.sentence(),
        missing=list(check.missing),
        warnings=list(check.warnings),
    )


def add_goal(ctx: Context, goal_in: GoalCreate) -> GoalPublic:
    """Add a micro-goal after checking it is specific, time-bound, small and linked."""
    check = validate_goal(_draft(goal_in), today=ctx.today, policy=ctx.policy)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # WIP count holds
        _check_links(session, ctx, check.draft)
        status, started = GoalStatus.PLANNED, None
        if goal_in.start:
            _check_wip(session, ctx)
            status, started = GoalStatus.ACTIVE, ctx.now()
        row = queries.add_goal(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            status=status.value,
            started_at=started,
            **_columns(check.draft),
        )
        return goal_public(row, check.warnings)


def edit_goal(ctx: Context, goal_id: int, update: GoalUpdate) -> GoalPublic:
    """Change an open goal's fields; the due date is re-checked only when it changes."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, goal_id)
        if row.status not in (GoalStatus.PLANNED, GoalStatus.ACTIVE):
            raise Conflict(f"This goal is {row.status}: reopen it before editing.")
        draft = _draft(update, base=draft_of(row))
        due_changed = "due" in update.model_fields_set and update.due != row.due
        check = validate_goal(draft, today=ctx.today, policy=ctx.policy, check_due=due_changed)
        _check_links(session, ctx, check.draft)
        for name, value in _columns(check.draft).items():
            setattr(row, name, value)
        return goal_public(row, check.warnings)


def start_goal(ctx: Context, goal_id: int) -> GoalPublic:
    """Make a planned goal active, within the WIP limit."""
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # WIP count holds
        row = _get(session, ctx, goal_id)
        status = next_status(GoalStatus(row.status), "start")
        _check_wip(session, ctx)
        row.status, row.started_at = status.value, ctx.now()
        return goal_public(row)


def finish_goal(ctx: Context, goal_id: int, outcome: GoalOutcome) -> GoalPublic:
    """Mark a goal done, with the value reached and a note."""
    value = clean_number(outcome.outcome_value, field="outcome_value")
    note = clean_text(outcome.outcome_note, field="outcome_note", required=False, max_len=MAX_NOTE)
    with ctx.db.transaction() as session:
        row = _get(session, ctx, goal_id)
        row.status = next_status(GoalStatus(row.status), "done").value
        row.outcome_value, row.outcome_note, row.finished_at = value, note, ctx.now()
        row.started_at = row.started_at or row.finished_at
        return goal_public(row)


def drop_goal(ctx: Context, goal_id: int, reason: str | None = None) -> GoalPublic:
    """Drop a goal that stopped making sense, keeping why."""
    note = clean_text(reason, field="reason", required=False, max_len=MAX_NOTE)
    with ctx.db.transaction() as session:
        row = _get(session, ctx, goal_id)
        row.status = next_status(GoalStatus(row.status), "drop").value
        row.outcome_note, row.finished_at = note, ctx.now()
        return goal_public(row)


def reopen_goal(ctx: Context, goal_id: int) -> GoalPublic:
    """Put a done or dropped goal back to planned."""
    with ctx.db.transaction() as session:
        row = _get(session, ctx, goal_id)
        row.status = next_status(GoalStatus(row.status), "reopen").value
        row.finished_at, row.outcome_value, row.outcome_note = None, None, None
        return goal_public(row)


def get_goal(ctx: Context, goal_id: int) -> GoalPublic:
    """One goal, or NotFound."""
    with ctx.db.transaction() as session:
        return goal_public(_get(session, ctx, goal_id))


def list_goals(ctx: Context, statuses: Sequence[GoalStatus] = ()) -> list[GoalPublic]:
    """The person's goals by due date, optionally only some statuses."""
    with ctx.db.transaction() as session:
        rows = queries.list_goals(
            session=session, person_id=ctx.person_id, statuses=[s.value for s in statuses]
        )
        return [goal_public(row) for row in rows]


def _get(session: Session, ctx: Context, goal_id: int) -> MicroGoal:
    row = queries.get_goal(session=session, person_id=ctx.person_id, goal_id=goal_id)
    if row is None:
        raise NotFound(f"There is no micro-goal #{goal_id}.", field="goal_id")
    return row


def _check_wip(session: Session, ctx: Context) -> None:
    active = queries.count_goals(session=session, person_id=ctx.person_id, status="active")
    check_wip(active, ctx.policy)


def _check_links(session: Session, ctx: Context, draft: GoalDraft) -> None:
    if draft.objective_id is not None and not queries.get_objective(
        session=session, person_id=ctx.person_id, objective_id=draft.objective_id
    ):
        raise InvalidInput(f"There is no objective #{draft.objective_id}.", field="objective_id")
    if draft.skill_id is not None and not queries.get_skill(
        session=session, person_id=ctx.person_id, skill_id=draft.skill_id
    ):
        raise InvalidInput(f"There is no skill #{draft.skill_id} on your map.", field="skill_id")


def draft_of(row: MicroGoal) -> GoalDraft:
    """A stored goal as the draft the rules check."""
    return GoalDraft(**{name: getattr(row, name) for name in DRAFT_FIELDS})


def _columns(draft: GoalDraft) -> dict[str, object]:
    values = {name: getattr(draft, name) for name in DRAFT_FIELDS}
    values["kind"] = draft.kind.value
    return values
