"""The opportunity marketplace's use cases on PostgreSQL: posting, applying, approving (by a
person, a rule or at once), capacity, starting, reviewing — and who may do each."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from microstep.errors import Conflict, Forbidden, InvalidInput, NotFound
from microstep.services import opportunities as market
from microstep.services import skills
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    OpportunityCreate,
    OpportunityReview,
    OpportunityUpdate,
    ParticipantOutcome,
    RuleCreate,
    SkillNeedIn,
)
from microstep.services.schemas import SkillCreate
from microstep.store.db import Database
from microstep.store.models import Move, Person, Signal
from tests.team import Org, make_org, persona_ctx

CRITERIA = "Ships the pricing dashboard and presents it at the monthly review."


def rotation(**extra: Any) -> OpportunityCreate:
    """Four weeks in pricing analytics, two days a week, one place."""
    fields: dict[str, Any] = {
        "kind": "rotation",
        "title": "Pricing analytics rotation",
        "description": "Join the pricing squad two days a week.",
        "share_of_time": 40,
        "weeks": 4,
        "capacity": 1,
        "success_criteria": CRITERIA,
        "required_skills": [SkillNeedIn(name="SQL", level=3)],
        "offered_skills": [SkillNeedIn(name="Price elasticity modelling", level=3)],
    }
    return OpportunityCreate(**(fields | extra))


def _posted(db: Database, org: Org, **extra: Any) -> int:
    return market.post_opportunity(persona_ctx(db, org, "manager"), rotation(**extra)).id


def _apply(db: Database, org: Org, persona: str, opportunity_id: int) -> int:
    note = ApplicationCreate(note="I price our renewals by hand today.")
    return market.apply(persona_ctx(db, org, persona), opportunity_id, note).id


def test_an_employee_cannot_post_and_a_manager_posts_for_their_team(team_db: Database) -> None:
    org = make_org(team_db)
    with pytest.raises(Forbidden, match="managers and HR"):
        market.post_opportunity(persona_ctx(team_db, org, "owner"), rotation())
    posted = market.post_opportunity(persona_ctx(team_db, org, "manager"), rotation())
    assert (posted.status, posted.team_id, posted.role) == (
        "draft",
        org.team_a,
        "Pricing analytics rotation",
    )
    assert [(s.relation, s.name, s.level) for s in posted.skills] == [
        ("required", "SQL", 3),
        ("offered", "Price elasticity modelling", 3),
    ]
    with pytest.raises(Forbidden, match="team you manage"):
        market.post_opportunity(persona_ctx(team_db, org, "manager"), rotation(team_id=org.team_b))
    by_hr = market.post_opportunity(persona_ctx(team_db, org, "hr"), rotation(team_id=org.team_b))
    assert by_hr.team_id == org.team_b


def test_a_trial_without_success_criteria_or_with_bad_bounds_is_refused(team_db: Database) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    with pytest.raises(InvalidInput, match="success criteria") as caught:
        market.post_opportunity(mona, rotation(success_criteria="  "))
    assert caught.value.field == "success_criteria"
    with pytest.raises(InvalidInput, match="share of time") as caught:
        market.post_opportunity(mona, rotation(share_of_time=120))
    with pytest.raises(InvalidInput, match="listed twice"):
        market.post_opportunity(
            mona, rotation(offered_skills=[SkillNeedIn(name="A b"), SkillNeedIn(name="a  B")])
        )
    with pytest.raises(InvalidInput, match="level"):
        market.post_opportunity(mona, rotation(required_skills=[SkillNeedIn(name="SQL", level=6)]))


def test_outsiders_do_not_see_drafts_but_everyone_sees_published_ones(team_db: Database) -> None:
    org = make_org(team_db)
    draft = _posted(team_db, org)
    for persona in ("owner", "outsider", "colleague"):
        ctx = persona_ctx(team_db, org, persona)
        with pytest.raises(NotFound, match=f"no opportunity #{draft}"):
            market.get_opportunity(ctx, draft)
        assert market.list_opportunities(ctx) == []
        with pytest.raises(NotFound):
            market.apply(ctx, draft, ApplicationCreate())
    assert market.get_opportunity(persona_ctx(team_db, org, "hr"), draft).can_manage
    with pytest.raises(NotFound):  # an employee cannot publish what they cannot see
        market.publish_opportunity(persona_ctx(team_db, org, "owner"), draft)
    market.publish_opportunity(persona_ctx(team_db, org, "manager"), draft)
    seen = market.get_opportunity(persona_ctx(team_db, org, "outsider"), draft)
    assert (seen.status, seen.can_manage) == ("open", False)
    with pytest.raises(Forbidden, match="poster"):
        market.cancel_opportunity(persona_ctx(team_db, org, "outsider"), draft)


def test_only_the_applicants_manager_or_hr_approve_and_capacity_fills(team_db: Database) -> None:
    org = make_org(team_db)
    opp = _posted(team_db, org, publish=True, capacity=1)
    olivia = _apply(team_db, org, "owner", opp)
    colin = _apply(team_db, org, "colleague", opp)
    for persona in ("colleague", "outsider", "circle"):  # neither her manager nor HR
        with pytest.raises((Forbidden, NotFound)):
            market.approve(persona_ctx(team_db, org, persona), olivia)
    with pytest.raises(Forbidden):  # nobody decides their own application
        market.approve(persona_ctx(team_db, org, "owner"), olivia)
    queue = market.approval_queue(persona_ctx(team_db, org, "manager"))
    assert [(a.id, a.person_name, a.note, a.can_decide) for a in queue] == [
        (olivia, "Olivia Owner", "I price our renewals by hand today.", True),
        (colin, "Colin Colleague", "I price our renewals by hand today.", True),
    ]
    approved = market.approve(persona_ctx(team_db, org, "manager"), olivia)
    assert (approved.status, approved.decided_how, approved.decided_by_name) == (
        "approved",
        "manager",
        "Mona Manager",
    )
    assert market.get_opportunity(persona_ctx(team_db, org, "owner"), opp).status == "filled"
    with pytest.raises(Conflict, match="no more people"):
        market.approve(persona_ctx(team_db, org, "hr"), colin)
    assert market.approval_queue(persona_ctx(team_db, org, "manager")) == []  # filled: no queue
    market.withdraw(persona_ctx(team_db, org, "owner"), olivia)  # a place opens again
    assert market.get_opportunity(persona_ctx(team_db, org, "owner"), opp).status == "open"
    by_hr = market.approve(persona_ctx(team_db, org, "hr"), colin)
    assert (by_hr.status, by_hr.decided_how) == ("approved", "hr")


def test_the_poster_decides_for_an_applicant_without_a_manager(team_db: Database) -> None:
    org = make_org(team_db)  # Team B has no manager
    opp = _posted(team_db, org, publish=True)
    otto = _apply(team_db, org, "outsider", opp)
    assert [a.id for a in market.approval_queue(persona_ctx(team_db, org, "manager"))] == [otto]
    assert market.decline(persona_ctx(team_db, org, "manager"), otto).status == "declined"
    with pytest.raises(Conflict, match="declined"):
        _apply(team_db, org, "outsider", opp)


def test_applications_are_seen_by_the_applicant_deciders_and_managers_only(
    team_db: Database,
) -> None:
    org = make_org(team_db)
    opp = _posted(team_db, org, publish=True)
    olivia = _apply(team_db, org, "owner", opp)
    seen = {
        persona: [
            a.id
            for a in market.get_opportunity(persona_ctx(team_db, org, persona), opp).applications
        ]
        for persona in ("owner", "colleague", "outsider", "manager", "hr")
    }
    assert seen == {
        "owner": [olivia],
        "colleague": [],
        "outsider": [],
        "manager": [olivia],
        "hr": [olivia],
    }
    with pytest.raises(NotFound):
        market.withdraw(persona_ctx(team_db, org, "colleague"), olivia)
    with pytest.raises(Forbidden, match="applicant"):
        market.withdraw(persona_ctx(team_db, org, "manager"), olivia)


def test_a_rule_or_an_open_opportunity_approves_at_once(team_db: Database) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    with pytest.raises(Forbidden):
        market.add_rule(
            persona_ctx(team_db, org, "owner"),
            RuleCreate(team_id=org.team_a, max_share_of_time=50, max_weeks=8),
        )
    with pytest.raises(Forbidden):
        market.add_rule(mona, RuleCreate(team_id=org.team_b, max_share_of_time=50, max_weeks=8))
    rule = market.add_rule(
        mona, RuleCreate(team_id=org.team_a, max_share_of_time=50, max_weeks=8, kinds=["rotation"])
    )
    assert rule.description == "rotation, up to 50% of the week for up to 8 weeks"
    small = _posted(team_db, org, publish=True, capacity=3)
    big = _posted(team_db, org, publish=True, weeks=12)
    by_rule = market.apply(persona_ctx(team_db, org, "owner"), small, ApplicationCreate())
    assert (by_rule.status, by_rule.decided_how) == ("approved", "rule")
    assert market.apply(persona_ctx(team_db, org, "owner"), big, ApplicationCreate()).status == (
        "applied"
    )
    outside = market.apply(persona_ctx(team_db, org, "outsider"), small, ApplicationCreate())
    assert outside.status == "applied"  # the rule is Team A's, Otto is on Team B
    at_once = _posted(team_db, org, publish=True, needs_approval=False, weeks=12)
    opened = market.apply(persona_ctx(team_db, org, "outsider"), at_once, ApplicationCreate())
    assert (opened.status, opened.decided_how) == ("approved", "open")
    assert market.get_opportunity(mona, at_once).status == "filled"
    market.delete_rule(mona, rule.id)
    assert market.list_rules(mona) == []
    with pytest.raises(NotFound):
        market.delete_rule(persona_ctx(team_db, org, "owner"), rule.id)


def test_completing_after_the_planned_end_keeps_it(team_db: Database) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    opp = _posted(team_db, org, publish=True)
    market.approve(mona, _apply(team_db, org, "owner", opp))
    market.start_opportunity(mona, opp)
    later = dataclasses.replace(mona, today=mona.today + timedelta(weeks=10))
    market.complete_opportunity(later, opp)
    with team_db.transaction() as session:
        move = session.scalars(select(Move).where(Move.opportunity_id == opp)).one()
        assert move.end_date is not None
        assert move.end_date < later.today  # the planned end stays: it came first
        assert (move.end_date - move.start_date).days == 27


def test_a_run_ends_with_outcomes_in_the_participants_skills(team_db: Database) -> None:
    org = make_org(team_db)
    owner, mona = persona_ctx(team_db, org, "owner"), persona_ctx(team_db, org, "manager")
    skills.add_skill(
        owner, SkillCreate(name="Price elasticity modelling", current_level=1, target_level=4)
    )
    opp = _posted(team_db, org, publish=True, capacity=2)
    with pytest.raises(Conflict, match="Nobody is approved"):
        market.start_opportunity(mona, opp)
    market.approve(mona, _apply(team_db, org, "owner", opp))
    market.approve(mona, _apply(team_db, org, "colleague", opp))
    with pytest.raises(Forbidden):
        market.start_opportunity(persona_ctx(team_db, org, "owner"), opp)
    started = market.start_opportunity(mona, opp)
    assert started.status == "in_progress"
    assert all(a.move_id for a in started.applications)
    with pytest.raises(Conflict, match="before it starts"):
        market.update_opportunity(mona, opp, OpportunityUpdate(**rotation().model_dump()))
    with team_db.transaction() as session:
        moves = session.scalars(select(Move).where(Move.opportunity_id == opp)).all()
        assert sorted((m.person_id, m.kind, m.source, m.visibility) for m in moves) == sorted(
            (org.ids[p], "rotation", "marketplace", "manager") for p in ("owner", "colleague")
        )
        assert {(m.end_date - m.start_date).days for m in moves} == {27}
    with pytest.raises(Conflict, match="review"):
        market.review_opportunity(
            mona,
            opp,
            OpportunityReview(
                outcomes=[ParticipantOutcome(person_id=org.ids["owner"], outcome="met")]
            ),
        )
    market.complete_opportunity(mona, opp)
    with team_db.transaction() as session:  # completed the day it started: the moves end then
        ends = session.scalars(select(Move.end_date).where(Move.opportunity_id == opp)).all()
        assert ends == [mona.today, mona.today]
    with pytest.raises(InvalidInput, match="Colin Colleague"):
        market.review_opportunity(
            mona,
            opp,
            OpportunityReview(
                outcomes=[ParticipantOutcome(person_id=org.ids["owner"], outcome="met")]
            ),
        )
    with pytest.raises(InvalidInput, match="did not take part"):
        market.review_opportunity(
            mona,
            opp,
            OpportunityReview(
                outcomes=[ParticipantOutcome(person_id=org.ids["outsider"], outcome="met")]
            ),
        )
    reviewed = market.review_opportunity(
        mona,
        opp,
        OpportunityReview(
            outcomes=[
                ParticipantOutcome(
                    person_id=org.ids["owner"], outcome="met", note="Dashboard shipped."
                ),
                ParticipantOutcome(person_id=org.ids["colleague"], outcome="partly"),
            ]
        ),
    )
    assert reviewed.status == "reviewed"
    assert sorted(a.outcome or "" for a in reviewed.applications) == ["met", "partly"]
    mine = {s.name: s for s in skills.list_skills(owner)}
    assert mine["Price elasticity modelling"].current_level == 2
    assert "Dashboard shipped." in (mine["Price elasticity modelling"].evidence or "")
    colins = {
        s.name: s.current_level for s in skills.list_skills(persona_ctx(team_db, org, "colleague"))
    }
    assert colins == {"Price elasticity modelling": 0}  # partly met: evidence, no level
    with team_db.transaction() as session:
        kinds = session.scalars(
            select(Signal.kind).where(Signal.person_id == org.ids["owner"])
        ).all()
        assert list(kinds) == ["assignment"]


def test_an_edit_keeps_capacity_above_the_approved(team_db: Database) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    opp = _posted(team_db, org, publish=True, capacity=2)
    market.approve(mona, _apply(team_db, org, "owner", opp))
    market.approve(mona, _apply(team_db, org, "colleague", opp))
    assert market.get_opportunity(mona, opp).status == "filled"
    with pytest.raises(Conflict, match="capacity"):
        market.update_opportunity(mona, opp, OpportunityUpdate(**rotation(capacity=1).model_dump()))
    edited = market.update_opportunity(
        mona, opp, OpportunityUpdate(**rotation(capacity=3, title="Pricing rotation").model_dump())
    )
    assert (edited.title, edited.capacity, edited.status, edited.approved) == (
        "Pricing rotation",
        3,
        "open",
        2,
    )


def test_nobody_is_approved_by_a_rule_they_set_or_an_opening_they_control(
    team_db: Database,
) -> None:
    org = make_org(team_db)
    mona, hana = persona_ctx(team_db, org, "manager"), persona_ctx(team_db, org, "hr")
    with team_db.transaction() as session:  # Mona sits on the team she manages
        session.execute(
            update(Person).where(Person.id == org.ids["manager"]).values(team_id=org.team_a)
        )
    wide = {"max_share_of_time": 100, "max_weeks": 104}
    market.add_rule(mona, RuleCreate(team_id=org.team_a, **wide))
    market.add_rule(hana, RuleCreate(team_id=org.team_b, **wide))  # Hana's own team
    by_hr = market.post_opportunity(hana, rotation(team_id=org.team_b, publish=True, capacity=3))
    by_mona = market.post_opportunity(mona, rotation(publish=True, capacity=3))
    monas = market.apply(mona, by_hr.id, ApplicationCreate())
    hanas = market.apply(hana, by_mona.id, ApplicationCreate())
    assert (monas.status, monas.decided_how) == ("applied", None)
    assert (hanas.status, hanas.decided_how) == ("applied", None)
    colins = market.apply(persona_ctx(team_db, org, "colleague"), by_hr.id, ApplicationCreate())
    assert (colins.status, colins.decided_how) == ("approved", "rule")  # Mona's rule, for Colin
    with pytest.raises(Forbidden):
        market.approve(mona, monas.id)
    assert [a.id for a in market.approval_queue(mona)] == [hanas.id]  # as poster; not her own
    assert market.approve(hana, monas.id).decided_how == "hr"
    # An opportunity that needs no approval takes people at once, but not one who manages it
    # (HR manages them all): they could have switched its approval off themselves.
    at_once = market.post_opportunity(mona, rotation(publish=True, needs_approval=False))
    assert market.apply(hana, at_once.id, ApplicationCreate()).status == "applied"
    otto = market.apply(persona_ctx(team_db, org, "outsider"), at_once.id, ApplicationCreate())
    assert (otto.status, otto.decided_how) == ("approved", "open")


def test_changing_the_terms_after_approvals_sends_them_back_for_a_decision(
    team_db: Database,
) -> None:
    org = make_org(team_db)
    mona = persona_ctx(team_db, org, "manager")
    market.add_rule(
        mona,
        RuleCreate(team_id=org.team_a, max_share_of_time=10, max_weeks=4, kinds=["shadowing"]),
    )
    small = {"kind": "shadowing", "role": "Pricing analyst", "share_of_time": 10, "weeks": 2}
    small |= {"capacity": 2, "publish": True}
    opp = _posted(team_db, org, **small)
    by_rule = market.apply(persona_ctx(team_db, org, "owner"), opp, ApplicationCreate())
    by_hand = market.approve(persona_ctx(team_db, org, "hr"), _apply(team_db, org, "outsider", opp))
    assert (by_rule.decided_how, by_hand.decided_how) == ("rule", "hr")
    assert market.get_opportunity(mona, opp).status == "filled"

    # A new title and capacity: the approvals stand.
    kept = market.edit_opportunity(
        mona,
        opp,
        OpportunityUpdate(
            **rotation(**(small | {"title": "Shadow us", "capacity": 3})).model_dump()
        ),
    )
    assert (kept.changed, kept.opportunity.approved) == ([], 2)
    assert kept.notice() == "Saved: Shadow us."

    # Within the rule still (three weeks): Olivia is approved again; Otto waits for HR again.
    longer = market.edit_opportunity(
        mona, opp, OpportunityUpdate(**rotation(**(small | {"weeks": 3})).model_dump())
    )
    assert (longer.changed, longer.waiting, longer.approved_again) == (
        ["duration"],
        ["Otto Outsider"],
        ["Olivia Owner"],
    )
    assert longer.notice() == (
        "Saved: Pricing analytics rotation. Its duration changed, so the approvals given before "
        "no longer hold: Otto Outsider waits for a decision again; Olivia Owner is approved "
        "again at once."
    )
    market.approve(persona_ctx(team_db, org, "hr"), by_hand.id)

    # The bait and switch: a two-week shadowing becomes a full-time rotation for two years.
    switched = market.edit_opportunity(
        mona,
        opp,
        OpportunityUpdate(
            **rotation(
                **(small | {"kind": "rotation", "share_of_time": 100, "weeks": 104})
            ).model_dump()
        ),
    )
    assert switched.changed == ["kind", "share of time", "duration"]
    assert sorted(switched.waiting) == ["Olivia Owner", "Otto Outsider"]
    seen = market.get_opportunity(mona, opp)
    assert (seen.status, seen.approved) == ("open", 0)
    assert {(a.status, a.decided_how) for a in seen.applications} == {("applied", None)}
    with pytest.raises(Conflict, match="Nobody is approved"):
        market.start_opportunity(mona, opp)
    assert {a.person_name for a in market.approval_queue(mona)} == {"Olivia Owner", "Otto Outsider"}

    # Skills, criteria and switching approval on count too; switching it off does not.
    market.approve(mona, by_rule.id)
    terms: dict[str, Any] = small | {"kind": "rotation", "share_of_time": 100, "weeks": 104}
    for change, changed in (
        ({"offered_skills": [SkillNeedIn(name="On-call", level=2)]}, ["skills"]),
        ({"success_criteria": "Runs the incident review alone."}, ["success criteria"]),
        ({"needs_approval": False}, []),
        ({"needs_approval": True}, ["approval"]),
    ):
        terms |= change
        edited = market.edit_opportunity(
            mona, opp, OpportunityUpdate(**rotation(**terms).model_dump())
        )
        assert (edited.changed, edited.waiting) == (changed, ["Olivia Owner"] if changed else [])
        if changed:
            market.approve(mona, by_rule.id)
