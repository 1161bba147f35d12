"""The marketplace under concurrent requests, on two real PostgreSQL connections: another
transaction holds an opportunity's row lock (as a concurrent request would) while use cases
queue behind it; once it lets go, each must act on what is true then, not on what it read
before the lock was free."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import text

from microstep.errors import Conflict
from microstep.services import opportunities as market
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    OpportunityCreate,
    OpportunityUpdate,
)
from microstep.store.db import Database
from tests.team import make_org, persona_ctx

WAIT = 30.0  # seconds to see the requests queue behind the lock; not a timing assertion


def posting(**extra: Any) -> dict[str, Any]:
    """A four-week rotation, 40% of the week."""
    return {
        "kind": "rotation",
        "title": "Pricing analytics rotation",
        "share_of_time": 40,
        "weeks": 4,
        "capacity": 1,
        "success_criteria": "Ships the pricing dashboard.",
        "publish": True,
    } | extra


@contextmanager
def held(db: Database, opportunity_id: int) -> Iterator[Callable[[str], None]]:
    """Hold the opportunity's row lock in another transaction; the callable runs SQL in it."""
    with db.engine.connect() as other:
        other.begin()
        other.execute(
            text("SELECT id FROM opportunity WHERE id = :id FOR UPDATE"), {"id": opportunity_id}
        )
        yield lambda sql: other.execute(text(sql))
        other.commit()


def waiting(db: Database, count: int) -> None:
    """Return once `count` sessions wait for a lock (fail after WAIT seconds)."""
    deadline = time.monotonic() + WAIT
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with db.engine.connect() as probe:
            if (probe.scalar(query) or 0) >= count:
                return
        time.sleep(0.05)
    pytest.fail(f"{count} requests never queued behind the lock")


class Race:
    """Use cases run in threads; what each returned or raised."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.results: dict[str, Any] = {}

    def run(self, name: str, act: Callable[[], Any]) -> None:
        def go() -> None:
            try:
                self.results[name] = act()
            except Exception as exc:  # the outcome under test, kept for the assertions
                self.results[name] = exc

        thread = threading.Thread(target=go, name=name)
        self.threads.append(thread)
        thread.start()

    def join(self) -> None:
        for thread in self.threads:
            thread.join(WAIT)
            assert not thread.is_alive(), f"{thread.name} still waits"


def test_a_withdrawal_and_an_approval_in_a_race_leave_it_withdrawn(team_db: Database) -> None:
    org = make_org(team_db)
    mona, olivia = persona_ctx(team_db, org, "manager"), persona_ctx(team_db, org, "owner")
    opp = market.post_opportunity(mona, OpportunityCreate(**posting())).id
    application = market.apply(olivia, opp, ApplicationCreate()).id
    race = Race()
    with held(team_db, opp):
        race.run("withdraw", lambda: market.withdraw(olivia, application))
        waiting(team_db, 1)
        race.run("approve", lambda: market.approve(mona, application))
        waiting(team_db, 2)
    race.join()
    assert race.results["withdraw"].status == "withdrawn"
    assert isinstance(race.results["approve"], Conflict)  # it is withdrawn by then
    seen = market.get_opportunity(mona, opp)
    assert [a.status for a in seen.applications] == ["withdrawn"]
    assert (seen.status, seen.approved) == ("open", 0)


def test_an_edit_queued_behind_a_start_does_not_reopen_it(team_db: Database) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    opp = market.post_opportunity(mona, OpportunityCreate(**posting())).id
    olivia = market.apply(persona_ctx(team_db, org, "owner"), opp, ApplicationCreate())
    market.approve(mona, olivia.id)
    assert market.get_opportunity(mona, opp).status == "filled"
    race = Race()
    with held(team_db, opp):
        race.run("start", lambda: market.start_opportunity(mona, opp))
        waiting(team_db, 1)
        edit = OpportunityUpdate(**posting(capacity=2, publish=False))
        race.run("edit", lambda: market.update_opportunity(mona, opp, edit))
        waiting(team_db, 2)
    race.join()
    assert race.results["start"].status == "in_progress"
    assert isinstance(race.results["edit"], Conflict)  # it started meanwhile
    seen = market.get_opportunity(mona, opp)
    assert (seen.status, seen.capacity) == ("in_progress", 1)
    with pytest.raises(Conflict, match="in progress"):
        market.start_opportunity(mona, opp)  # never twice: one move per participant
