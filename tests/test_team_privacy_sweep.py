"""Every route, every persona: nobody sees what the owner did not share with them.

The owner is the personal demo's Maya (12 weeks of every kind of record), turned into Olivia's
account. Every private record's text starts with the marker `qzpriv`; one achievement and one
skill are shared at each wider scope with the markers `qzcirc`, `qzmgr` and `qzorg`. The sweep
requests every GET route of the team app (path parameters filled with the owner's record ids) as
each persona and checks that no forbidden marker appears; then it sends every write route with
the owner's ids as every other persona and checks that the owner's data did not change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from microstep.demo.personal import build_personal_demo
from microstep.services import transfer
from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Achievement, SkillTarget
from microstep.web.app import create_app
from tests.team import PERSONAS, Org, make_org, sign_in, team_client

# (table, text column) of every kind of personal record, marked private.
MARKED = (
    ("objective", "title"),
    ("skill_target", "name"),
    ("skill_target", "name_key"),
    ("micro_goal", "title"),
    ("micro_skill", "definition"),
    ("practice_session", "note"),
    ("signal", "note"),
    ("signal", "source"),
    ("feedback_request", "question"),
    ("feedback_request", "asked_whom"),
    ("action_pick", "title"),
    ("experiment", "hypothesis"),
    ("check_in", "title"),
    ("check_in", "with_whom"),
    ("review", "what_worked"),
    ("review", "wins"),
    ("lesson", "title"),
    ("lesson", "worked"),
    ("achievement", "title"),
    ("achievement", "narrative"),
    ("move", "success_criteria"),
    ("move", "outcome_note"),
    ("move", "notes"),
)
SCOPE_MARKERS = {"circle": "qzcirc", "manager": "qzmgr", "org": "qzorg"}
# Which scope markers each persona may see (the owner sees everything, nobody sees qzpriv).
ALLOWED = {
    "owner": {"qzpriv", "qzcirc", "qzmgr", "qzorg"},
    "circle": {"qzcirc", "qzmgr", "qzorg"},
    "manager": {"qzmgr", "qzorg"},
    "mentor": {"qzmgr", "qzorg"},
    "colleague": {"qzorg"},
    "outsider": {"qzorg"},
    "hr": {"qzorg"},
    "anonymous": set(),
}
MARKERS = ("qzpriv", "qzcirc", "qzmgr", "qzorg")
STRING_PARAMS = {
    "kind": ["goals", "skills", "achievements"],
    "token": ["x"],
    "week": ["2026-W46"],
    "key": ["ask-one-question"],
}
IDS = (1, 2, 3)
SAFE = {"GET"}


def walk(routes: Any) -> Iterator[Any]:
    """Every endpoint route of the app, through included routers."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from walk(route.original_router.routes)
        elif getattr(route, "methods", None):
            yield route


def fill(path: str) -> list[str]:
    """The path with its parameters filled every way the sweep tries."""
    names = re.findall(r"{([^}:]+)(?::[^}]*)?}", path)
    paths = [path]
    for name in names:
        values = STRING_PARAMS.get(name, [str(i) for i in IDS])
        paths = [
            re.sub(r"{" + name + r"(?::[^}]*)?}", value, p, count=1)
            for p in paths
            for value in values
        ]
    return paths


@pytest.fixture
def org(team_db: Database, pg_taxonomy: Database) -> Org:
    """Maya's demo history as Olivia's, marked, with a few records shared at each scope."""
    build_personal_demo(team_db, today=date.today(), with_taxonomy=False)
    with team_db.transaction() as session:
        owner_id = session.execute(text("SELECT id FROM person WHERE is_local")).scalar_one()
        for table, column in MARKED:
            session.execute(
                text(
                    f'UPDATE "{table}" SET "{column}" = \'qzpriv \' || "{column}" '
                    f"WHERE \"{column}\" IS NOT NULL AND visibility = 'private'"
                )
            )
        _share(session, Achievement, "title")
        _share(session, SkillTarget, "name")
    return make_org(team_db, owner_id=owner_id)


def _share(session: Any, model: Any, column: str) -> None:
    ids = session.execute(
        text(f"SELECT id FROM {model.__tablename__} ORDER BY id LIMIT 3")
    ).scalars()
    for record_id, (scope, marker) in zip(ids, SCOPE_MARKERS.items(), strict=True):
        title = f"{marker} shared {scope}"
        values = {column: title, "visibility": scope}
        if model is SkillTarget:
            values["name_key"] = title
        session.execute(update(model).where(model.id == record_id).values(**values))


def clients(settings: Settings, db: Database, org: Org) -> dict[str, TestClient]:
    """A signed-in client per persona, and an anonymous one."""
    signed: dict[str, TestClient] = {p: sign_in(settings, db, org.email(p)) for p in PERSONAS}
    signed["anonymous"] = team_client(settings, db)
    return signed


def leaks_in(body: str, persona: str) -> list[str]:
    """The markers in `body` that `persona` may not see."""
    lowered = body.lower()
    return [m for m in MARKERS if m in lowered and m not in ALLOWED[persona]]


def test_no_persona_reads_what_was_not_shared_with_them(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    app_routes = list(walk(create_app(team_settings, team_db).routes))
    paths = sorted({p for r in app_routes if "GET" in r.methods for p in fill(r.path)})
    assert len(paths) > 100  # the sweep really covers the app
    leaks, seen = [], {persona: set() for persona in ALLOWED}
    for persona, client in clients(team_settings, team_db, org).items():
        for path in paths:
            if path.startswith("/static"):
                continue
            response = client.get(path, follow_redirects=False)
            assert response.status_code < 500, f"{persona} GET {path}: {response.status_code}"
            body = response.text
            seen[persona].update(m for m in MARKERS if m in body.lower())
            leaks += [f"{persona} GET {path}: {m}" for m in leaks_in(body, persona)]
    assert leaks == []
    # And the sweep could have failed: each persona did see what was shared with them.
    for persona, allowed in ALLOWED.items():
        assert seen[persona] == allowed, persona


def test_no_persona_changes_the_owners_records(
    team_settings: Settings, team_db: Database, org: Org
) -> None:
    owner = Context(db=team_db, person_id=org.ids["owner"])
    before = _snapshot(owner)
    app_routes = list(walk(create_app(team_settings, team_db).routes))
    # Closing an account is the HR admin's job (that others are refused is tested with the
    # accounts); every other write must leave the owner's records as they were.
    writes = [
        (m, p)
        for r in app_routes
        if "{" in r.path and not r.path.endswith("/deactivate")
        for m in r.methods - SAFE
        for p in fill(r.path)
    ]
    assert len(writes) > 40
    for persona, client in clients(team_settings, team_db, org).items():
        if persona == "owner":
            continue
        for method, path in writes:
            for body in ({}, None):
                response = client.request(method, path, json=body, follow_redirects=False)
                assert response.status_code < 500, f"{persona} {method} {path}: {response.text}"
    assert _snapshot(owner) == before


def _snapshot(ctx: Context) -> dict[str, Any]:
    data = transfer.export_data(ctx)
    data.pop("exported_at")
    return data
