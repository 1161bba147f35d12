"""Setting up the local person and finding who acts in personal mode."""

from __future__ import annotations

from datetime import UTC, date, datetime

from microstep.core.text import clean_text
from microstep.errors import NotInitialised
from microstep.services import objectives
from microstep.services.context import Context, policy_from
from microstep.services.schemas import PersonPublic, PersonSetup
from microstep.settings import Settings
from microstep.store import queries
from microstep.store.db import Database


def init_person(db: Database, setup: PersonSetup, *, settings: Settings) -> PersonPublic:
    """Create the local person (or rename them) and add the first objective if given."""
    name = clean_text(setup.name, field="name", required=True, max_len=200) or ""
    with db.transaction() as session:
        person = queries.get_local_person(session=session)
        if person is None:
            now = datetime.now(UTC)
            person = queries.add_person(session=session, name=name, is_local=True, now=now)
        person.name = name
        public = PersonPublic.model_validate(person)
    if setup.objective is not None:
        ctx = Context(db=db, person_id=public.id, policy=policy_from(settings))
        objectives.add_objective(ctx, setup.objective)
    return public


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
        db=db, person_id=person_id, policy=policy_from(settings), today=today or date.today()
    )


def get_person(ctx: Context) -> PersonPublic:
    """The acting person."""
    with ctx.db.transaction() as session:
        person = queries.get_local_person(session=session)
        if person is None or person.id != ctx.person_id:
            raise NotInitialised("No one is set up in this database yet: run `microstep init`.")
        return PersonPublic.model_validate(person)
