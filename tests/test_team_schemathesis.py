"""Property-based check of the JSON API in team mode (PostgreSQL), as an HR admin's API token.

The same drive as tests/test_openapi_schemathesis.py (operations through `as_strategy` and
Hypothesis), fewer examples: generated requests, signed in by `Authorization: Bearer`, must
never fail with a 5xx. Each operation gets a fresh organization, so one that revokes the token
or changes the password cannot starve the others.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema

from microstep.services import accounts, goals, objectives, skills, taxonomy
from microstep.services.accounts_schemas import TokenCreate
from microstep.services.schemas import GoalCreate, ObjectiveCreate, SkillCreate
from microstep.settings import Settings
from microstep.store.db import Database, make_engine
from microstep.web import create_app
from tests.conftest import TEAM_SECRET
from tests.team import make_org, persona_ctx

EXAMPLES = 8
_TEAM = Settings(
    base_url="https://127.0.0.1",
    database_url="postgresql://unused@127.0.0.1/unused",
    mode="team",
    secret_key=TEAM_SECRET,
)
# The operation list only needs the app's routes, not a working database.
_SPEC = create_app(_TEAM, Database(make_engine("sqlite://"))).openapi()
OPERATIONS = [(method.upper(), path) for path, item in _SPEC["paths"].items() for method in item]


@pytest.fixture(scope="module")
def team_schema(pg_taxonomy: Database, tmp_path_factory: pytest.TempPathFactory) -> BaseSchema:
    """The team app's schema over the run's PostgreSQL database, taxonomies loaded and their
    linkers built once (not inside a request's timeout); built once, it is slow to read."""
    settings = _TEAM.model_copy(
        update={
            "data_dir": tmp_path_factory.mktemp("team-schema"),
            "database_url": pg_taxonomy.engine.url.render_as_string(hide_password=False),
            "allowed_hosts": ["testserver", "localhost"],
        }
    )
    for kind in ("skill", "occupation"):
        taxonomy.linker(pg_taxonomy, kind)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(settings, pg_taxonomy))


@pytest.fixture
def hr_api(team_schema: BaseSchema, team_db: Database) -> tuple[BaseSchema, dict[str, str]]:
    """The schema, and the header of Hana's (HR admin) API token in a fresh organization; she
    has an objective, a skill and a goal, so their ids exist."""
    org = make_org(team_db)
    ctx = persona_ctx(team_db, org, "hr")
    horizon = date.today() + timedelta(days=300)
    objective = objectives.add_objective(ctx, ObjectiveCreate(title="HR lead", horizon=horizon))
    skill = skills.add_skill(
        ctx,
        SkillCreate(name="Coaching", current_level=1, target_level=4, objective_id=objective.id),
    )
    due = date.today() + timedelta(days=3)
    goal = GoalCreate(title="Run 3 coaching talks", metric="talks", target_value=3, due=due)
    goals.add_goal(ctx, goal.model_copy(update={"skill_id": skill.id}))
    token = accounts.create_token(ctx, TokenCreate(name="schemathesis")).token
    return team_schema, {"Authorization": f"Bearer {token}"}


def test_the_team_app_publishes_the_api_operations() -> None:
    assert len(OPERATIONS) >= 85
    assert all(path.startswith("/api/") for _, path in OPERATIONS)
    assert ("GET", "/api/me") in OPERATIONS


def test_the_token_acts_as_the_hr_admin(hr_api: tuple[BaseSchema, dict[str, str]]) -> None:
    schema, headers = hr_api
    case = schema["/api/me"]["GET"].Case()
    me = case.call(headers=headers)
    assert me.status_code == 200
    assert me.json()["role"] == "hr_admin"


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_team_api_never_fails_with_a_server_error(
    hr_api: tuple[BaseSchema, dict[str, str]], method: str, path: str
) -> None:
    schema, headers = hr_api
    operation = schema[path][method]

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    check()
