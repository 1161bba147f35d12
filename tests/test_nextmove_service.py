"""Next-move use cases: everyone's suggested roles counted for congestion, a person's own
suggestions from the public prior in personal mode, and from the org's counts in team mode."""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from microstep.core.history import History, PersonInfo, RoleInfo, Step, ordered
from microstep.core.moves import role_key
from microstep.demo.org_history import ROLES
from microstep.errors import InvalidInput
from microstep.services import moves, nextmove, skills, taxonomy
from microstep.services.context import Context
from microstep.services.moves_schemas import MoveCreate
from microstep.services.schemas import SkillCreate
from microstep.store.db import Database
from microstep.store.models import (
    Move,
    Role,
    TaxonomyOccupation,
    TaxonomyOccupationSkill,
    TaxonomySkill,
)
from microstep.taxonomy.sources import OCCUPATION_PREFIX
from tests.conftest import TODAY
from tests.team import make_org, persona_ctx

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_recommended_counts_count_active_people_by_their_top_roles(db: Database) -> None:
    """Five people went A -> B; three are still at A (one of them has left): the two active
    people at A have B on top; those at B have nowhere the history knows."""
    roles = {1: RoleInfo(1, "A"), 2: RoleInfo(2, "B")}
    people = {p: PersonInfo(p, active=p != 8) for p in range(1, 9)}
    steps = [Step(p, 1, "hire", date(2020, 1, 1)) for p in range(1, 9)]
    steps += [Step(p, 2, "promotion", date(2022, 1, 1)) for p in range(1, 6)]
    history = History(roles, people, ordered(steps), TODAY)
    with db.transaction() as session:
        assert nextmove.recommended_counts(session, history, top=1) == {2: 2}
        assert nextmove.recommended_counts(session, history, top=3) == {2: 2}


def test_nothing_known_says_what_to_do(ctx: Context) -> None:
    found = nextmove.next_moves(ctx, 5)
    assert found.moves == []
    assert found.current_role is None
    assert found.note.startswith("Add your current role")


def test_top_out_of_range_is_refused(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="between 1 and 50"):
        nextmove.next_moves(ctx, 0)


