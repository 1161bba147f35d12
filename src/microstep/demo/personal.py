"""A personal-mode demo: Maya, aiming at Senior Data Analyst, with 12 weeks of micro-goals."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from microstep.core.goals import GoalKind, GoalPolicy, GoalStatus
from microstep.demo.evidence import build_evidence_demo
from microstep.demo.market import build_market_demo
from microstep.demo.moves import build_moves_demo
from microstep.demo.portfolio import build_portfolio_demo
from microstep.demo.practice import build_practice_demo
from microstep.demo.reflection import build_reflection_demo
from microstep.demo.reviews import build_reviews_demo
from microstep.demo.taxonomy import build_taxonomy_demo
from microstep.services.context import Context
from microstep.store import queries
from microstep.store.db import Database

WEEKS = 12


@dataclass(frozen=True)
class SkillPlan:
    """A demo skill: where Maya started, where she is, where she aims."""

    name: str
    start: int
    now: int
    target: int
    evidence: str


@dataclass(frozen=True)
class GoalIdea:
    """A believable micro-goal for one skill."""

    title: str
    metric: str | None
    target: float | None
    unit: str | None
    done_when: str | None
    kind: GoalKind
    effort: float


SKILLS = (
    SkillPlan("SQL window functions", 2, 3, 4, "Rewrote the churn report with window functions"),
    SkillPlan("Python (pandas)", 2, 3, 4, "Automated the weekly export cleaning"),
    SkillPlan("Data visualisation", 2, 3, 4, "New KPI chart adopted by the sales team"),
    SkillPlan("Stakeholder communication", 1, 2, 4, "Weekly summaries to the product lead"),
    SkillPlan("Experiment design", 1, 2, 3, "Power calculation for the onboarding test"),
    SkillPlan("Data modelling (dbt)", 1, 1, 3, "Completed the dbt fundamentals course"),
    SkillPlan("Presenting insights", 1, 2, 4, "Presented the Q3 retention deep-dive"),
    SkillPlan("Mentoring", 0, 1, 2, "Pairing with the new analyst on SQL"),
)

L, V, R = GoalKind.LEARNING, GoalKind.VISIBILITY, GoalKind.RELATIONSHIP
IDEAS: dict[str, tuple[GoalIdea, ...]] = {
    "SQL window functions": (
        GoalIdea("Rewrite 3 monthly reports with window functions", "reports", 3, None, None, L, 3),
        GoalIdea("Solve 5 practice puzzles on running totals", "puzzles", 5, None, None, L, 2),
        GoalIdea("Cut the churn query runtime below 30 s", "runtime", 30, "s", None, L, 4),
    ),
    "Python (pandas)": (
        GoalIdea("Replace 2 spreadsheet steps with a pandas script", "steps", 2, None, None, L, 4),
        GoalIdea("Write tests for 4 data-cleaning functions", "functions", 4, None, None, L, 3),
    ),
    "Data visualisation": (
        GoalIdea(
            "Redesign the weekly KPI chart",
            None,
            None,
            None,
            "Two teammates say it reads faster than the old one",
            L,
            3,
        ),
        GoalIdea(
            "Annotate 3 dashboards with one-line takeaways", "dashboards", 3, None, None, V, 2
        ),
    ),
    "Stakeholder communication": (
        GoalIdea(
            "Send a 5-bullet summary after the Thursday review", "summaries", 1, None, None, V, 1
        ),
        GoalIdea(
            "Ask 2 stakeholders one question about the sales dashboard",
            "answers",
            2,
            None,
            None,
            R,
            1,
        ),
    ),
    "Experiment design": (
        GoalIdea(
            "Compute the sample size for the onboarding test",
            None,
            None,
            None,
            "Priya checks the numbers and signs off",
            L,
            3,
        ),
        GoalIdea(
            "Read 2 chapters on A/B test pitfalls and write notes", "chapters", 2, None, None, L, 3
        ),
    ),
    "Data modelling (dbt)": (
        GoalIdea("Build 1 staging model with tests in dbt", "models", 1, None, None, L, 4),
    ),
    "Presenting insights": (
        GoalIdea(
            "Present one chart at the team meeting in 3 minutes", "minutes", 3, "min", None, V, 2
        ),
        GoalIdea(
            "Rehearse the retention story twice with a timer", "rehearsals", 2, None, None, L, 1
        ),
    ),
    "Mentoring": (
        GoalIdea("Pair 30 minutes with the new analyst on SQL", "minutes", 30, "min", None, R, 1),
    ),
}
DROP_REASONS = (
    "The dashboard was retired before I got to it",
    "Priorities moved to the quarterly report",
    "Too big for one week: split it instead",
)


def build_personal_demo(
    db: Database,
    *,
    today: date | None = None,
    seed: int = 7,
    weeks: int = WEEKS,
    with_taxonomy: bool = True,
) -> str | None:
    """Fill an empty database with `weeks` of Maya's history; None if someone is set up.

    Without the taxonomy, her skills stay unlinked and the market has no postings."""
    today = today or date.today()
    rng = random.Random(seed)
    with db.transaction() as session:
        if queries.get_local_person(session=session) is not None:
            return None
        start = today - timedelta(weeks=weeks)
        person = queries.add_person(
            session=session, name="Maya Okafor", is_local=True, now=_at(start, 9)
        )
        objective = queries.add_objective(
            session=session,
            person_id=person.id,
            now=_at(start, 9),
            title="Senior Data Analyst",
            kind="role",
            horizon=today + timedelta(days=270),
            status="active",
            note="Lead analyses end to end and present them to the leadership team.",
        )
        skill_ids = _skills(session, person.id, objective.id, start, today, rng)
        count = _goals(session, person.id, objective.id, skill_ids, start, today, rng, weeks)
        _respect_wip(session, person.id)
        person_id = person.id
    ctx = Context(db=db, person_id=person_id, today=today)
    sessions = build_practice_demo(ctx, skill_ids=skill_ids, start=start, seed=seed)
    builders = (
        build_taxonomy_demo,
        build_evidence_demo,
        build_reflection_demo,
        build_reviews_demo,
        build_portfolio_demo,
        build_market_demo,
        build_moves_demo,
    )
    extras = [
        build(ctx, start=start, seed=seed)
        for build in builders
        if with_taxonomy or build not in (build_taxonomy_demo, build_market_demo)
    ]
    parts = ", ".join(part for part in extras if part)
    return (
        f"Maya Okafor, 1 objective, {len(SKILLS)} skills, {count} micro-goals, "
        f"{sessions} practice sessions{', ' + parts if parts else ''} over {weeks} weeks"
    )


def _respect_wip(
    session: Session, person_id: int, limit: int = GoalPolicy().max_active - 1
) -> None:
    """Keep the demo under the default WIP limit, one slot free for the newcomer's own goal."""
    active = queries.list_goals(session=session, person_id=person_id, statuses=["active"])
    for row in list(active)[limit:]:
        row.status, row.started_at = GoalStatus.PLANNED.value, None


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _skills(
    session: Session,
    person_id: int,
    objective_id: int,
    start: date,
    today: date,
    rng: random.Random,
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for plan in SKILLS:
        row = queries.add_skill(
            session=session,
            person_id=person_id,
            now=_at(start, 10),
            name=plan.name,
            name_key=plan.name.casefold(),
            current_level=plan.now,
            target_level=plan.target,
            evidence=plan.evidence,
            objective_id=objective_id,
        )
        queries.add_level_change(
            session=session,
            skill_id=row.id,
            now=_at(start, 10),
            from_level=None,
            to_level=plan.start,
            note="added to the map",
        )
        for level in range(plan.start + 1, plan.now + 1):
            day = start + timedelta(days=rng.randint(20, (today - start).days - 3))
            queries.add_level_change(
                session=session,
                skill_id=row.id,
                now=_at(day, 17),
                from_level=level - 1,
                to_level=level,
                note=plan.evidence,
            )
        ids[plan.name] = row.id
    return ids


def _goals(
    session: Session,
    person_id: int,
    objective_id: int,
    skill_ids: dict[str, int],
    start: date,
    today: date,
    rng: random.Random,
    weeks: int,
) -> int:
    count, open_titles = 0, set[str]()
    for week in range(weeks + 1):
        monday = start + timedelta(days=7 * week - start.weekday())
        for _ in range(rng.randint(2, 4)):
            created = max(start, monday + timedelta(days=rng.randint(0, 2)))
            if created > today:
                continue
            name, idea = _pick(rng, open_titles if (today - created).days <= 12 else set())
            _goal(session, person_id, objective_id, skill_ids[name], idea, created, today, rng)
            count += 1
    return count


def _goal(
    session: Session,
    person_id: int,
    objective_id: int,
    skill_id: int,
    idea: GoalIdea,
    created: date,
    today: date,
    rng: random.Random,
) -> None:
    due = created + timedelta(days=rng.randint(3, 10))
    if (today - created).days <= 12:  # the current fortnight: still open, due around now
        due = max(created + timedelta(days=1), today + timedelta(days=rng.randint(-1, 7)))
    status, started, finished, outcome, note = _fate(idea, created, due, today, rng)
    queries.add_goal(
        session=session,
        person_id=person_id,
        now=_at(created, 8),
        title=idea.title,
        metric=idea.metric,
        target_value=idea.target,
        unit=idea.unit,
        done_when=idea.done_when,
        effort_hours=idea.effort,
        due=due,
        kind=idea.kind.value,
        status=status.value,
        objective_id=objective_id if rng.random() < 0.3 else None,
        skill_id=skill_id,
        started_at=started,
        finished_at=finished,
        outcome_value=outcome,
        outcome_note=note,
    )


def _pick(rng: random.Random, taken: set[str]) -> tuple[str, GoalIdea]:
    """A skill and a goal idea, avoiding a second open goal with the same title."""
    while True:
        name = rng.choice(list(IDEAS))
        idea = rng.choice(IDEAS[name])
        if idea.title not in taken:
            taken.add(idea.title)
            return name, idea


def _fate(
    idea: GoalIdea, created: date, due: date, today: date, rng: random.Random
) -> tuple[GoalStatus, datetime | None, datetime | None, float | None, str | None]:
    """Recent goals are still open; older ones mostly done, a few dropped."""
    started = _at(created, 9)
    if due >= today - timedelta(days=1):
        return GoalStatus.ACTIVE, started, None, None, None
    if rng.random() < 0.12:
        return GoalStatus.DROPPED, started, _at(due, 18), None, rng.choice(DROP_REASONS)
    finished = _at(min(today, due + timedelta(days=rng.randint(-3, 1))), 17)
    finished = max(finished, _at(created, 12))
    outcome = (
        None
        if idea.target is None
        else float(round(idea.target * rng.choice((0.67, 1.0, 1.0, 1.2))))
    )
    return GoalStatus.DONE, started, finished, outcome, None
