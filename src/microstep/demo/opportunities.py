"""The demo organization's marketplace: most colleagues share their skill maps with the
organization (they want internal moves), open opportunities posted by its managers (and HR), a
few applications waiting in managers' queues, a standing auto-approve rule, one rotation
running, and one finished and reviewed so its outcome shows on the participant's skills.

Everything goes through the marketplace's own use cases, acting as the people who would do it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from microstep.demo.org_history import share_skill_maps
from microstep.errors import MicrostepError
from microstep.services import opportunities as market
from microstep.services.context import Context
from microstep.services.opportunities_schemas import (
    ApplicationCreate,
    Kind,
    OpportunityCreate,
    OpportunityReview,
    ParticipantOutcome,
    RuleCreate,
    SkillNeedIn,
)
from microstep.store.db import Database
from microstep.store.models import Opportunity, Person, Team


@dataclass(frozen=True)
class Spec:
    """One opportunity of the demo."""

    kind: Kind
    title: str
    description: str
    role: str
    share: int
    weeks: int
    capacity: int
    criteria: str
    required: tuple[tuple[str, int], ...]
    offered: tuple[tuple[str, int], ...]
    needs_approval: bool = True
    team: str | None = None  # the team whose manager posts it, where the organization has one


SPECS = (
    Spec(
        "rotation",
        "Pricing analytics rotation",
        "Two days a week with the pricing squad: build the elasticity view for renewals.",
        "Pricing analyst",
        40,
        6,
        2,
        "The renewal elasticity dashboard is live and used in the monthly pricing review.",
        (("SQL window functions", 3), ("Data visualisation", 2)),
        (("Experiment design", 3), ("Stakeholder communication", 3)),
        team="Analytics",
    ),
    Spec(
        "temp_lead",
        "Acting lead, data platform on-call",
        "Lead the on-call rota while the lead is on leave: triage, hand-overs, the weekly review.",
        "Data platform lead",
        50,
        8,
        1,
        "No incident waits more than a day for an owner; the weekly review runs every week.",
        (("Python (pandas)", 3),),
        (("Mentoring", 3), ("Stakeholder communication", 4)),
        team="Platform",
    ),
    Spec(
        "stretch",
        "Build the dbt model for churn",
        "Replace the hand-written churn queries with a tested dbt model the team can extend.",
        "Analytics engineer",
        20,
        4,
        1,
        "The churn model runs nightly with tests, and the churn report reads from it.",
        (("SQL window functions", 3),),
        (("Data modelling (dbt)", 3),),
        team="Data Science",
    ),
    Spec(
        "gig",
        "Customer interview synthesis",
        "Sit in on six customer interviews and write up the patterns for the product team.",
        "User researcher",
        10,
        3,
        3,
        "A two-page synthesis the product lead uses to pick next quarter's bets.",
        (),
        (("Presenting insights", 3), ("Stakeholder communication", 3)),
        needs_approval=False,
        team="Product",
    ),
    Spec(
        "shadowing",
        "Shadow the product analytics lead",
        "Join the product lead's planning meetings for a month and prepare one of them.",
        "Product analytics lead",
        10,
        4,
        2,
        "You prepare and run one planning meeting's analytics section yourself.",
        (("Presenting insights", 2),),
        (("Stakeholder communication", 3),),
        team="Product",
    ),
)
REVIEWED = Spec(
    "stretch",
    "Retention deep-dive for the board pack",
    "Own the retention section of the quarterly board pack.",
    "Senior data analyst",
    20,
    4,
    1,
    "The retention section is in the board pack with no rework requested.",
    (("SQL window functions", 2),),
    (("Presenting insights", 3),),
    team="Analytics",
)
RUNNING = Spec(
    "rotation",
    "Platform reliability rotation",
    "Three weeks with the platform team on alerting and runbooks.",
    "Site reliability engineer",
    30,
    6,
    1,
    "Every paging alert has a runbook the team has tried once.",
    (("Python (pandas)", 2),),
    (("Data modelling (dbt)", 2),),
    team="Platform",
)


@dataclass(frozen=True)
class Org:
    """Who posts and who applies in the demo organization."""

    posters: list[tuple[int, int | None]]  # (manager or HR id, their team id), first by team name
    by_team: dict[str, tuple[int, int]]  # team name -> (its manager, its id)
    people: list[tuple[int, int | None]]  # (employee id, their team id), by name
    hr: int | None
    has_opportunities: bool

    def poster(self, spec: Spec, i: int) -> tuple[int, int | None]:
        """Who posts it: the manager of the team it belongs to, else the next poster in turn."""
        if spec.team in self.by_team:
            return self.by_team[spec.team]
        return self.posters[i % len(self.posters)]


def add_demo_opportunities(db: Database, *, today: date) -> None:
    """Post the demo's opportunities and take a few through their lifecycle (once: nothing
    is added where opportunities exist already)."""
    org = _org(db)
    if not org.posters or not org.people or org.has_opportunities:
        return
    # People who want an internal move open their skill map to the organization, or matching
    # and HR's assignment have nobody to consider (a no-op outside the demo organization).
    share_skill_maps(db, today=today)
    posted = []
    for i, spec in enumerate(SPECS):
        poster, team = org.poster(spec, i)
        posted.append((_post(_ctx(db, poster, today), spec, team=team), team))
    _rule(db, org, today)
    _applications(db, org, posted, today)
    _reviewed(db, org, today)
    _running(db, org, today)


def _org(db: Database) -> Org:
    with db.transaction() as session:
        teams = session.execute(
            select(Team.manager_id, Team.id, Team.name)
            .where(Team.manager_id.is_not(None))
            .order_by(Team.name)
        ).all()
        managers = {m for m, _, _ in teams if m is not None}
        hr = session.scalars(
            select(Person.id).where(Person.role == "hr_admin", Person.is_active).order_by(Person.id)
        ).first()
        posted = session.scalars(select(Opportunity.id).limit(1)).first() is not None
        people = session.execute(
            select(Person.id, Person.team_id)
            .where(Person.is_active, Person.email.is_not(None), Person.role == "employee")
            .order_by(Person.name)
        ).all()
    posters: list[tuple[int, int | None]] = [(m, t) for m, t, _ in teams if m is not None]
    by_team = {name: (m, t) for m, t, name in teams if m is not None}
    if not posters and hr is not None:
        posters = [(hr, None)]
    employees = [(p, t) for p, t in people if p not in managers]
    return Org(posters=posters, by_team=by_team, people=employees, hr=hr, has_opportunities=posted)


def _ctx(db: Database, person_id: int, today: date) -> Context:
    return Context(db=db, person_id=person_id, today=today)


def _post(ctx: Context, spec: Spec, *, team: int | None, publish: bool = True) -> int:
    return market.post_opportunity(
        ctx,
        OpportunityCreate(
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            role=spec.role,
            team_id=team,
            share_of_time=spec.share,
            weeks=spec.weeks,
            capacity=spec.capacity,
            success_criteria=spec.criteria,
            needs_approval=spec.needs_approval,
            required_skills=[SkillNeedIn(name=n, level=lv) for n, lv in spec.required],
            offered_skills=[SkillNeedIn(name=n, level=lv) for n, lv in spec.offered],
            publish=publish,
        ),
    ).id


def _rule(db: Database, org: Org, today: date) -> None:
    """The first manager says yes in advance to small stretches for their team."""
    manager, team = org.posters[0]
    if team is not None:
        rule = RuleCreate(team_id=team, max_share_of_time=10, max_weeks=4, kinds=["shadowing"])
        market.add_rule(_ctx(db, manager, today), rule)


NOTES = (
    "I have been pricing renewals by hand and want to learn to do it properly.",
    "I want to try leading before I ask for a lead role.",
    "The churn queries are mine today; I would love to make them a real model.",
)


def _applications(
    db: Database, org: Org, posted: list[tuple[int, int | None]], today: date
) -> None:
    """People apply to other teams' opportunities; most wait for their manager."""
    for i, (person, team) in enumerate(org.people[: len(NOTES) + 2]):
        elsewhere = [o for o, t in posted if t != team] or [o for o, _ in posted]
        opportunity = elsewhere[i % len(elsewhere)]
        note = NOTES[i] if i < len(NOTES) else None
        try:
            market.apply(_ctx(db, person, today), opportunity, ApplicationCreate(note=note))
        except MicrostepError:
            continue  # filled already by an earlier demo application: fine


