"""The organization demo (team mode): ten people whose weeks of history come from the personal
demo's generator (a different seed each), sharing some of it, in a study circle and a buddy
pair, with a mentor, an advisor's queue and a question asked across people; around them
colleagues in eight teams with their managers and objectives, five years of everyone's career
moves (imported as an HRIS history would be, leavers included), and the internal marketplace's
open opportunities. Everyone signs in with DEMO_PASSWORD.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from microstep.core.gap import name_key
from microstep.demo.cohorts import add_demo_cohort
from microstep.demo.opportunities import add_demo_opportunities
from microstep.demo.org_history import (
    COLLEAGUES,
    ROLES,
    Colleague,
    DemoHistory,
    demo_history,
    external_id,
    import_history,
    objective_for,
)
from microstep.demo.personal import build_personal_demo
from microstep.demo.succession import add_demo_critical_roles
from microstep.services import accounts, circles, coaching, inbox, sharing, taxonomy
from microstep.services.circles_schemas import CircleCreate, SharesUpdate
from microstep.services.coaching_schemas import CoachingCreate, CoachingSchedule
from microstep.services.context import Context
from microstep.services.inbox_schemas import ColleagueAsk
from microstep.services.sharing_schemas import ShareUpdate
from microstep.store import queries
from microstep.store import taxonomy as taxonomy_store
from microstep.store.db import Database
from microstep.store.models import Mentorship, Move, Person, Signal, SkillTarget, Team
from microstep.taxonomy.sources import OCCUPATION_PREFIX

DEMO_PASSWORD = "microstep demo"
DOMAIN = "demo.example"


@dataclass(frozen=True)
class Member:
    """One person of the demo organization."""

    key: str
    name: str
    team: str
    manages: str | None = None
    advisor: bool = False
    hr: bool = False


MEMBERS = (
    Member("hana", "Hana Haddad", "People", hr=True),
    Member("mona", "Mona Lindqvist", "Leadership", manages="Analytics"),
    Member("olivia", "Olivia Mensah", "Analytics"),
    Member("colin", "Colin Tran", "Analytics"),
    Member("amara", "Amara Singh", "Analytics"),
    Member("pete", "Pete Novak", "Leadership", manages="Platform"),
    Member("ravi", "Ravi Iyer", "Platform"),
    Member("sofia", "Sofia Rossi", "Platform"),
    Member("cleo", "Cleo Martin", "Customer Success", advisor=True),
    Member("dan", "Dan Okoro", "Customer Success"),
)


@dataclass(frozen=True)
class Aim:
    """Where a member heads (a role of the demo's taxonomy-linked roles, or their own words)
    and, for one whose work is not analysis, the skills of their map in the order the personal
    generator made them (name, evidence): the generator's analyst map fits analysts only."""

    objective: str
    skills: tuple[tuple[str, str], ...] = ()


PLATFORM_SKILLS = (
    ("Python", "Wrote the deploy health check the on-call rota now runs"),
    ("Cloud infrastructure (Terraform)", "Moved the staging stack to Terraform modules"),
    ("Monitoring and alerting", "Cut the paging alerts by a third without missing an incident"),
    ("Incident response", "Led the postmortem of the March database outage"),
    ("Kubernetes", "Set resource limits for the batch jobs"),
    ("Code review", "Reviews most of the platform's pull requests within a day"),
    ("Stakeholder communication", "Monthly platform update to the product leads"),
    ("Mentoring", "Pairs with the new developer on the deploy pipeline"),
)
SUPPORT_SKILLS = (
    ("Complaint handling", "Resolved the billing escalations of the spring release"),
    ("Customer ticketing (Zendesk)", "Rebuilt the ticket macros the team uses every day"),
    ("Active listening", "Praised by name in three customer surveys"),
    ("Product knowledge", "Wrote the help-centre article on invoices"),
    ("Stakeholder communication", "Weekly escalation summary to the product team"),
    ("Shift planning", "Drafted the holiday rota for the support desk"),
    ("Coaching conversations", "Onboarded two new representatives"),
    ("Mentoring", "Buddy to the newest hire on the desk"),
)
AIMS: dict[str, Aim] = {
    "hana": Aim(
        "Recruitment consultant",
        (
            ("Employment law", "Updated the contract templates after the leave-law change"),
            ("Recruitment interviewing", "Ran the structured interviews for the analyst hires"),
            ("Workforce planning", "Built next year's headcount plan with the finance team"),
            ("Compensation and benefits", "Ran the annual salary review"),
            ("Stakeholder communication", "Quarterly people update to the leadership team"),
            ("Conflict resolution", "Mediated two team disputes to an agreed plan"),
            ("HR analytics (spreadsheets)", "First attrition report by team"),
            ("Mentoring", "Mentors a new HR officer"),
        ),
    ),
    "mona": Aim("Product manager"),  # leads Analytics: an analyst's map fits
    "olivia": Aim("Senior Data Analyst"),  # the personal demo's story is hers
    "colin": Aim("ICT project manager"),
    "amara": Aim("Data scientist"),
    "pete": Aim("ICT project manager", PLATFORM_SKILLS),
    "ravi": Aim("Cloud engineer", PLATFORM_SKILLS),
    "sofia": Aim("Software architect", PLATFORM_SKILLS),
    "cleo": Aim(
        "Sales manager",
        (
            ("Customer journey mapping", "Mapped the onboarding journey with the product team"),
            ("Complaint handling", "Owns the escalations no one else can close"),
            ("Coaching conversations", "Coaches the support team every other week"),
            ("Negotiation", "Saved two renewals at risk with a revised plan"),
            ("Stakeholder communication", "Monthly customer health review with sales"),
            ("Sales forecasting", "Shadowed the renewal forecast with the sales manager"),
            ("Presenting insights", "Presented the churn reasons to the leadership team"),
            ("Mentoring", "Advisor to colleagues through the coaching queue"),
        ),
    ),
    "dan": Aim("Call centre supervisor", SUPPORT_SKILLS),
}
# What members share with their manager and mentors, their circles, and everyone.
WITH_MANAGER = ("skills", "goals", "checkins", "objectives", "moves")
KEEPS_GENERATED_MOVES = "olivia"  # the personal demo's moves tell an analyst's story: hers
WITH_CIRCLES = ("achievements", "reviews", "practice", "actions")


def email(key: str) -> str:
    """A demo person's sign-in email."""
    return f"{key}@{DOMAIN}"


def build_org_demo(
    db: Database, *, today: date | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, int] | None:
    """Fill an empty PostgreSQL database with the organization; None if it holds people."""
    today = today or date.today()
    with db.transaction() as session:
        if session.scalars(select(Person.id).limit(1)).first() is not None:
            return None
    if progress:
        progress("the public skills taxonomy (ESCO and O*NET)")
    # Loaded first, as a real deployment has it: next moves, matching and succession read it.
    taxonomy.ensure_taxonomy(db)
    ids: dict[str, int] = {}
    for seed, member in enumerate(MEMBERS, start=11):
        if progress:
            progress(member.name)
        ids[member.key] = _person_with_history(db, member, today=today, seed=seed)
    if progress:
        progress("colleagues and five years of career moves")
    history = demo_history(today)
    everyone = ids | _colleagues(db, history, today=today)
    _teams(db, everyone)
    import_history(db, history, today=today)
    for key in everyone:
        _share(db, everyone[key], today=today)
    _together(db, ids, today=today)
    if progress:
        progress("the marketplace")
    add_demo_opportunities(db, today=today)
    if progress:
        progress("a pilot cohort and critical roles")
    add_demo_cohort(db, today=today)
    add_demo_critical_roles(db, today=today)  # last: it records outcomes the others read
    return ids


def _person_with_history(db: Database, member: Member, *, today: date, seed: int) -> int:
    """Weeks of practice, goals and evidence, made by the personal generator, as an account."""
    build_personal_demo(db, today=today, seed=seed, with_taxonomy=False)
    with db.transaction() as session:
        person = session.scalars(select(Person).where(Person.is_local)).one()
        person.is_local = False
        person.name, person.email = member.name, email(member.key)
        person.password_hash = accounts.HASHER.hash(DEMO_PASSWORD)
        person.role = "hr_admin" if member.hr else "employee"
        person.is_advisor = member.advisor
        person.external_id = external_id(member.key)
        _vary_skills(queries.list_skills(session=session, person_id=person.id), seed)
        _aim(session, person.id, AIMS.get(member.key))
        if member.key != KEEPS_GENERATED_MOVES:  # the others' careers come from the history
            moves = select(Move.id).where(Move.person_id == person.id)
            session.execute(delete(Signal).where(Signal.move_id.in_(moves)))
            session.execute(delete(Move).where(Move.person_id == person.id))
        return person.id


def _aim(session: Session, person_id: int, aim: Aim | None) -> None:
    """The member's own objective (linked to its ESCO occupation when the taxonomy is loaded)
    and, for work other than analysis, a skill map of that work in place of the analyst's
    (the rows stay, with their levels and history, under new names)."""
    if aim is None:
        return
    for objective in queries.list_objectives(session=session, person_id=person_id)[:1]:
        objective.title = aim.objective
        objective.note = f"Heading for {aim.objective.lower()} from where I am now."
        link = ROLES.get(aim.objective)
        uri = OCCUPATION_PREFIX + link[0] if link else None
        found = uri and taxonomy_store.get_occupation(session=session, uri=uri)
        objective.occupation_uri = uri if found else None
    if not aim.skills:
        return
    rows = sorted(queries.list_skills(session=session, person_id=person_id), key=lambda r: r.id)
    for row, (name, evidence) in zip(rows, aim.skills, strict=False):
        row.name, row.name_key, row.esco_uri, row.evidence = name, name_key(name), None, evidence


def _colleagues(db: Database, history: DemoHistory, *, today: date) -> dict[str, int]:
    """The colleagues' accounts, each with an objective on their pathway."""
    now = datetime.combine(today - timedelta(weeks=12), datetime.min.time(), tzinfo=UTC)
    password = accounts.HASHER.hash(DEMO_PASSWORD)  # once: argon2 is slow on purpose
    ids = {}
    with db.transaction() as session:
        for colleague in COLLEAGUES:
            person = queries.add_person(
                session=session, name=colleague.name, is_local=False, now=now
            )
            person.email, person.password_hash = email(colleague.key), password
            person.external_id = external_id(colleague.key)
            queries.add_objective(
                session=session,
                person_id=person.id,
                now=now,
                title=objective_for(history.rows, colleague, today),
                kind="role",
                horizon=today + timedelta(days=365),
                status="active",
            )
            ids[colleague.key] = person.id
    return ids


def _vary_skills(rows: Iterable[SkillTarget], seed: int) -> None:
    """People differ: nudge each skill's levels (the generator gives everyone the same)."""
    rng = random.Random(seed)
    for row in rows:
        row.current_level = min(5, max(0, row.current_level + rng.choice((-1, 0, 0, 1, 2))))
        row.target_level = min(5, max(row.current_level, row.target_level + rng.choice((-1, 0, 1))))


def _teams(db: Database, ids: dict[str, int]) -> None:
    now = datetime.now(UTC)
    placed: list[Member | Colleague] = [*MEMBERS, *COLLEAGUES]
    with db.transaction() as session:
        teams = {}
        for name in sorted({m.team for m in placed} | {m.manages for m in placed if m.manages}):
            teams[name] = Team(name=name, created_at=now)
            session.add(teams[name])
        session.flush()
        for member in placed:
            session.execute(
                update(Person)
                .where(Person.id == ids[member.key])
                .values(team_id=teams[member.team].id)
            )
            if member.manages:
                teams[member.manages].manager_id = ids[member.key]
        session.add(Mentorship(mentee_id=ids["olivia"], mentor_id=ids["pete"], created_at=now))


def _ctx(db: Database, person_id: int, today: date) -> Context:
    return Context(db=db, person_id=person_id, today=today)


def _share(db: Database, person_id: int, *, today: date) -> None:
    ctx = _ctx(db, person_id, today)
    for kind in WITH_MANAGER:
        sharing.share_kind(ctx, kind, ShareUpdate(visibility="manager"))
    for kind in WITH_CIRCLES:
        sharing.share_kind(ctx, kind, ShareUpdate(visibility="circle"))


def _together(db: Database, ids: dict[str, int], *, today: date) -> None:
    """A study circle, a buddy pair, a question across people and an advisor's queue."""
    olivia, colin = _ctx(db, ids["olivia"], today), _ctx(db, ids["colin"], today)
    study = circles.create_circle(
        olivia,
        CircleCreate(
            name="Analysts' study circle",
            kind="study",
            member_ids=[ids["colin"], ids["amara"], ids["ravi"]],
        ),
    )
    buddies = circles.create_circle(
        _ctx(db, ids["sofia"], today),
        CircleCreate(name="Sofia & Dan", kind="buddy", member_ids=[ids["dan"]]),
    )
    everything = SharesUpdate(shares_progress=True, shares_wins=True, shares_ticks=True)
    for circle_id, keys in (
        (study.id, ("olivia", "colin", "amara", "ravi")),
        (buddies.id, ("sofia", "dan")),
    ):
        for key in keys:  # each member chooses to share with the circle they were added to
            circles.set_shares(_ctx(db, ids[key], today), circle_id, everything)
    inbox.ask_colleague(
        olivia,
        ColleagueAsk(
            responder_id=ids["colin"],
            about="the churn summary I sent on Monday",
            question="Which part of the churn summary would you cut to make it one page?",
        ),
    )
    asked = coaching.ask_coaching(
        olivia, CoachingCreate(topic="Moving from analyst to analytics engineer")
    )
    soon = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    coaching.schedule_request(
        _ctx(db, ids["cleo"], today), asked.id, CoachingSchedule(scheduled_for=soon)
    )
    coaching.ask_coaching(colin, CoachingCreate(topic="Is a team lead role right for me?"))
