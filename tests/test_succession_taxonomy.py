"""Succession with the public taxonomy loaded, as a real deployment has it (SQLite and
PostgreSQL), seeded as in the service tests.

ESCO lists 24 essential skills for a product manager and 16 for an ICT operations manager. Were
they all required at level 3, nobody would be ready for anything; the organization's own word
(its opportunities' required skills, what its role holders share) decides what a role needs, and
ESCO's essentials stand in only for a role the organization says nothing about, and then only
those someone here records on a skill map the viewer may see.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from microstep.core.moves import role_key
from microstep.services import succession
from microstep.store.db import Database
from microstep.store.models import (
    CriticalRole,
    Role,
    SkillTarget,
    TaxonomyOccupation,
    TaxonomyOccupationSkill,
    TaxonomySkill,
)
from tests.team import persona_ctx
from tests.test_succession_service import NOW, PM_SKILLS, Seeded, seed

pytestmark = pytest.mark.taxonomy


def link(db: Database, role_id: int, label: str) -> tuple[str, list[tuple[str, str]]]:
    """Link a role to the ESCO occupation of this label; its URI and essentials (URI, label)."""
    with db.transaction() as session:
        uri = session.scalars(
            select(TaxonomyOccupation.uri).where(TaxonomyOccupation.label == label)
        ).one()
        role = session.get(Role, role_id)
        assert role is not None
        role.occupation_uri = uri
        rows = session.execute(
            select(TaxonomySkill.uri, TaxonomySkill.label)
            .join(TaxonomyOccupationSkill, TaxonomyOccupationSkill.skill_id == TaxonomySkill.id)
            .join(
                TaxonomyOccupation, TaxonomyOccupation.id == TaxonomyOccupationSkill.occupation_id
            )
            .where(TaxonomyOccupation.uri == uri, TaxonomyOccupationSkill.relation == "essential")
            .order_by(TaxonomySkill.label)
        )
        return uri, [(u, lb) for u, lb in rows]


def critical(db: Database, seeded: Seeded, title: str) -> int:
    """A new role marked critical (nobody holds it, no opportunity names it)."""
    with db.transaction() as session:
        role = Role(title=title, title_key=role_key(title), created_at=NOW)
        session.add(role)
        session.flush()
        session.add(
            CriticalRole(role_id=role.id, created_by_id=seeded.org.ids["hr"], created_at=NOW)
        )
        return role.id


def shares(db: Database, person: int, skills: list[tuple[str, str]], level: int) -> None:
    """The person shares these ESCO-linked skills (URI, label) with the organization."""
    with db.transaction() as session:
        for uri, label in skills:
            session.add(
                SkillTarget(
                    person_id=person,
                    name=label,
                    name_key=label.casefold(),
                    esco_uri=uri,
                    current_level=level,
                    target_level=level,
                    visibility="org",
                    created_at=NOW,
                    updated_at=NOW,
                )
            )


def test_with_the_taxonomy_loaded_the_roles_keep_their_ready_successors(db: Database) -> None:
    seeded = seed(db)
    _, pm_essentials = link(db, seeded.pm, "product manager")
    _, ops_essentials = link(db, seeded.ops, "ICT operations manager")
    assert len(pm_essentials) > 10  # all of them at level 3 would leave PM with no successor
    assert len(ops_essentials) > 10
    result = succession.succession(persona_ctx(db, seeded.org, "hr"))
    assert result.no_successor == ["ICT operations manager"]
    pm = next(r for r in result.roles if r.title == "Product manager")
    assert {n.name for n in pm.needs} == set(PM_SKILLS)
    assert all(n.sources == ["opportunities"] for n in pm.needs)
    assert pm.needs_basis == "From the skills its opportunities require."
    assert [(c.name, c.bucket) for c in pm.candidates] == [
        ("Olivia Owner", "ready_now"),
        ("Otto Outsider", "within_two_years"),
    ]
    olivia = pm.candidates[0]
    assert olivia.reasons[0] == "holds 4 of 4 skills the role needs"
    assert olivia.score >= 0.75
    assert pm.bench_strength == 1.0
    ops = next(r for r in result.roles if r.title == "ICT operations manager")
    assert [n.name for n in ops.needs] == ["Incident command"]


def test_esco_stands_in_for_a_role_the_org_says_nothing_about(db: Database) -> None:
    """Software architect: no holder, no opportunity. Of ESCO's essentials, Olivia shares two and
    Otto one of them; the other essentials nobody here records are not asked for."""
    seeded = seed(db)
    architect = critical(db, seeded, "Software architect")
    _, essentials = link(db, architect, "software architect")
    picked = essentials[:2]
    shares(db, seeded.org.ids["owner"], picked, 4)
    shares(db, seeded.org.ids["outsider"], picked[:1], 3)
    result = succession.succession(persona_ctx(db, seeded.org, "hr"))
    role = next(r for r in result.roles if r.title == "Software architect")
    assert sorted(n.name for n in role.needs) == sorted(label for _, label in picked)
    assert all(n.sources == ["esco"] and n.level == 3 for n in role.needs)
    assert role.needs_basis.startswith(
        f"The organization names no skill for this role, so these are the 2 of the "
        f"{len(essentials)} essential skills of its ESCO occupation"
    )
    assert [(c.name, c.bucket) for c in role.candidates] == [
        ("Olivia Owner", "within_year"),  # skills alone: 0.6
        ("Otto Outsider", "within_two_years"),  # half of them: 0.3
    ]
    assert role.candidates[0].reasons[0] == (
        "holds 2 of 2 essential skills of its ESCO occupation recorded here"
    )


def test_a_linked_role_nobody_here_records_skills_of_says_so(db: Database) -> None:
    seeded = seed(db)
    officer = critical(db, seeded, "Chief data officer")
    _, essentials = link(db, officer, "chief data officer")
    result = succession.succession(persona_ctx(db, seeded.org, "hr"))
    role = next(r for r in result.roles if r.title == "Chief data officer")
    assert role.needs == []
    assert role.no_successor
    assert role.needs_basis == (
        f"No skills are known for this role yet: none of the {len(essentials)} essential skills "
        "of its ESCO occupation is on a skill map shared with you; post an opportunity for it "
        "that lists the skills it requires."
    )
    assert all("link it" not in reason for c in role.candidates for reason in c.reasons)
