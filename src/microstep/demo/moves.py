"""Maya's career moves: hired as a junior analyst, promoted, then three short trials — a
shadowing stint, a stretch as experiment-review lead (met: it raised two of her skills), and a
pricing rotation under way. Three short moves with no deep step, so the breadth-and-depth note
has something to say.

Moves before the 12 weeks of the demo carry their outcome without evidence (microstep was not
there to log it); the stretch ended inside them, so its outcome goes through `apply_outcome`
like any review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from microstep.core.moves import role_key
from microstep.services import moves, roles
from microstep.services.context import Context
from microstep.store import moves as move_store


@dataclass(frozen=True)
class MoveIdea:
    """One of Maya's moves, its days counted back from today."""

    kind: str
    role: str
    start_ago: int
    end_ago: int | None  # negative: ends in the future; None: ongoing
    skills: tuple[str, ...] = ()
    criteria: str | None = None
    outcome: str | None = None
    outcome_note: str | None = None
    notes: str | None = None


MOVES = (
    MoveIdea(
        "hire", "Junior Data Analyst", 3 * 365, None, notes="Joined the growth analytics team"
    ),
    MoveIdea("promotion", "Data Analyst", 540, None, ("SQL window functions", "Python (pandas)")),
    MoveIdea(
        "shadowing",
        "Product Manager",
        300,
        272,
        ("Stakeholder communication",),
        "Sit in on four discovery interviews and write up one opportunity for the roadmap",
        "met",
        "The onboarding-checklist opportunity made it onto the Q2 roadmap",
    ),
    MoveIdea(
        "stretch",
        "Experiment Review Lead",
        70,
        14,
        ("Experiment design", "Mentoring"),
        "Review six A/B test readouts and run the fortnightly experiment clinic",
        "met",
        "Seven readouts reviewed; the clinic now runs without me",
    ),
    MoveIdea(
        "rotation",
        "Pricing Analyst",
        10,
        -46,
        ("SQL window functions", "Presenting insights"),
        "Run the Q1 price-test readout end to end and present it to the pricing committee",
        notes="Two days a week with the pricing team",
    ),
)
REVIEWED_AGO = 2  # the stretch's outcome was recorded two days ago
WINDOW_DAYS = 84  # the demo's 12 weeks: evidence before them was never logged


def build_moves_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Add Maya's moves (the seed changes nothing: the story is fixed); returns a summary."""
    del seed, start
    titles = [idea.role for idea in MOVES]
    links = roles.role_links(ctx.db, titles)
    with ctx.db.transaction() as session:
        role_ids = roles.ensure_roles(session, titles, now=ctx.now(), links=links)
        for idea in MOVES:
            begun = ctx.today - timedelta(days=idea.start_ago)
            move_id = moves.begin_move(
                session,
                person_id=ctx.person_id,
                kind=idea.kind,
                to_role_id=role_ids[role_key(idea.role)],
                start=begun,
                end=ctx.today - timedelta(days=idea.end_ago) if idea.end_ago is not None else None,
                intended_skills=idea.skills,
                success_criteria=idea.criteria,
                source="manual",
                visibility=None,
                now=_at(begun),
                notes=idea.notes,
            )
            if idea.outcome is None:
                continue
            if idea.end_ago is not None and idea.end_ago < WINDOW_DAYS:
                moves.apply_outcome(
                    session,
                    move_id=move_id,
                    outcome=idea.outcome,
                    note=idea.outcome_note,
                    actor_id=ctx.person_id,
                    now=_at(ctx.today - timedelta(days=REVIEWED_AGO)),
                )
            else:
                row = move_store.get_move(session=session, move_id=move_id)
                assert row is not None  # just added
                row.outcome, row.outcome_note = idea.outcome, idea.outcome_note
    return f"{len(MOVES)} career moves"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(16, 0), tzinfo=UTC)
