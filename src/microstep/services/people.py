"""Setting up the local person and finding who acts in personal mode."""

from __future__ import annotations

from datetime import UTC, date, datetime

from microstep.core.text import clean_text
from microstep.errors import NotInitialised
from microstep.services import objectives
from microstep.services.context import Context, policy_from, practice_policy_from
from microstep.services.schemas import PersonPublic, PersonSetup
from microstep.settings import Settings
from microstep.store import queries
from microstep.store.db import Database


def init_person(db: Database, setup: PersonSetup, *, settings: Settings) -> PersonPublic:
    """Create the local person (or rename them) and add the first objective, all or nothing."""
    name = clean_text(setup.name, field="name", required=True, max_len=200) or ""
    now = datetime.now(UTC)
    first = None
    if setup.objective is not None:
        first = objectives.objective_fields(setup.objective, today=now.date())
    with db.transaction() as session:
        person = queries.get_local_person(session=session)
        if person is None:
            person = queries.add_person(session=session, name=name, is_local=True, now=now)
        person.name = name
        if first is not None:
            queries.add_objective(session=session, person_id=person.id, now=now, **first)
        return PersonPublic.model_validate(person)


def is_set_up(db: Database) -> bool:
    """True once the local person exists."""
    with db.transaction() as session:
        return queries.get_local_person(session=session) is not None


def personal_context(db: Database, *, settings: Settings, today: date | None = None) -> Context:
    """The context of the local person; refuses politely before `microstep init`."""
    with db.transaction() as session:
        person = queries.get_local_person(session=session)
        if person is None:
            raise NotInitialised(
                "No one is set up in this database yet: run `microstep init` first."
            )
        person_id = person.id
    return Context(
        db=db,
        person_id=person_id,
        policy=policy_from(settings),
        practice=practice_policy_from(settings),
        today=today or date.today(),
    )


def get_person(ctx: Context) -> PersonPublic:
    """The acting person."""
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=ctx.person_id)
        if person is None:
            raise NotInitialised("No one is set up in this database yet: run `microstep init`.")
        return PersonPublic.model_validate(person)
