"""Use cases of the micro-action library: browse, pick up to six, drop, tick off, see streaks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from microstep.core.actions import (
    MicroAction,
    check_pick,
    check_tick_day,
    find_action,
    library,
    ticks_in_week,
    weekly_streak,
)
from microstep.core.dates import day_label
from microstep.core.evidence import ActionCategory, ActionFocus
from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services.context import Context
from microstep.services.evidence_schemas import (
    ActionPickPublic,
    ActionTickCreate,
    MicroActionPublic,
)
from microstep.store import evidence, queries
from microstep.store.models import ActionPick


def action_library(
    ctx: Context, category: ActionCategory | None = None, focus: ActionFocus | None = None
) -> list[MicroActionPublic]:
    """The catalogue, optionally filtered, each marked when it is one of the person's picks."""
    with ctx.db.transaction() as session:
        picked = {row.action_key for row in _picks(session, ctx)}
    return [_action(action, action.key in picked) for action in library(category, focus)]


def pick_action(ctx: Context, key: str) -> ActionPickPublic:
    """Pick a micro-action to repeat weekly: at most six at a time, each once."""
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # the count of six holds
        action = check_pick({row.action_key for row in _picks(session, ctx)}, key)
        row = evidence.add_pick(
            session=session,
            person_id=ctx.person_id,
            now=ctx.now(),
            action_key=action.key,
            title=action.title,
            focus=action.focus.value,
            picked_on=ctx.today,
        )
        return _pick_public(row, [], ctx.today)


def drop_action(ctx: Context, key: str) -> ActionPickPublic:
    """Stop repeating a picked micro-action; its ticks stay in the history."""
    with ctx.db.transaction() as session:
        row = _picked(session, ctx, key)
        row.dropped_on = ctx.today
        days = [tick.done_on for tick in evidence.pick_ticks(session=session, pick_ids=[row.id])]
        return _pick_public(row, days, ctx.today)


def tick_action(ctx: Context, key: str, tick_in: ActionTickCreate) -> ActionPickPublic:
    """Tick a pick off for a day (today by default): once a day, not before it was picked."""
    day = check_tick_day(tick_in.done_on or ctx.today, today=ctx.today)
    with ctx.db.transaction() as session:
        queries.lock_person(session=session, person_id=ctx.person_id)  # a double click waits
        row = _picked(session, ctx, key)
        if day < row.picked_on:
            raise InvalidInput(
                f"You picked '{row.title}' on {day_label(row.picked_on)}: tick days from then on.",
                field="done_on",
            )
        if evidence.has_tick(session=session, pick_id=row.id, day=day):
            raise Conflict(
                f"'{row.title}' is already ticked for {day_label(day)}: once a day is enough."
            )
        evidence.add_tick(session=session, pick_id=row.id, day=day, now=ctx.now())
        days = [tick.done_on for tick in evidence.pick_ticks(session=session, pick_ids=[row.id])]
        return _pick_public(row, days, ctx.today)


def list_picks(ctx: Context) -> list[ActionPickPublic]:
    """The person's picks with this week's ticks, whether done today, and the weekly streak."""
    with ctx.db.transaction() as session:
        rows = _picks(session, ctx)
        days: dict[int, list[date]] = defaultdict(list)
        for tick in evidence.pick_ticks(session=session, pick_ids=[row.id for row in rows]):
            days[tick.pick_id].append(tick.done_on)
        return [_pick_public(row, days[row.id], ctx.today) for row in rows]


def tick_counts_by_focus(
    session: Session, *, person_id: int, start: date, end: date
) -> dict[str, int]:
    """Ticks per focus (capability, visibility; both keyed) from `start` to `end`, included."""
    counts = evidence.tick_counts_by_focus(
        session=session, person_id=person_id, start=start, end=end
    )
    return {focus.value: counts.get(focus.value, 0) for focus in ActionFocus}


def _picks(session: Session, ctx: Context) -> Sequence[ActionPick]:
    return evidence.active_picks(session=session, person_id=ctx.person_id)


def _picked(session: Session, ctx: Context, key: str) -> ActionPick:
    action = find_action(key)
    for row in _picks(session, ctx):
        if row.action_key == action.key:
            return row
    raise NotFound(
        f"'{action.title}' is not one of your picks: pick it first with "
        f"`microstep action pick {action.key}`.",
        field="key",
    )


def _action(action: MicroAction, picked: bool) -> MicroActionPublic:
    return MicroActionPublic(
        key=action.key,
        title=action.title,
        how=action.how,
        minutes=action.minutes,
        category=action.category,
        focus=action.focus,
        picked=picked,
    )


def _pick_public(row: ActionPick, days: Sequence[date], today: date) -> ActionPickPublic:
    action = find_action(row.action_key)
    return ActionPickPublic(
        key=action.key,
        title=row.title,
        how=action.how,
        minutes=action.minutes,
        category=action.category,
        focus=ActionFocus(row.focus),
        picked_on=row.picked_on,
        ticks_this_week=ticks_in_week(days, today=today),
        done_today=today in days,
        streak_weeks=weekly_streak(days, today=today),
        last_done=max(days) if days else None,
        total_ticks=len(days),
    )
