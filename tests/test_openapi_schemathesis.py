"""Property-based check of the JSON API against its own OpenAPI schema (SQLite only).

Each operation gets generated requests; none may fail with a 5xx, and every response must match
the schema the app publishes (including the one error shape). `schemathesis.pytest.from_fixture`
does not run under pytest 9, so the operations are driven through `as_strategy` and Hypothesis.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.schemas import BaseSchema

from microstep.services import goals, skills, taxonomy
from microstep.services.context import Context
from microstep.services.schemas import GoalCreate, SkillCreate
from microstep.settings import Settings
from microstep.store.db import Database, make_engine
from microstep.web import create_app

EXAMPLES = 50
# The taxonomy, gap and market operations need ESCO loaded: every test here gets it from a template.
pytestmark = pytest.mark.taxonomy
# The operation list only needs the app's routes, not a working database.
_SPEC = create_app(Settings(database_url="sqlite://"), Database(make_engine("sqlite://"))).openapi()
OPERATIONS = [(method.upper(), path) for path, item in _SPEC["paths"].items() for method in item]


@pytest.fixture
def api_schema(settings: Settings, db: Database, ctx: Context) -> BaseSchema:
    """The app's schema over Ana's data: one skill and one goal, so ids 1 exist."""
    skill = skills.add_skill(ctx, SkillCreate(name="SQL", current_level=1, target_level=4))
    due = date.today() + timedelta(days=3)
    goal = GoalCreate(title="Write 3 queries", metric="queries", target_value=3, due=due)
    goals.add_goal(ctx, goal.model_copy(update={"skill_id": skill.id}))
    for kind in ("skill", "occupation"):  # built once per process, not inside a request's timeout
        taxonomy.linker(db, kind)
    local = settings.model_copy(update={"allowed_hosts": ["testserver", "localhost"]})
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(local, db))


def test_every_api_operation_is_checked() -> None:
    assert len(OPERATIONS) == 170  # 92 of personal mode, 78 more that team mode serves
    assert all(path.startswith("/api/") for _, path in OPERATIONS)


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_never_fails_and_matches_its_schema(
    api_schema: BaseSchema, method: str, path: str
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    check()
