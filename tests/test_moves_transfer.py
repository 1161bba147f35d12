"""A person's export carries their moves and the roles those moves name; an import lands the
roles on the ones already stored with the same title_key."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from microstep.services import moves, people, transfer
from microstep.services.context import Context
from microstep.services.moves_schemas import MoveCreate
from microstep.settings import Settings
from microstep.store.models import Move, Role
from tests.conftest import TODAY


def test_moves_travel_with_their_roles_and_land_on_roles_of_the_same_title(
    ctx: Context,
) -> None:
    moves.add_move(ctx, MoveCreate(kind="hire", role="Data analyst", start_date=TODAY))
    moves.add_move(
        ctx,
        MoveCreate(
            kind="rotation",
            role="Pricing analyst",
            start_date=TODAY - timedelta(days=30),
            end_date=TODAY,
            success_criteria="Run the price test",
            intended_skills=["Pricing"],
        ),
    )
    with ctx.db.transaction() as session:  # someone else's role, unrelated to Ana's moves
        session.add(Role(title="Office manager", title_key="office manager", created_at=ctx.now()))
    data = transfer.export_data(ctx)
    assert sorted(r["title"] for r in data["tables"]["role"]) == [
        "Data analyst",
        "Pricing analyst",
    ]
    title_of = {r["id"]: r["title"] for r in data["tables"]["role"]}
    assert [title_of[m["to_role_id"]] for m in data["tables"]["move"]] == [
        "Data analyst",
        "Pricing analyst",
    ]
    # Import over Ana with the roles numbered as another database would have them: the
    # analyst role (stored here already) an unused id, a pricing role new to this database the
    # office manager's id.
    (office,) = _role_ids(ctx, "office manager")
    renumber = {
        r["id"]: (office if r["title"] == "Pricing analyst" else 9000)
        for r in data["tables"]["role"]
    }
    for r in data["tables"]["role"]:
        r["id"] = renumber[r["id"]]
        if r["title"] == "Pricing analyst":
            r["title"], r["title_key"] = "Pricing specialist", "pricing specialist"
    for m in data["tables"]["move"]:
        m["to_role_id"] = renumber[m["to_role_id"]]
        m["from_role_id"] = renumber.get(m["from_role_id"])
    transfer.import_data(ctx.db, json.dumps(data), replace=True)
    again = people.personal_context(ctx.db, settings=Settings(), today=TODAY)
    shown = moves.timeline(again)
    assert [(m.kind, m.to_role, m.from_role) for m in shown.moves] == [
        ("rotation", "Pricing specialist", None),
        ("hire", "Data analyst", None),
    ]
    with ctx.db.transaction() as session:
        titles = sorted(session.scalars(select(Role.title)).all())
        assert titles == ["Data analyst", "Office manager", "Pricing analyst", "Pricing specialist"]
        assert session.scalars(select(Move.opportunity_id)).all() == [None, None]


def _role_ids(ctx: Context, key: str) -> list[int]:
    with ctx.db.transaction() as session:
        return list(session.scalars(select(Role.id).where(Role.title_key == key)).all())
