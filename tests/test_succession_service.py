"""Succession's use cases with the personas, on SQLite and PostgreSQL (TODAY is 18 Nov 2026).

Seeded: roles Product manager, Business analyst and ICT operations manager. Mel (Team B) holds
Product manager; an open rotation for it requires Roadmaps, Discovery, Pricing and Metrics at
level 3; one for ICT operations manager requires Incident command. Olivia (Team A, Business
analyst) shares all four at level 3 with the organization (Public speaking 2 kept private) and
did a 12-week rotation as Product manager that met its criteria, ended three months ago:
ready now. Colin (Team A) keeps a map holding all four at level 5 private: not enough shared to
judge. Otto (Team B) shares Roadmaps and Discovery at 3: within two years. Nobody comes near
ICT operations manager: no successor.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from microstep.core.moves import role_key
from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import succession
from microstep.services.succession_schemas import CriticalRoleCreate, SuccessionPublic
from microstep.store.db import Database
from microstep.store.models import (
    CriticalRole,
    Move,
    Opportunity,
    OpportunitySkill,
    Role,
    SkillTarget,
)
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx

NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)
PM_SKILLS = ("Roadmaps", "Discovery", "Pricing", "Metrics")


@dataclasses.dataclass(frozen=True)
class Seeded:
    """The org and the roles' ids."""

    org: Org
    pm: int
    ba: int
    ops: int


def skill(person: int, name: str, level: int, scope: str) -> SkillTarget:
    """One row of a skill map."""
    return SkillTarget(
        person_id=person,
        name=name,
        name_key=name.casefold(),
        current_level=level,
        target_level=max(level, 1),
        visibility=scope,
        created_at=NOW,
        updated_at=NOW,
    )


def move(
    person: int,
    role: int,
    kind: str,
    start: date,
    end: date | None = None,
    outcome: str | None = None,
) -> Move:
    """An imported move (an organization record)."""
    return Move(
        person_id=person,
        kind=kind,
        to_role_id=role,
        start_date=start,
        end_date=end,
        outcome=outcome,
        source="import",
        visibility="private",
        created_at=NOW,
        updated_at=NOW,
    )


def opening(title: str, role: int, by: int, required: dict[str, int]) -> Opportunity:
    """An open rotation for a role requiring these skills."""
    opp = Opportunity(
        kind="rotation",
        title=title,
        role_id=role,
        posted_by_id=by,
        share_of_time=20,
        weeks=8,
        capacity=1,
        success_criteria="Ship one thing.",
        status="open",
        created_at=NOW,
        updated_at=NOW,
    )
    opp.skills = [
        OpportunitySkill(relation="required", name=n, name_key=n.casefold(), level=lv)
        for n, lv in required.items()
    ]
    return opp


def seed(db: Database, *, mark: bool = True) -> Seeded:
    """The personas with the history and skill maps above; PM and Ops marked critical."""
    org = make_org(db)
    ids = org.ids
    with db.transaction() as session:
        roles = {}
        for title in ("Product manager", "Business analyst", "ICT operations manager"):
            role = Role(title=title, title_key=role_key(title), created_at=NOW)
            session.add(role)
            roles[title] = role
        session.flush()
        pm, ba, ops = (roles[t].id for t in roles)
        long_ago = TODAY - timedelta(days=900)
        session.add(move(ids["mentor"], pm, "hire", long_ago))
        for persona in ("owner", "colleague", "outsider"):
            session.add(move(ids[persona], ba, "hire", long_ago))
        ended = TODAY - timedelta(days=90)
        session.add(move(ids["owner"], pm, "rotation", ended - timedelta(weeks=12), ended, "met"))
        for name in PM_SKILLS:
            session.add(skill(ids["owner"], name, 3, "org"))
            session.add(skill(ids["colleague"], name, 5, "private"))
        session.add(skill(ids["owner"], "Public speaking", 2, "private"))
        session.add(skill(ids["outsider"], "Roadmaps", 3, "org"))
        session.add(skill(ids["outsider"], "Discovery", 3, "org"))
        session.add(opening("PM rotation", pm, ids["hr"], dict.fromkeys(PM_SKILLS, 3)))
        session.add(opening("Ops shadowing", ops, ids["hr"], {"Incident command": 3}))
        if mark:
            for role_id in (pm, ops):
                session.add(CriticalRole(role_id=role_id, created_by_id=ids["hr"], created_at=NOW))
    return Seeded(org, pm, ba, ops)


def role_of(result: SuccessionPublic, title: str) -> dict[str, object]:
    """One role's bench as plain data."""
    [found] = [r for r in result.roles if r.title == title]
    return found.model_dump()


