"""The demo organization's critical roles: two with candidates ready now, two with no successor,
with the public taxonomy loaded at build (ESCO's long lists of essential skills must not leave
every role without a successor)."""

from __future__ import annotations

from microstep.demo.org import build_org_demo, email
from microstep.demo.succession import CRITICAL, add_demo_critical_roles
from microstep.services import succession
from microstep.services.accounts import person_id_of
from microstep.services.context import Context
from microstep.store.db import Database
from tests.conftest import TODAY


def test_the_demo_marks_critical_roles_with_ready_successors_and_a_gap(team_db: Database) -> None:
    build_org_demo(team_db, today=TODAY)
    add_demo_critical_roles(team_db, today=TODAY)
    add_demo_critical_roles(team_db, today=TODAY)  # once
    hana = Context(db=team_db, person_id=person_id_of(team_db, email("hana")), today=TODAY)
    result = succession.succession(hana)
    assert sorted(r.title.casefold() for r in result.roles) == sorted(
        t.casefold() for t in CRITICAL
    )
    ready = {
        r.title.casefold(): r.candidates[0]
        for r in result.roles
        if r.candidates and r.candidates[0].bucket == "ready_now"
    }
    assert set(ready) == {"product manager", "customer experience manager"}
    stood_in = ready["product manager"]
    assert any("3-month temporary lead as Product" in r for r in stood_in.reasons)
    assert [t.casefold() for t in result.no_successor] == [
        "chief data officer",
        "software architect",
    ]
    assert result.roles[0].no_successor
    titles = {r.title.casefold(): r for r in result.roles}
    assert titles["product manager"].needs_basis.startswith("From ")  # the org's own word
    officer = titles["chief data officer"].needs_basis
    assert "essential skills of its ESCO occupation" in officer  # the taxonomy is loaded
    assert "link it" not in officer  # it is linked
    assert all(r.incumbents for r in result.roles)