def _through(db: Database, org: Org, spec: Spec, *, started: date) -> tuple[int, int, int]:
    """Post, apply and approve as of `started`, then start: (opportunity, poster, person)."""
    poster, team = org.by_team.get(spec.team or "", org.posters[-1])
    person = next((p for p, t in org.people if t == team), org.people[-1][0])
    as_then = _ctx(db, poster, started)
    opportunity = _post(as_then, spec, team=team)
    applied = market.apply(_ctx(db, person, started), opportunity, ApplicationCreate())
    if applied.status != "approved":
        decider = _decider(db, org, person, poster)
        market.approve(_ctx(db, decider, started), applied.id)
    market.start_opportunity(as_then, opportunity)
    return opportunity, poster, person


def _decider(db: Database, org: Org, person: int, poster: int) -> int:
    """The applicant's manager, else HR, else the poster."""
    with db.transaction() as session:
        team = session.get(Person, person)
        found = session.get(Team, team.team_id) if team and team.team_id else None
    if found is not None and found.manager_id is not None:
        return found.manager_id
    return org.hr or poster


def _reviewed(db: Database, org: Org, today: date) -> None:
    """A stretch that ran two months ago, met its criteria and raised a skill."""
    started = today - timedelta(weeks=REVIEWED.weeks + 4)
    opportunity, poster, person = _through(db, org, REVIEWED, started=started)
    ended = today - timedelta(weeks=4)
    market.complete_opportunity(_ctx(db, poster, ended), opportunity)
    outcome = ParticipantOutcome(
        person_id=person, outcome="met", note="The board kept the retention section unchanged."
    )
    market.review_opportunity(
        _ctx(db, poster, ended), opportunity, OpportunityReview(outcomes=[outcome])
    )


def _running(db: Database, org: Org, today: date) -> None:
    """A rotation that started two weeks ago and is still running."""
    _through(db, org, RUNNING, started=today - timedelta(weeks=2))