def test_hr_sees_the_whole_org_bench_with_the_role_without_successor_first(db: Database) -> None:
    seeded = seed(db)
    result = succession.succession(persona_ctx(db, seeded.org, "hr"))
    assert result.is_hr
    assert result.scope == "the whole organization"
    assert [r.title for r in result.roles] == ["ICT operations manager", "Product manager"]
    assert result.no_successor == ["ICT operations manager"]
    pm = result.roles[1]
    assert pm.incumbents == ["Mel Mentor"]
    assert [(c.name, c.bucket) for c in pm.candidates] == [
        ("Olivia Owner", "ready_now"),
        ("Otto Outsider", "within_two_years"),
    ]
    olivia = pm.candidates[0]
    assert olivia.reasons[0] == "holds 4 of 4 skills the role needs"
    assert olivia.reasons[1] == "a 3-month rotation as Product manager: met"
    assert olivia.team == "Team A"
    assert olivia.role == "Business analyst"
    counts = {c.bucket: c.count for c in pm.counts}
    assert counts == {  # Colin, Cara, Mona and Hana share no skill map with HR
        "ready_now": 1,
        "within_year": 0,
        "within_two_years": 1,
        "not_yet": 0,
        "unjudged": 4,
    }
    assert pm.bench_strength == 1.0  # one ready now for one incumbent
    assert {n.name for n in pm.needs} == set(PM_SKILLS)
    ops = result.roles[0]
    assert ops.no_successor
    assert ops.bench_strength == 0.0
    assert [n.name for n in ops.needs] == ["Incident command"]
    assert [b.label for b in result.chart.bars] == ["ICT operations manager", "Product manager"]


def test_a_colleagues_private_skill_map_is_not_used(db: Database) -> None:
    seeded = seed(db)
    for persona in ("hr", "manager"):
        result = succession.succession(persona_ctx(db, seeded.org, persona))
        pm = next(r for r in result.roles if r.title == "Product manager")
        assert "Colin Colleague" not in [c.name for c in pm.candidates]
        [colin] = [c for c in pm.unjudged if c.name == "Colin Colleague"]
        assert colin.bucket == "unjudged"
        assert colin.reasons[0].startswith("not enough shared to judge")
        text = result.model_dump_json()
        assert "Public speaking" not in text  # Olivia's private skill


def test_a_manager_sees_candidates_from_their_teams_only(db: Database) -> None:
    seeded = seed(db)
    result = succession.succession(persona_ctx(db, seeded.org, "manager"))
    assert not result.is_hr
    assert result.scope == "Team A"
    pm = next(r for r in result.roles if r.title == "Product manager")
    assert [c.name for c in pm.candidates] == ["Olivia Owner"]
    assert pm.incumbents == []  # Mel is not on Team A
    assert pm.bench_strength == 1.0  # one seat at least
    everyone = {c.name for r in result.roles for c in [*r.candidates, *r.unjudged]}
    assert everyone <= {"Olivia Owner", "Colin Colleague", "Mona Manager"}
    with pytest.raises(NotFound):
        succession.succession(persona_ctx(db, seeded.org, "manager"), team_id=seeded.org.team_b)
    narrowed = succession.succession(persona_ctx(db, seeded.org, "hr"), team_id=seeded.org.team_b)
    names = {c.name for r in narrowed.roles for c in r.candidates}
    assert names == {"Otto Outsider"}


@pytest.mark.parametrize("persona", ["owner", "colleague", "outsider", "mentor", "circle"])
def test_people_who_neither_manage_nor_administer_are_refused(db: Database, persona: str) -> None:
    seeded = seed(db)
    ctx = persona_ctx(db, seeded.org, persona)
    with pytest.raises(Forbidden):
        succession.succession(ctx)
    with pytest.raises(Forbidden):
        succession.list_critical_roles(ctx)
    with pytest.raises(Forbidden):
        succession.mark_critical(ctx, CriticalRoleCreate(role="Business analyst"))


