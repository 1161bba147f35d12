"""Maya's micro-skill practice: 12 weeks of short sessions, one mastered and stacked, one stuck."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.core.curve import Direction
from microstep.core.practice import SelfRating
from microstep.services import practice
from microstep.services.context import Context
from microstep.services.schemas import MicroSkillCreate, PracticeCreate

Curve = Callable[[int], float]


@dataclass(frozen=True)
class Drill:
    """A demo micro-skill and how Maya's metric moves session by session."""

    skill: str
    definition: str
    metric: str
    unit: str
    direction: Direction
    threshold: float
    minutes: int
    curve: Curve
    start_day: int = 0  # days after the history starts


DRILLS = (
    Drill(
        "Presenting insights",
        "Open with the conclusion in one sentence",
        "seconds to the point",
        "s",
        Direction.LOWER,
        20,
        5,
        lambda n: max(12.0, 60 - 4.5 * n),
    ),
    Drill(
        "Presenting insights",
        "End every update with one clear ask",
        "updates with a clear ask",
        "%",
        Direction.HIGHER,
        80,
        5,
        lambda n: min(95.0, 30 + 0.7 * n),
    ),
    Drill(
        "Stakeholder communication",
        "Pause instead of a filler word",
        "filler words",
        "per min",
        Direction.LOWER,
        2,
        5,
        lambda n: max(4.2, 7 - 0.35 * n),
    ),  # improves, then stalls: a plateau to tweak
    Drill(
        "SQL window functions",
        "Write a running-total query from memory",
        "minutes to a correct query",
        "min",
        Direction.LOWER,
        4,
        10,
        lambda n: max(3.0, 14 - 0.4 * n),
        start_day=20,
    ),
    Drill(
        "SQL window functions",
        "Name the window frame before typing the query",
        "queries framed right first time",
        "%",
        Direction.HIGHER,
        90,
        5,
        lambda n: min(92.0, 50 + 1.6 * n),
    ),
    Drill(
        "Stakeholder communication",
        "Ask one clarifying question in every meeting",
        "meetings with a clarifying question",
        "%",
        Direction.HIGHER,
        80,
        5,
        lambda n: min(90.0, 40 + 2.0 * n),
    ),
)
NOTES = ("felt easier today", "rushed, short on time", "recorded myself", "tried it in stand-up")


def build_practice_demo(ctx: Context, *, skill_ids: dict[str, int], start: date, seed: int) -> int:
    """Define the drills and log their history through the real use cases; returns sessions."""
    rng = random.Random(seed)
    ids = {d.definition: practice.add_microskill(ctx, _create(d, skill_ids)).id for d in DRILLS}
    count, done = 0, {d.definition: 0 for d in DRILLS}
    day = start
    while day < ctx.today:  # today is left to practise
        if rng.random() < 0.82:  # most days, not every day
            for drill in DRILLS:
                if (day - start).days >= drill.start_day:
                    count += _session(ctx, drill, ids[drill.definition], day, done, rng)
        day += timedelta(days=1)
    return count


def _create(drill: Drill, skill_ids: dict[str, int]) -> MicroSkillCreate:
    return MicroSkillCreate(
        skill_id=skill_ids[drill.skill],
        definition=drill.definition,
        metric=drill.metric,
        unit=drill.unit,
        direction=drill.direction,
        minutes=drill.minutes,
        mastery_threshold=drill.threshold,
    )


def _session(
    ctx: Context,
    drill: Drill,
    microskill_id: int,
    day: date,
    done: dict[str, int],
    rng: random.Random,
) -> int:
    state = {m.id: m for m in practice.list_microskills(ctx)}[microskill_id]
    if (
        state.state.value != "active"
        or (day - (ctx.today - timedelta(weeks=12))).days < drill.start_day
    ):
        return 0
    n = done[drill.definition]
    value = round(max(0.0, drill.curve(n) + rng.gauss(0, drill.curve(0) * 0.06)), 1)
    entry = PracticeCreate(
        minutes=drill.minutes + rng.choice((0, 0, 0, 2, 5)),
        rating=_rating(rng),
        metric_value=value,
        practised_on=day,
        note=rng.choice(NOTES) if rng.random() < 0.15 else None,
    )
    practice.log_practice(ctx, microskill_id, entry)
    done[drill.definition] = n + 1
    return 1


def _rating(rng: random.Random) -> SelfRating:
    return rng.choices(list(SelfRating), weights=(1, 3, 8, 2))[0]
