"""GET /next-moves and /api/next-moves in personal and team mode, and `microstep move next`:
the same suggestions, with reasons, from the person's own role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from microstep.services import moves
from microstep.services.context import Context
from microstep.services.moves_schemas import MoveCreate
from microstep.settings import Settings
from microstep.store.db import Database
from tests.cli import ms, refused
from tests.team import make_org, sign_in
from tests.test_nextmove_service import NOW, _move

pytestmark = pytest.mark.taxonomy


def _analyst(ctx: Context) -> None:
    moves.add_move(ctx, MoveCreate(role="Data analyst", start_date=date(2024, 1, 1), kind="hire"))


def test_api_gives_my_next_moves_with_reasons(client: TestClient, ctx: Context) -> None:
    _analyst(ctx)
    body = client.get("/api/next-moves", params={"top": 3}).json()
    assert body["current_role"] == "Data analyst"
    assert len(body["moves"]) == 3
    for move in body["moves"]:
        assert move["role"] != "Data analyst"
        assert move["reason"]
        assert move["reasons"]
        assert 0 <= move["score"] <= 1
    assert client.get("/api/next-moves", params={"top": 0}).status_code == 422


def test_page_lists_the_suggestions_and_moves_links_to_it(client: TestClient, ctx: Context) -> None:
    assert 'href="/next-moves"' in client.get("/moves").text
    empty = client.get("/next-moves")
    assert empty.status_code == 200
    assert "Add your current role" in empty.text
    _analyst(ctx)
    page = client.get("/next-moves?top=3").text
    assert page.count('class="next-item"') == 3
    assert "From <strong>Data analyst</strong>" in page
    assert "public taxonomy" in page


@pytest.mark.sqlite_only
def test_move_next_prints_the_same(db_url: str, ctx: Context, settings: Settings) -> None:
    _analyst(ctx)
    shown = ms("move", "next", "--top", "2", "--format", "json", db=db_url)
    assert shown.exit_code == 0, shown.output
    assert '"current_role": "Data analyst"' in shown.stdout
    table = ms("move", "next", "--top", "2", db=db_url)
    assert table.exit_code == 0
    assert "From Data analyst" in table.stdout
    refused(ms("move", "next", "--top", "0", db=db_url), "--top must be between 1 and 50")


def test_team_mode_page_counts_the_orgs_moves(
    team_settings: Settings, team_db: Database, pg_taxonomy: Database, tmp_path: Path
) -> None:
    from microstep.core.moves import role_key
    from microstep.store.models import Role

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
    client = sign_in(team_settings, team_db, org.email("owner"))
    body = client.get("/api/next-moves?top=2").json()
    assert body["org_history"] is True
    assert body["moves"][0]["reasons"][0] == (
        "3 of 3 people in your role moved to Product manager next"
    )
    page = client.get("/next-moves").text
    assert "A rotation into Product manager" in page
