"""Matching's use cases on PostgreSQL with the personas (TODAY is Wednesday 18 Nov 2026).

Seeded: Olivia (Team A) aims at "Data analyst"; SQL 3 of 4 and Python 1 of 3 (tied to the
objective) shared with her manager, Public speaking 1 of 4 private. Colin (Team A) shares Python
4 of 5 and SQL 3 of 3 with the org; Otto (Team B) keeps SQL 4 of 5 private. Mona posts "Data
rotation" for Team A (SQL 3 required, Python 4 offered, 2 places) and a draft; Hana (HR) posts
"Speaking gig" (Public speaking offered up to 3, nothing required).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from microstep.errors import Forbidden, InvalidInput, NotFound
from microstep.services import matching
from microstep.store.db import Database
from microstep.store.models import (
    Application,
    Move,
    Objective,
    Opportunity,
    OpportunitySkill,
    Role,
    SkillTarget,
)
from tests.team import Org, make_org, persona_ctx

NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)


@dataclasses.dataclass(frozen=True)
class Seeded:
    """The org and the opportunities' ids."""

    org: Org
    rotation: int
    gig: int
    draft: int


def skill(
    person: int, name: str, cur: int, target: int, scope: str, objective: int | None = None
) -> SkillTarget:
    """One row of a skill map."""
    return SkillTarget(
        person_id=person,
        name=name,
        name_key=name.casefold(),
        current_level=cur,
        target_level=target,
        visibility=scope,
        objective_id=objective,
        created_at=NOW,
        updated_at=NOW,
    )


def posting(
    title: str,
    by: int,
    team: int | None,
    *,
    status: str = "open",
    capacity: int = 1,
    required: dict[str, int] | None = None,
    offered: dict[str, int] | None = None,
    share: int = 20,
    weeks: int = 8,
) -> Opportunity:
    """An opportunity with its skills."""
    opp = Opportunity(
        kind="rotation",
        title=title,
        team_id=team,
        posted_by_id=by,
        share_of_time=share,
        weeks=weeks,
        capacity=capacity,
        success_criteria="Ships one report.",
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )
    for relation, skills in (("required", required or {}), ("offered", offered or {})):
        for name, level in skills.items():
            opp.skills.append(
                OpportunitySkill(
                    relation=relation, name=name, name_key=name.casefold(), level=level
                )
            )
    return opp


def seed(db: Database) -> Seeded:
    """The org and records of the module docstring."""
    org = make_org(db)
    ids = org.ids
    with db.transaction() as session:
        goal = Objective(
            person_id=ids["owner"],
            title="Data analyst",
            horizon=date(2027, 6, 1),
            visibility="manager",
            created_at=NOW,
        )
        session.add(goal)
        session.flush()
        session.add_all(
            [
                skill(ids["owner"], "SQL", 3, 4, "manager"),
                skill(ids["owner"], "Python", 1, 3, "manager", goal.id),
                skill(ids["owner"], "Public speaking", 1, 4, "private"),
                skill(ids["colleague"], "Python", 4, 5, "org"),
                skill(ids["colleague"], "SQL", 3, 3, "org"),
                skill(ids["outsider"], "SQL", 4, 5, "private"),
            ]
        )
        rotation = posting(
            "Data rotation",
            ids["manager"],
            org.team_a,
            capacity=2,
            required={"SQL": 3},
            offered={"Python": 4},
        )
        gig = posting("Speaking gig", ids["hr"], org.team_b, offered={"Public speaking": 3})
        draft = posting("Draft", ids["manager"], org.team_a, status="draft", offered={"SQL": 5})
        session.add_all([rotation, gig, draft])
        session.flush()
        return Seeded(org, rotation.id, gig.id, draft.id)


@pytest.fixture
def seeded(team_db: Database) -> Seeded:
    return seed(team_db)


def test_olivia_sees_open_opportunities_ranked_with_reasons_naming_her_skills(
    team_db: Database, seeded: Seeded
) -> None:
    ranked = matching.ranked_for_person(persona_ctx(team_db, seeded.org, "owner"))
    assert [r.opportunity_id for r in ranked] == [seeded.rotation, seeded.gig]
    rotation = ranked[0]
    assert "SQL: level 3 meets the level 3 required" in rotation.reasons
    assert "grows Python from level 1 to 3, toward the objective 'Data analyst'" in rotation.reasons
    assert rotation.scores.fit == 1.0
    assert rotation.score == rotation.scores.total
    assert rotation.application is None
    # Her own private skill counts for her own ranking.
    assert any("Public speaking from level 1 to 3" in r for r in ranked[1].reasons)


