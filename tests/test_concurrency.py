"""The WIP limit holds when several starts arrive at once (two tabs, a double click)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from microstep.core.goals import GoalStatus
from microstep.errors import Conflict
from microstep.services import actions, goals, review
from microstep.services.context import Context
from microstep.services.evidence_schemas import ActionTickCreate
from microstep.services.review_schemas import ReviewUpdate
from microstep.services.schemas import GoalCreate
from microstep.store.db import open_database
from tests.conftest import TODAY


def test_simultaneous_starts_never_exceed_the_limit(ctx: Context) -> None:
    def goal(n: int, start: bool) -> GoalCreate:
        return GoalCreate(
            title=f"G{n}",
            metric="n",
            target_value=1,
            objective_id=1,
            due=TODAY + timedelta(days=3),
            start=start,
        )

    for n in range(4):
        goals.add_goal(ctx, goal(n, True))
    planned = [goals.add_goal(ctx, goal(n, False)).id for n in range(4, 10)]
    barrier = threading.Barrier(len(planned))
    outcomes: list[str] = []

    def start(goal_id: int) -> None:
        db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
        mine = Context(db=db, person_id=ctx.person_id, policy=ctx.policy, today=ctx.today)
        barrier.wait()
        try:
            goals.start_goal(mine, goal_id)
            outcomes.append("started")
        except Conflict:
            outcomes.append("refused")
        finally:
            db.dispose()

    threads = [threading.Thread(target=start, args=(goal_id,)) for goal_id in planned]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * 5 + ["started"]
    assert len(goals.list_goals(ctx, [GoalStatus.ACTIVE])) == 5


def _at_once(ctx: Context, count: int, act: Callable[[Context], str]) -> list[str]:
    """Run `act` from `count` threads released together, each on its own connection pool."""
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run() -> None:
        db = open_database(ctx.db.engine.url.render_as_string(hide_password=False))
        mine = Context(db=db, person_id=ctx.person_id, policy=ctx.policy, today=ctx.today)
        barrier.wait()
        try:
            outcomes.append(act(mine))
        except Conflict:
            outcomes.append("refused")
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_a_double_click_on_the_first_save_of_a_review_saves_once(ctx: Context) -> None:
    texts = ReviewUpdate(what_worked="Short drills before lunch.")
    outcomes = _at_once(ctx, 3, lambda mine: review.save_review(mine, "2026-W47", texts).week)
    assert outcomes == ["2026-W47"] * 3
    assert len(review.list_reviews(ctx)) == 1


def test_a_double_click_on_a_tick_ticks_once(ctx: Context) -> None:
    actions.pick_action(ctx, "volunteer-demo-slot")
    tick = ActionTickCreate()
    outcomes = _at_once(
        ctx, 3, lambda mine: str(actions.tick_action(mine, "volunteer-demo-slot", tick).key)
    )
    assert sorted(outcomes) == ["refused", "refused", "volunteer-demo-slot"]