@pytest.mark.taxonomy
def test_personal_mode_answers_from_the_prior_with_my_skills(ctx: Context, db: Database) -> None:
    moves.add_move(ctx, MoveCreate(role="Data analyst", start_date=date(2024, 1, 1), kind="hire"))
    first = nextmove.next_moves(ctx, 5)
    assert first.current_role == "Data analyst"
    assert not first.org_history
    assert len(first.moves) == 5
    assert all(m.role != "Data analyst" and 0 <= m.score <= 1 and m.reason for m in first.moves)
    assert first.note.startswith("From the public taxonomy")
    assert not any(r.startswith("You have") for m in first.moves for r in m.reasons)
    best = next(m for m in first.moves if not m.reasons[0].startswith("It is your objective"))
    with db.transaction() as session:
        uris = session.scalars(
            select(TaxonomySkill.uri)
            .join(TaxonomyOccupationSkill, TaxonomyOccupationSkill.skill_id == TaxonomySkill.id)
            .join(
                TaxonomyOccupation, TaxonomyOccupation.id == TaxonomyOccupationSkill.occupation_id
            )
            .where(TaxonomyOccupationSkill.relation == "essential")
            .where(
                (TaxonomyOccupation.onet_code == best.code) | (TaxonomyOccupation.uri == best.code)
            )
            .order_by(TaxonomySkill.uri)
        ).all()
    assert uris
    # One skill of many is no reason ("You have 1 of its 20" never shows); a third of them is.
    skills.add_skill(ctx, SkillCreate(name="Skill 0", current_level=3, esco_uri=uris[0]))
    once = nextmove.next_moves(ctx, 5)
    assert not any(r.startswith("You have 1 of") for m in once.moves for r in m.reasons)
    third = -(-len(uris) // 3)
    for i, uri in enumerate(uris[1:third], 1):
        skills.add_skill(ctx, SkillCreate(name=f"Skill {i}", current_level=3, esco_uri=uri))
    again = nextmove.next_moves(ctx, 5)
    reasons = [r for m in again.moves for r in m.reasons]
    held = [re.fullmatch(r"You have (\d+) of its (\d+) essential skills", r) for r in reasons]
    figures = [(int(m[1]), int(m[2])) for m in held if m]
    assert figures, reasons
    assert all(3 * k >= n > 0 for k, n in figures)


@pytest.mark.taxonomy
def test_team_mode_uses_the_orgs_counts_never_names(
    team_db: Database, pg_taxonomy: Database
) -> None:
    org = make_org(team_db)
    with team_db.transaction() as session:
        analyst = Role(title="Data analyst", title_key=role_key("Data analyst"), created_at=NOW)
        pm = Role(title="Product manager", title_key=role_key("Product manager"), created_at=NOW)
        session.add_all([analyst, pm])
        session.flush()
        for persona in ("colleague", "outsider", "circle", "mentor", "owner"):
            session.add(_move(org.ids[persona], analyst.id, "hire", date(2022, 1, 1)))
        for persona in ("colleague", "outsider", "circle"):
            session.add(_move(org.ids[persona], pm.id, "rotation", date(2024, 1, 1)))
    found = nextmove.next_moves(persona_ctx(team_db, org, "owner"), 3, org=True)
    assert found.org_history
    assert found.current_role == "Data analyst"
    assert found.moves[0].role == "Product manager"
    assert found.moves[0].reasons[0] == "3 of 3 people in your role moved to Product manager next"
    assert found.moves[0].move == "a rotation into Product manager"
    names = ["Cara", "Colin", "Mel", "Olivia"]
    assert not any(n in m.reason for m in found.moves for n in names)


def _move(person: int, role: int, kind: str, start: date) -> Move:
    return Move(
        person_id=person,
        kind=kind,
        to_role_id=role,
        start_date=start,
        source="import",
        created_at=NOW,
        updated_at=NOW,
    )


def _org_moves(team_db: Database) -> tuple[object, dict[str, int]]:
    """Five personas hired as Data analyst, three of them went on to Data scientist."""
    org = make_org(team_db)
    ids = {}
    with team_db.transaction() as session:
        for title in ("Data analyst", "Data scientist"):
            uuid, code = ROLES[title]
            role = Role(
                title=title,
                title_key=role_key(title),
                occupation_uri=OCCUPATION_PREFIX + uuid,
                onet_code=code,
                created_at=NOW,
            )
            session.add(role)
            session.flush()
            ids[title] = role.id
        for persona in ("colleague", "outsider", "circle", "mentor", "owner"):
            session.add(_move(org.ids[persona], ids["Data analyst"], "hire", date(2022, 1, 1)))
        for persona in ("colleague", "outsider", "circle"):
            session.add(_move(org.ids[persona], ids["Data scientist"], "lateral", date(2024, 1, 1)))
    return org, ids


@pytest.mark.taxonomy
def test_a_private_moves_role_is_never_suggested_to_anyone_else(
    team_db: Database, pg_taxonomy: Database
) -> None:
    """The owner's private move to 'Data scientist at Rival Corp (secret interview)', linked
    to the very occupation the others are heading for, is never anyone else's suggestion."""
    org, _ = _org_moves(team_db)
    secret = "Data scientist at Rival Corp (secret interview)"
    with team_db.transaction() as session:
        uuid, code = ROLES["Chief data officer"]
        role = Role(
            title=secret,
            title_key=role_key(secret),
            occupation_uri=OCCUPATION_PREFIX + uuid,
            onet_code=code,
            created_at=NOW,
        )
        session.add(role)
        session.flush()
        private = _move(org.ids["owner"], role.id, "lateral", date(2025, 1, 1))
        private.source, private.visibility = "manual", "private"
        session.add(private)
    for persona in ("colleague", "outsider", "circle", "mentor", "manager", "hr"):
        found = nextmove.next_moves(persona_ctx(team_db, org, persona), 50, org=True)
        assert not any("Rival" in m.role or "Rival" in m.reason for m in found.moves), persona
    own = nextmove.next_moves(persona_ctx(team_db, org, "owner"), 50, org=True)
    assert own.current_role == secret  # their own context reads it
    assert not any("Rival" in m.role for m in own.moves)


def test_the_org_model_is_fitted_once_per_history_version(
    team_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits = []
    real = nextmove.core.fit

    def counted(*args: object, **kwargs: object) -> nextmove.core.Model:
        fits.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(nextmove.core, "fit", counted)
    monkeypatch.setattr(nextmove, "_MODELS", OrderedDict())  # none fitted by earlier tests
    org, ids = _org_moves(team_db)
    first = nextmove.next_moves(persona_ctx(team_db, org, "mentor"), 3, org=True)
    second = nextmove.next_moves(persona_ctx(team_db, org, "owner"), 3, org=True)
    assert len(fits) == 1
    assert first.moves[0].role == second.moves[0].role == "Data scientist"
    with team_db.transaction() as session:
        session.add(_move(org.ids["mentor"], ids["Data scientist"], "lateral", date(2025, 1, 1)))
    nextmove.next_moves(persona_ctx(team_db, org, "owner"), 3, org=True)
    assert len(fits) == 2  # a new move: a new version of the history


def test_a_page_never_loads_the_taxonomy(
    ctx: Context, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a request loaded the taxonomy")

    monkeypatch.setattr(taxonomy, "load_taxonomy", refuse)
    monkeypatch.setattr(taxonomy, "ensure_taxonomy", refuse)
    monkeypatch.setattr(taxonomy, "is_current", lambda _db: False)
    with db.transaction() as session:
        role = Role(title="Data analyst", title_key=role_key("Data analyst"), created_at=NOW)
        session.add(role)
        session.flush()
        session.add(_move(ctx.person_id, role.id, "hire", date(2024, 1, 1)))
    found = nextmove.next_moves(ctx, 5)
    assert found.current_role == "Data analyst"
    assert "The public skills taxonomy is not loaded yet: run `microstep taxonomy load`." in (
        found.note
    )
