"""Beginning a move and recording its outcome inside a caller's transaction: the short-trial rule,
the role held before, and the evidence a completed move adds to the person's skills."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from microstep.errors import InvalidInput, NotFound
from microstep.services import moves
from microstep.services.context import Context
from microstep.services.roles import ensure_roles
from microstep.store.models import Move, Signal, SkillLevelChange, SkillTarget
from tests.conftest import TODAY


def _roles(ctx: Context, *titles: str) -> list[int]:
    with ctx.db.transaction() as session:
        ids = ensure_roles(session, titles, now=ctx.now())
    return [ids[t.casefold()] for t in titles]


def _begin(ctx: Context, role_id: int, **more: object) -> int:
    fields: dict[str, object] = {
        "person_id": ctx.person_id,
        "kind": "rotation",
        "to_role_id": role_id,
        "start": TODAY - timedelta(days=60),
        "end": TODAY - timedelta(days=5),
        "intended_skills": ["SQL", "Stakeholder updates"],
        "success_criteria": "Ship the churn dashboard",
        "source": "marketplace",
        "visibility": "manager",
        "now": ctx.now(),
    } | more
    with ctx.db.transaction() as session:
        return moves.begin_move(session, **fields)  # type: ignore[arg-type]


def _outcome(ctx: Context, move_id: int, outcome: str, note: str | None = None) -> None:
    with ctx.db.transaction() as session:
        moves.apply_outcome(
            session,
            move_id=move_id,
            outcome=outcome,
            note=note,
            actor_id=ctx.person_id,
            now=ctx.now(),
        )


def _skill(ctx: Context, name: str) -> SkillTarget | None:
    with ctx.db.transaction() as session:
        row = session.scalars(
            select(SkillTarget).where(
                SkillTarget.person_id == ctx.person_id, SkillTarget.name == name
            )
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def test_a_short_trial_without_end_or_criteria_is_refused_and_nothing_is_written(
    ctx: Context,
) -> None:
    (role,) = _roles(ctx, "Data analyst")
    with pytest.raises(InvalidInput, match="give it an end date") as caught:
        _begin(ctx, role, end=None, success_criteria="  ")
    assert "success criteria" in caught.value.message
    assert caught.value.message.endswith(".")
    with pytest.raises(InvalidInput, match="needs success criteria"):
        _begin(ctx, role, success_criteria=None)
    with ctx.db.transaction() as session:
        assert session.scalars(select(Move)).all() == []


def test_a_lasting_move_needs_neither_and_becomes_the_role_a_later_trial_starts_from(
    ctx: Context,
) -> None:
    analyst, lead = _roles(ctx, "Data analyst", "Analytics lead")
    hired = _begin(
        ctx,
        analyst,
        kind="hire",
        start=date(2024, 1, 8),
        end=None,
        success_criteria=None,
        intended_skills=[],
    )
    trial = _begin(ctx, lead, kind="temp_lead")
    with ctx.db.transaction() as session:
        first, second = session.get(Move, hired), session.get(Move, trial)
        assert first is not None
        assert second is not None
        assert first.from_role_id is None
        assert second.from_role_id == analyst
        assert second.source == "marketplace"
        assert second.visibility == "manager"


def test_an_end_before_the_start_is_refused(ctx: Context) -> None:
    (role,) = _roles(ctx, "Data analyst")
    with pytest.raises(InvalidInput, match="before the start"):
        _begin(ctx, role, start=TODAY, end=TODAY - timedelta(days=1))


def test_a_met_outcome_logs_evidence_and_raises_each_intended_skill_once(ctx: Context) -> None:
    (role,) = _roles(ctx, "Data analyst")
    move_id = _begin(ctx, role)
    _outcome(ctx, move_id, "met", "Dashboard live")
    sql = _skill(ctx, "SQL")
    assert sql is not None
    assert sql.current_level == 1
    assert sql.target_level == 3
    assert f"(move #{move_id})" in (sql.evidence or "")
    # Editing the outcome again adds no second level and no second log entry.
    _outcome(ctx, move_id, "met", "Dashboard live, adopted by sales")
    again = _skill(ctx, "SQL")
    assert again is not None
    assert again.current_level == 1
    assert (again.evidence or "").count(f"(move #{move_id})") == 1
    assert "adopted by sales" in (again.evidence or "")
    with ctx.db.transaction() as session:
        logged = session.scalars(select(Signal).where(Signal.move_id == move_id)).all()
        assert [(s.kind, s.occurred_on) for s in logged] == [
            ("assignment", TODAY - timedelta(days=5))
        ]
        assert "adopted by sales" in (logged[0].note or "")
        changes = session.scalars(
            select(SkillLevelChange).where(SkillLevelChange.skill_id == again.id)
        ).all()
        assert [(c.from_level, c.to_level) for c in changes] == [(None, 0), (0, 1)]
        assert f"(move #{move_id})" in (changes[-1].note or "")


def test_an_existing_skill_goes_up_one_and_never_past_five(ctx: Context) -> None:
    (role,) = _roles(ctx, "Data analyst")
    with ctx.db.transaction() as session:
        for name, level in (("SQL", 2), ("Stakeholder updates", 5)):
            session.add(
                SkillTarget(
                    person_id=ctx.person_id,
                    name=name,
                    name_key=name.casefold(),
                    current_level=level,
                    target_level=level,
                    created_at=ctx.now(),
                    updated_at=ctx.now(),
                )
            )
    _outcome(ctx, _begin(ctx, role, intended_skills=["sql", "Stakeholder  updates"]), "met")
    sql, updates = _skill(ctx, "SQL"), _skill(ctx, "Stakeholder updates")
    assert sql is not None
    assert (sql.current_level, sql.target_level) == (3, 3)
    assert updates is not None
    assert updates.current_level == 5


def test_partly_met_adds_evidence_but_no_level_and_a_later_met_adds_it(ctx: Context) -> None:
    (role,) = _roles(ctx, "Data analyst")
    move_id = _begin(ctx, role)
    _outcome(ctx, move_id, "partly")
    sql = _skill(ctx, "SQL")
    assert sql is not None
    assert sql.current_level == 0
    assert "partly met" in (sql.evidence or "")
    _outcome(ctx, move_id, "met")
    raised = _skill(ctx, "SQL")
    assert raised is not None
    assert raised.current_level == 1
    assert "partly" not in (raised.evidence or "")


def test_an_outcome_for_a_move_not_yet_begun_or_unknown_is_refused(ctx: Context) -> None:
    (role,) = _roles(ctx, "Data analyst")
    later = _begin(ctx, role, start=TODAY + timedelta(days=3), end=TODAY + timedelta(days=30))
    with pytest.raises(InvalidInput, match="once it has begun"):
        _outcome(ctx, later, "met")
    with pytest.raises(NotFound):
        _outcome(ctx, later + 99, "met")
    with pytest.raises(InvalidInput, match="met, partly or not_met"):
        _outcome(ctx, later, "great")