def test_the_limit_and_an_application_show(team_db: Database, seeded: Seeded) -> None:
    ctx = persona_ctx(team_db, seeded.org, "owner")
    with team_db.transaction() as session:
        session.add(
            Application(
                opportunity_id=seeded.gig,
                person_id=ctx.person_id,
                status="applied",
                created_at=NOW,
            )
        )
    ranked = matching.ranked_for_person(ctx, limit=5)
    assert {r.opportunity_id: r.application for r in ranked}[seeded.gig] == "applied"
    assert len(matching.ranked_for_person(ctx, limit=1)) == 1


def test_time_taken_by_a_move_in_progress_lowers_availability(
    team_db: Database, seeded: Seeded
) -> None:
    ctx = persona_ctx(team_db, seeded.org, "owner")
    with team_db.transaction() as session:
        role = Role(title="Analyst", title_key="analyst", created_at=NOW)
        busy = posting("Busy", seeded.org.ids["hr"], None, status="in_progress", share=100)
        session.add_all([role, busy])
        session.flush()
        session.add(
            Move(
                person_id=ctx.person_id,
                kind="rotation",
                to_role_id=role.id,
                start_date=date(2026, 11, 1),
                end_date=date(2026, 12, 31),
                intended_skills=[],
                success_criteria="x",
                source="marketplace",
                opportunity_id=busy.id,
                visibility="private",
                created_at=NOW,
                updated_at=NOW,
            )
        )
    ranked = matching.ranked_for_person(ctx)
    assert all(r.scores.availability == 0 and r.score == 0 for r in ranked)
    assert (
        "needs 20% of the week, but moves in progress take all of it "
        "(a rotation under way takes 100%)"
    ) in ranked[0].reasons


