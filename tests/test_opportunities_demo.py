"""The demo organization's marketplace: open opportunities, a queue, a rule, one running and
one reviewed whose outcome shows on the participant's skills."""

from __future__ import annotations

from sqlalchemy import func, select

from microstep.demo.opportunities import REVIEWED, RUNNING, SPECS, add_demo_opportunities
from microstep.services import opportunities as market
from microstep.services import skills
from microstep.store.db import Database
from microstep.store.models import Opportunity
from tests.conftest import TODAY
from tests.team import Org, make_org, persona_ctx


def test_the_demo_posts_opportunities_and_takes_two_through_their_lifecycle(
    team_db: Database,
) -> None:
    org = make_org(team_db)
    add_demo_opportunities(team_db, today=TODAY)
    add_demo_opportunities(team_db, today=TODAY)  # a second call adds nothing
    mona = persona_ctx(team_db, org, "manager")
    found = {o.title: o for o in market.list_opportunities(mona)}
    assert sorted(found) == sorted(s.title for s in (*SPECS, REVIEWED, RUNNING))
    assert len(market.list_opportunities(mona)) == len(found)
    assert {found[s.title].status for s in SPECS} <= {"open", "filled"}
    assert found[RUNNING.title].status == "in_progress"
    reviewed = market.get_opportunity(mona, found[REVIEWED.title].id)
    assert reviewed.status == "reviewed"
    [participant] = [a for a in reviewed.applications if a.status == "approved"]
    assert participant.outcome == "met"
    theirs = {
        s.name: s
        for s in skills.list_skills(persona_ctx(team_db, org, _persona(org, participant.person_id)))
    }
    assert theirs["Presenting insights"].current_level == 1  # put on the map at 0, met: +1
    assert market.approval_queue(mona), "applications wait in the manager's queue"
    assert [r.team_id for r in market.list_rules(mona)] == [org.team_a]
    ranked = market.ranked_for_me(persona_ctx(team_db, org, "outsider"))
    assert ranked
    assert all(r.reasons for r in ranked)


def test_the_demo_adds_nothing_without_people(team_db: Database) -> None:
    add_demo_opportunities(team_db, today=TODAY)
    with team_db.transaction() as session:
        assert session.scalar(select(func.count(Opportunity.id))) == 0


def _persona(org: Org, person_id: int) -> str:
    return next(p for p, i in org.ids.items() if i == person_id)
