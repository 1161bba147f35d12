"""A colleague's moves in team mode: only those shared with the viewer, through visible_to, on
/people/{id}/moves, the API and the profile; the owner's moves cannot be changed by others."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from microstep.services import moves
from microstep.services.moves_schemas import MoveCreate
from microstep.settings import Settings
from microstep.store.db import Database
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx, sign_in
from tests.web import element


def _add(db: Database, org: Org, role: str, visibility: str, notes: str) -> int:
    ctx = persona_ctx(db, org, "owner")
    move = MoveCreate(
        kind="stretch",
        role=role,
        start_date=TODAY - timedelta(days=40),
        end_date=TODAY - timedelta(days=5),
        success_criteria=f"criteria {notes}",
        notes=notes,
        visibility=visibility,  # type: ignore[arg-type]
    )
    return moves.add_move(ctx, move).id


@pytest.fixture
def org(team_db: Database) -> Org:
    """The personas, with one of Olivia's moves at each visibility."""
    made = make_org(team_db)
    for scope in ("private", "circle", "manager", "org"):
        _add(team_db, made, f"Role {scope}", scope, f"note-{scope}")
    return made


SEES = {
    "owner": {"private", "circle", "manager", "org"},
    "circle": {"circle", "manager", "org"},
    "manager": {"manager", "org"},
    "mentor": {"manager", "org"},
    "colleague": {"org"},
    "outsider": {"org"},
    "hr": {"org"},
}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_only_the_moves_shared_with_them(
    team_settings: Settings, team_db: Database, org: Org, persona: str
) -> None:
    client = sign_in(team_settings, team_db, org.email(persona))
    owner = org.ids["owner"]
    body = client.get(f"/api/people/{owner}/moves").json()
    assert {m["to_role"].split()[-1] for m in body["moves"]} == SEES[persona]
    page = client.get(f"/people/{owner}/moves").text
    hidden = {"private", "circle", "manager", "org"} - SEES[persona]
    for scope in SEES[persona]:
        assert f"note-{scope}" in page
    for scope in hidden:
        assert f"note-{scope}" not in page
    profile = client.get(f"/people/{owner}").text
    for scope in hidden:
        assert f"Role {scope}" not in profile
    if persona != "owner":
        assert f"Stretch assignment to Role {sorted(SEES[persona])[0]}" in profile
        ended = TODAY - timedelta(days=5)
        assert f"until {ended.day} {ended:%b %Y}" in profile  # the site's dates, not ISO


def test_nobody_else_can_change_or_read_one_move_of_the_owner(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    manager = sign_in(team_settings, team_db, org.email("manager"))
    shared = moves.timeline(persona_ctx(team_db, org, "owner")).moves[-1].id
    assert manager.get(f"/api/moves/{shared}").status_code == 404
    assert manager.patch(f"/api/moves/{shared}", json={"notes": "x"}).status_code == 404
    assert manager.post(f"/api/moves/{shared}/outcome", json={"outcome": "met"}).status_code == 404
    assert manager.delete(f"/api/moves/{shared}").status_code == 404
    assert manager.post(f"/moves/{shared}/delete").status_code == 404
    after = moves.timeline(persona_ctx(team_db, org, "owner"))
    assert len(after.moves) == 4
    assert all(m.outcome is None for m in after.moves)


def test_signed_out_visitors_are_asked_to_sign_in(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    from tests.team import team_client

    client = team_client(team_settings, team_db)
    assert client.get("/api/moves").status_code == 401
    assert client.get(f"/api/people/{org.ids['owner']}/moves").status_code == 401


def test_a_hidden_move_does_not_show_as_the_role_a_shared_move_came_from(
    team_settings: Settings, team_db: Database
) -> None:
    made = make_org(team_db)
    owner = persona_ctx(team_db, made, "owner")
    steps = (
        ("hire", "Data analyst", -900, None, "org"),
        ("rotation", "Pricing analyst", -800, -700, "org"),
        ("promotion", "Chief secret officer", -300, None, "private"),
        ("stretch", "Board liaison", -40, -5, "org"),
    )
    for kind, role, start, end, scope in steps:
        moves.add_move(
            owner,
            MoveCreate(
                kind=kind,  # type: ignore[arg-type]
                role=role,
                start_date=TODAY + timedelta(days=start),
                end_date=TODAY + timedelta(days=end) if end is not None else None,
                success_criteria="criteria" if end is not None else None,
                visibility=scope,  # type: ignore[arg-type]
            ),
        )
    mine = {m.to_role: m.from_role for m in moves.timeline(owner).moves}
    assert mine["Board liaison"] == "Chief secret officer"
    client = sign_in(team_settings, team_db, made.email("colleague"))
    body = client.get(f"/api/people/{made.ids['owner']}/moves").json()
    assert {m["to_role"]: m["from_role"] for m in body["moves"]} == {
        "Data analyst": None,
        "Pricing analyst": "Data analyst",
        "Board liaison": None,
    }
    assert "Chief secret officer" not in str(body)
    for path in (f"/people/{made.ids['owner']}/moves", f"/people/{made.ids['owner']}"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Chief secret officer" not in page.text


def test_a_colleague_gets_the_depth_check_only_over_what_they_see(
    team_settings: Settings, team_db: Database
) -> None:
    made = make_org(team_db)
    owner = persona_ctx(team_db, made, "owner")
    steps = (
        ("hire", "Data analyst", -900, None, "manager"),
        ("gig", "Data steward", -300, -260, "private"),
        ("stretch", "Board liaison", -200, -160, "private"),
        ("shadowing", "Product manager", -100, -60, "private"),
    )
    for kind, role, start, end, scope in steps:
        moves.add_move(
            owner,
            MoveCreate(
                kind=kind,  # type: ignore[arg-type]
                role=role,
                start_date=TODAY + timedelta(days=start),
                end_date=TODAY + timedelta(days=end) if end is not None else None,
                success_criteria="criteria" if end is not None else None,
                visibility=scope,  # type: ignore[arg-type]
            ),
        )
    depth = moves.timeline(owner).depth
    assert depth is not None
    assert depth.flagged
    who = made.ids["owner"]
    manager = sign_in(team_settings, team_db, made.email("manager"))
    body = manager.get(f"/api/people/{who}/moves").json()
    name = body["name"]
    assert body["depth"]["shared_only"] is True
    assert body["depth"]["reason"].startswith(f"from the 1 move {name} shares with you, ")
    page = manager.get(f"/people/{who}/moves").text
    note = " ".join(element(page, "depth-note").split())
    assert f"from the 1 move {name} shares with you" in note
    assert "no short moves since the last change of role." not in note
    assert "Latest role shared with you: Data analyst" in " ".join(
        re.sub(r"<[^>]+>", " ", element(page, "current-role")).split()
    )
    profile = manager.get(f"/people/{who}").text
    assert f'href="/people/{who}/moves"' in element(profile, "profile-moves", unescape=False)
    # Somebody the owner shares no move with gets no verdict, and no link to an empty timeline.
    colleague = sign_in(team_settings, team_db, made.email("colleague"))
    assert colleague.get(f"/api/people/{who}/moves").json()["depth"] is None
    page = colleague.get(f"/people/{who}/moves").text
    assert 'id="depth-note"' not in page
    assert "shares no moves with you" in page
    assert 'id="profile-moves"' not in colleague.get(f"/people/{who}").text