def test_a_manual_short_move_and_an_approved_place_take_time_too(
    team_db: Database, seeded: Seeded
) -> None:
    """A rotation entered by hand (no share recorded) counts the documented default; an approved
    application not started yet counts its opportunity's share; the reason names both."""
    ctx = persona_ctx(team_db, seeded.org, "owner")
    with team_db.transaction() as session:
        role = Role(title="Analyst", title_key="analyst", created_at=NOW)
        forecasting = posting("Forecasting", seeded.org.ids["hr"], None, share=40)
        session.add_all([role, forecasting])
        session.flush()
        session.add(
            Move(
                person_id=ctx.person_id,
                kind="rotation",
                to_role_id=role.id,
                start_date=date(2026, 10, 1),
                end_date=None,
                intended_skills=[],
                success_criteria="x",
                source="manual",
                visibility="manager",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        session.add(
            Application(
                opportunity_id=forecasting.id,
                person_id=ctx.person_id,
                status="approved",
                created_at=NOW,
            )
        )
    free = 100 - matching.DEFAULT_SHORT_SHARE - 40
    rotation = next(r for r in matching.ranked_for_person(ctx) if r.title == "Data rotation")
    assert (
        f"needs 20% of the week; {free}% is free (a rotation under way counted as "
        f"{matching.DEFAULT_SHORT_SHARE}%, its share not recorded; approved for 'Forecasting' "
        "at 40%)"
    ) in rotation.reasons
    # Her manager reads the same; Colin, who sees neither, is not told about them.
    mona = matching.candidates_for(persona_ctx(team_db, seeded.org, "manager"), seeded.rotation)
    olivia = next(c for c in mona.candidates if c.name == "Olivia Owner")
    assert any(f"{free}% is free" in r for r in olivia.reasons)


def test_a_place_one_is_approved_for_does_not_take_time_from_itself(
    team_db: Database, seeded: Seeded
) -> None:
    """Olivia's approved 80% place takes time from every other opportunity, not from its own."""
    ctx = persona_ctx(team_db, seeded.org, "owner")
    with team_db.transaction() as session:
        forecasting = posting("Forecasting", seeded.org.ids["hr"], None, share=80)
        session.add(forecasting)
        session.flush()
        session.add(
            Application(
                opportunity_id=forecasting.id,
                person_id=ctx.person_id,
                status="approved",
                created_at=NOW,
            )
        )
    ranked = {r.title: r for r in matching.ranked_for_person(ctx)}
    assert any("20% is free" in r for r in ranked["Data rotation"].reasons)
    own = ranked["Forecasting"]
    assert not any("is free" in r and "approved for 'Forecasting'" in r for r in own.reasons)
    assert own.scores.availability == 1.0


def test_the_poster_sees_candidates_from_what_they_share_only(
    team_db: Database, seeded: Seeded
) -> None:
    found = matching.candidates_for(persona_ctx(team_db, seeded.org, "manager"), seeded.rotation)
    names = [c.name for c in found.candidates]
    # Otto shares nothing with Mona: not scored. Colin covers SQL 3; Olivia grows toward her goal.
    assert set(names) == {"Olivia Owner", "Colin Colleague"}
    olivia = next(c for c in found.candidates if c.name == "Olivia Owner")
    assert "SQL: level 3 meets the level 3 required" in olivia.reasons
    assert not any("speaking" in r.casefold() for c in found.candidates for r in c.reasons)


def test_an_applicant_who_shares_nothing_is_still_listed(team_db: Database, seeded: Seeded) -> None:
    with team_db.transaction() as session:
        session.add(
            Application(
                opportunity_id=seeded.rotation,
                person_id=seeded.org.ids["outsider"],
                status="applied",
                created_at=NOW,
            )
        )
    found = matching.candidates_for(persona_ctx(team_db, seeded.org, "manager"), seeded.rotation)
    otto = next(c for c in found.candidates if c.name == "Otto Outsider")
    assert otto.application == "applied"
    assert "SQL: not on the skill map yet (level 3 required)" in otto.reasons


def test_only_the_poster_the_manager_and_hr_see_candidates(
    team_db: Database, seeded: Seeded
) -> None:
    org = seeded.org
    assert matching.candidates_for(persona_ctx(team_db, org, "hr"), seeded.rotation).candidates
    with pytest.raises(Forbidden):
        matching.candidates_for(persona_ctx(team_db, org, "colleague"), seeded.rotation)
    with pytest.raises(NotFound):
        matching.candidates_for(persona_ctx(team_db, org, "colleague"), seeded.draft)
    with pytest.raises(NotFound):
        matching.candidates_for(persona_ctx(team_db, org, "hr"), 999_999)


def test_hr_runs_the_assignment_on_what_is_shared_with_the_org(
    team_db: Database, seeded: Seeded
) -> None:
    result = matching.global_assignment(persona_ctx(team_db, seeded.org, "hr"), team_cap=None)
    # Only Colin shares with the org. The rotation teaches him nothing (Python 4 already); the
    # gig asks for nothing and adds a skill new to his map, so it scores higher.
    assert [(p.name, p.title) for p in result.placements] == [("Colin Colleague", "Speaking gig")]
    assert (result.slots, result.filled, result.people) == (3, 1, 1)
    assert result.solver == "min-cost flow (OR-Tools)"
    assert result.total_score == pytest.approx(result.placements[0].score, abs=1e-3)


def test_the_team_cap_and_approved_places_hold(team_db: Database, seeded: Seeded) -> None:
    org = seeded.org
    with team_db.transaction() as session:
        for row in session.query(SkillTarget).all():
            row.visibility = "org"
        rotation = session.get(Opportunity, seeded.rotation)
        assert rotation is not None
        rotation.capacity = 3
        session.add(
            Application(
                opportunity_id=seeded.gig,
                person_id=org.ids["circle"],
                status="approved",
                created_at=NOW,
            )
        )
    hr = persona_ctx(team_db, org, "hr")
    free = matching.global_assignment(hr, team_cap=None)
    assert sum(t.placed for t in free.teams if t.name == "Team A") == 2
    assert free.slots == 3  # the gig's one place is taken by an approved applicant
    capped = matching.global_assignment(hr, team_cap=1)
    assert [t.placed for t in capped.teams if t.name == "Team A"] == [1]
    assert capped.filled == 2
    assert capped.total_score < free.total_score
    assert {p.name for p in capped.placements} == {"Olivia Owner", "Otto Outsider"}


def test_the_assignment_is_hr_only_and_checks_the_cap(team_db: Database, seeded: Seeded) -> None:
    with pytest.raises(Forbidden):
        matching.global_assignment(persona_ctx(team_db, seeded.org, "manager"), team_cap=2)
    with pytest.raises(InvalidInput):
        matching.global_assignment(persona_ctx(team_db, seeded.org, "hr"), team_cap=0)
