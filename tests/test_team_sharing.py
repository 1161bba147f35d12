"""Sharing in team mode: defaults for new records, whole kinds and single records, profiles."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from microstep.services import skills
from microstep.services.schemas import SkillCreate
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import SkillTarget
from tests.team import make_org, persona_ctx, sign_in
from tests.web import error_of


def _visibility(db: Database, name: str) -> str:
    with db.transaction() as session:
        return session.scalars(select(SkillTarget.visibility).where(SkillTarget.name == name)).one()


def test_new_records_are_private_until_a_wider_default_is_chosen(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, org.email("owner"))
    owner.post("/api/skills", json={"name": "SQL"})
    assert _visibility(team_db, "SQL") == "private"
    changed = owner.put("/api/sharing/skills", json={"visibility": "manager", "existing": False})
    assert changed.json() == {"kind": "skills", "visibility": "manager", "changed": 0}
    assert _visibility(team_db, "SQL") == "private"  # existing ones kept, as asked
    owner.post("/api/skills", json={"name": "Python"})
    assert _visibility(team_db, "Python") == "manager"
    kinds = {k["kind"]: k for k in owner.get("/api/sharing").json()}
    assert kinds["skills"]["default"] == "manager"
    assert kinds["skills"]["counts"] == {"private": 1, "manager": 1}
    assert kinds["practice"]["default"] == "private"


def test_sharing_a_kind_changes_the_existing_records_too(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    ctx = persona_ctx(team_db, org, "owner")
    for name in ("SQL", "Python"):
        skills.add_skill(ctx, SkillCreate(name=name))
    owner = sign_in(team_settings, team_db, org.email("owner"))
    done = owner.put("/api/sharing/skills", json={"visibility": "org"}).json()
    assert done["changed"] == 2
    assert {_visibility(team_db, n) for n in ("SQL", "Python")} == {"org"}


def test_one_record_is_shared_only_by_its_owner(team_settings: Settings, team_db: Database) -> None:
    org = make_org(team_db)
    skill = skills.add_skill(persona_ctx(team_db, org, "owner"), SkillCreate(name="SQL"))
    other = sign_in(team_settings, team_db, org.email("colleague"))
    refused = other.put(f"/api/sharing/skills/{skill.id}", json={"visibility": "org"})
    assert error_of(refused, 404)["message"] == f"You have no skill map record number {skill.id}."
    assert _visibility(team_db, "SQL") == "private"
    owner = sign_in(team_settings, team_db, org.email("owner"))
    assert (
        owner.put(f"/api/sharing/skills/{skill.id}", json={"visibility": "circle"}).json()[
            "changed"
        ]
        == 1
    )
    assert _visibility(team_db, "SQL") == "circle"


def test_an_unknown_kind_is_named_with_the_known_ones(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, org.email("owner"))
    message = error_of(owner.put("/api/sharing/diaries", json={"visibility": "org"}), 404)[
        "message"
    ]
    assert message.startswith("There is no kind of record called 'diaries': try objectives, skills")


def test_a_profile_shows_each_viewer_only_what_reaches_them(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    ctx = persona_ctx(team_db, org, "owner")
    for name in ("private-skill", "circle-skill", "manager-skill", "org-skill"):
        skills.add_skill(ctx, SkillCreate(name=name))
    owner = sign_in(team_settings, team_db, org.email("owner"))
    for scope in ("circle", "manager", "org"):
        skill_id = next(
            s["id"] for s in owner.get("/api/skills").json() if s["name"] == f"{scope}-skill"
        )
        owner.put(f"/api/sharing/skills/{skill_id}", json={"visibility": scope})
    expected = {
        "owner": {"private-skill", "circle-skill", "manager-skill", "org-skill"},
        "circle": {"circle-skill", "manager-skill", "org-skill"},
        "manager": {"manager-skill", "org-skill"},
        "mentor": {"manager-skill", "org-skill"},
        "colleague": {"org-skill"},
        "outsider": {"org-skill"},
        "hr": {"org-skill"},
    }
    for persona, names in expected.items():
        client = sign_in(team_settings, team_db, org.email(persona))
        profile = client.get(f"/api/people/{org.ids['owner']}").json()
        assert {item["title"] for item in profile["items"]} == names, persona
    page = sign_in(team_settings, team_db, org.email("outsider")).get(f"/people/{org.ids['owner']}")
    assert "org-skill" in page.text
    assert "manager-skill" not in page.text


def test_a_circle_peer_sees_only_the_kinds_shared_with_the_circle(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(
        team_db,
        circle_shares={"shares_progress": False, "shares_wins": True, "shares_ticks": False},
    )
    skills.add_skill(persona_ctx(team_db, org, "owner"), SkillCreate(name="circle-skill"))
    owner = sign_in(team_settings, team_db, org.email("owner"))
    owner.put("/api/sharing/skills", json={"visibility": "circle"})
    peer = sign_in(team_settings, team_db, org.email("circle"))
    assert peer.get(f"/api/people/{org.ids['owner']}").json()["items"] == []


@pytest.mark.sqlite_only
def test_sharing_answers_404_in_personal_mode(client: TestClient) -> None:
    assert client.get("/sharing").status_code == 404
    message = error_of(client.get("/api/sharing"), 404)["message"]
    assert message == "Sharing exists in team mode only; in personal mode everything is yours."
    assert client.get("/api/people/1").status_code == 404