def test_hr_marks_and_unmarks_critical_roles_by_title_or_id(db: Database) -> None:
    seeded = seed(db, mark=False)
    hr = persona_ctx(db, seeded.org, "hr")
    marked = succession.mark_critical(
        hr, CriticalRoleCreate(role="  product  MANAGER ", note="Key")
    )
    assert (marked.title, marked.note, marked.created_by) == ("Product manager", "Key", "Hana HR")
    by_id = succession.mark_critical(hr, CriticalRoleCreate(role_id=seeded.ops))
    assert by_id.title == "ICT operations manager"
    listed = succession.list_critical_roles(persona_ctx(db, seeded.org, "manager"))
    assert [c.title for c in listed] == ["ICT operations manager", "Product manager"]
    with pytest.raises(Conflict, match=r"Product manager is already a critical role\."):
        succession.mark_critical(hr, CriticalRoleCreate(role="Product manager"))
    with pytest.raises(InvalidInput, match="There is no role called 'Astronaut'"):
        succession.mark_critical(hr, CriticalRoleCreate(role="Astronaut"))
    with pytest.raises(NotFound):
        succession.mark_critical(hr, CriticalRoleCreate(role_id=999_999))
    with pytest.raises(InvalidInput, match=r"Give the role's title or its id\."):
        succession.mark_critical(hr, CriticalRoleCreate())
    with pytest.raises(Forbidden):
        succession.mark_critical(
            persona_ctx(db, seeded.org, "manager"), CriticalRoleCreate(role="Business analyst")
        )
    assert succession.unmark_critical(hr, marked.id).title == "Product manager"
    with pytest.raises(NotFound):
        succession.unmark_critical(hr, marked.id)
    assert succession.unmark_role(hr, str(seeded.ops)).title == "ICT operations manager"
    with pytest.raises(NotFound, match=r"Business analyst is not a critical role\."):
        succession.unmark_role(hr, "business analyst")
    assert succession.list_critical_roles(hr) == []


def test_a_title_typed_into_a_private_move_is_never_listed_nor_found(db: Database) -> None:
    """Otto typed 'Secret merger lead' into a move he keeps private: HR's form does not list it,
    and marking it by title or id finds no such role."""
    seeded = seed(db, mark=False)
    otto = seeded.org.ids["outsider"]
    with db.transaction() as session:
        secret = Role(title="Secret merger lead", title_key=role_key("Secret merger lead"))
        secret.created_at = NOW
        session.add(secret)
        session.flush()
        private = move(otto, secret.id, "stretch", TODAY - timedelta(days=30))
        private.source = "manual"
        session.add(private)
        secret_id = secret.id
    hr = persona_ctx(db, seeded.org, "hr")
    titles = succession.role_titles(hr)
    assert titles == ["Business analyst", "ICT operations manager", "Product manager"]
    with pytest.raises(InvalidInput, match="There is no role called 'secret merger lead'"):
        succession.mark_critical(hr, CriticalRoleCreate(role="secret merger lead"))
    with pytest.raises(NotFound, match=f"There is no role #{secret_id}."):
        succession.mark_critical(hr, CriticalRoleCreate(role_id=secret_id))
    with pytest.raises(InvalidInput, match="There is no role called"):
        succession.unmark_role(hr, "Secret merger lead")


@pytest.mark.parametrize("typed", ["Data\x00Analyst", "Product\x1bmanager", "\x7f"])
def test_control_characters_in_a_role_are_refused_in_one_sentence(db: Database, typed: str) -> None:
    seeded = seed(db, mark=False)
    hr = persona_ctx(db, seeded.org, "hr")
    with pytest.raises(InvalidInput) as refused:
        succession.mark_critical(hr, CriticalRoleCreate(role=typed))
    assert str(refused.value) == "The role contains control characters: type plain text."
    with pytest.raises(InvalidInput):
        succession.unmark_role(hr, typed)


def test_a_linked_role_before_the_taxonomy_is_loaded_is_not_told_to_link_itself(
    db: Database,
) -> None:
    """ICT operations manager, linked to its ESCO occupation, with no opportunity and no holder:
    the taxonomy is not loaded, so nothing is known of what it needs, and the page says why."""
    seeded = seed(db)
    with db.transaction() as session:
        for found in session.query(Opportunity).where(Opportunity.role_id == seeded.ops):
            session.delete(found)
        role = session.get(Role, seeded.ops)
        assert role is not None
        role.occupation_uri = "http://data.europa.eu/esco/occupation/ops"
    result = succession.succession(persona_ctx(db, seeded.org, "hr"))
    ops = next(r for r in result.roles if r.title == "ICT operations manager")
    assert ops.needs == []
    assert "link it" not in ops.needs_basis
    assert ops.needs_basis.startswith(
        "No skills are known for this role yet: the public taxonomy, which lists its ESCO "
        "occupation's skills, is not loaded"
    )
    reasons = [r for c in ops.candidates for r in c.reasons]
    assert all("link it" not in r for r in reasons)
    pm = next(r for r in result.roles if r.title == "Product manager")
    assert pm.needs_basis == "From the skills its opportunities require."
