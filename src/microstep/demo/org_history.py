"""The demo organization's people beyond the ten with full histories, and five years of
everyone's career moves, fed through the history import like an HRIS export would be.

Roles are ESCO occupations (their preferred labels, capitalised as an organization writes
them), each with its O*NET-SOC code. Careers follow a few recurring pathways — an analyst
rotates into product, leads a project for a while, then becomes a product manager; a support
representative stretches into supervising the call centre, then manages customer experience —
with some noise (an extra gig or shadowing stint, a skipped step), so pathway mining has
sequences to find and the breadth-and-depth check has people to flag. Some people have left:
they appear in the history only, as the import names unknown ids ("Employee L003").
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select, update

from microstep.core.gap import name_key
from microstep.core.move_import import move_csv
from microstep.core.moves import MoveFact, current_role, role_key
from microstep.services import move_import
from microstep.store import queries
from microstep.store import sharing as sharing_store
from microstep.store.db import Database
from microstep.store.models import Person, Role
from microstep.taxonomy.sources import OCCUPATION_PREFIX

YEARS = 5
# Title -> (ESCO occupation UUID, O*NET-SOC code or None): real entries of ESCO 1.1.1 / O*NET 29.3.
ROLES: dict[str, tuple[str, str | None]] = {
    "Data analyst": ("d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", "15-1243.01"),
    "Data scientist": ("258e46f9-0075-4a2e-adae-1ff0477e0f30", "15-2051.00"),
    "Chief data officer": ("e297ec12-4712-40a4-ad98-ba004cacb205", "11-1011.00"),
    "Business analyst": ("60082a99-d8ef-4e84-9290-78902681b6ed", "13-1111.00"),
    "Product manager": ("9f508305-80ce-4111-8722-f2c9b4a44890", "11-2021.00"),
    "ICT project manager": ("8b6388a4-4904-471b-9331-d3b1211f5525", "15-1299.09"),
    "User experience analyst": ("faed411a-f920-4100-86a8-b877928b429c", None),
    "Software developer": ("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "15-1252.00"),
    "Software tester": ("106f79e4-6264-45f1-9e7a-297435cd684b", "15-1253.00"),
    "Software architect": ("d0aa0792-4345-474b-9365-686cf4869d2e", "15-1252.00"),
    "Cloud engineer": ("349ee6f6-c295-4c38-9b98-48765b55280e", "15-1299.08"),
    "ICT operations manager": ("f0ca39a8-1e30-487c-95f9-ef2d5e734adc", "11-3021.00"),
    "Customer service representative": ("13d1b2b4-99dd-44da-9734-c9f74bae18f7", "43-4051.00"),
    "Call centre supervisor": ("6aa78e46-ce22-421f-8a75-e915ac63c9d0", "41-1012.00"),
    "Customer experience manager": ("9c9752b7-3e3b-4a08-8553-b63a013f8072", "43-1011.00"),
    "Commercial sales representative": ("14031d4a-6e99-442f-b4fe-18262b6432b2", "41-3091.00"),
    "Sales account manager": ("2eac08c2-a81a-46fc-8d75-eb0e0f3e0f6d", "11-2022.00"),
    "Sales manager": ("a7594892-ff23-4e2a-aedf-2f967ebca15c", "11-2022.00"),
    "Accountant": ("eda0d957-3c3c-4139-b89a-a18bc9e18897", "13-2011.00"),
    "Financial analyst": ("8d586ee9-0ab1-4155-a3b0-2ca786c8e48c", "13-2051.00"),
    "Financial controller": ("5e5b1b61-1351-4d3b-a293-deb3661715dd", "11-3031.01"),
    "Human resources officer": ("d3e32e5e-7f24-48e3-b939-e4f800eb62fb", "11-3121.00"),
    "Human resources manager": ("f605bcd2-90b6-45a0-a558-d05016d68a77", "11-3121.00"),
    "Recruitment consultant": ("068370e0-9c27-4814-87d0-44fbb3140815", "13-1071.00"),
}

# What each role works with: skill -> the level the role asks for (the marketplace's demo
# opportunities ask for and offer several of these, so matching has something to go on).
ROLE_SKILLS: dict[str, dict[str, int]] = {
    "Data analyst": {"SQL window functions": 3, "Data visualisation": 3, "Python (pandas)": 2},
    "Data scientist": {"Python (pandas)": 4, "Experiment design": 3, "SQL window functions": 3},
    "Chief data officer": {"Stakeholder communication": 4, "Mentoring": 3},
    "Business analyst": {"SQL window functions": 2, "Presenting insights": 3},
    "Product manager": {"Stakeholder communication": 4, "Experiment design": 2},
    "ICT project manager": {"Stakeholder communication": 3, "Mentoring": 2},
    "User experience analyst": {"Presenting insights": 3, "Experiment design": 2},
    "Software developer": {"Python (pandas)": 3, "Data modelling (dbt)": 2},
    "Software tester": {"Python (pandas)": 2, "SQL window functions": 1},
    "Software architect": {"Data modelling (dbt)": 3, "Mentoring": 3},
    "Cloud engineer": {"Python (pandas)": 3, "Data modelling (dbt)": 1},
    "ICT operations manager": {"Mentoring": 3, "Stakeholder communication": 3},
    "Customer service representative": {"Stakeholder communication": 2},
    "Call centre supervisor": {"Mentoring": 2, "Stakeholder communication": 3},
    "Customer experience manager": {"Stakeholder communication": 4, "Presenting insights": 3},
    "Commercial sales representative": {"Stakeholder communication": 3},
    "Sales account manager": {"Stakeholder communication": 4, "Presenting insights": 3},
    "Sales manager": {"Mentoring": 3, "Presenting insights": 3},
    "Accountant": {"Data visualisation": 1, "SQL window functions": 1},
    "Financial analyst": {"Data visualisation": 3, "SQL window functions": 2},
    "Financial controller": {"Stakeholder communication": 3, "Presenting insights": 3},
    "Human resources officer": {"Stakeholder communication": 3},
    "Human resources manager": {"Mentoring": 3, "Stakeholder communication": 4},
    "Recruitment consultant": {"Stakeholder communication": 3, "Presenting insights": 2},
}
# Colleagues who keep their skill map to their manager: most people who want an internal move
# share theirs with the organization, so matching (and HR's assignment) can consider them.
KEEP_TO_MANAGER = frozenset({"lena", "hiro", "julia"})

Step = tuple[str, str, int | None]  # kind, role, weeks (None: a lasting change)


@dataclass(frozen=True)
class Pathway:
    """A recurring route: a hire, then steps toward the role it is named after."""

    name: str
    steps: tuple[Step, ...]

    @property
    def target(self) -> str:
        """The role the route leads to."""
        return self.steps[-1][1]


PATHWAYS: dict[str, Pathway] = {
    p.name: p
    for p in (
        Pathway(
            "analyst to product",
            (
                ("hire", "Data analyst", None),
                ("rotation", "Product manager", 12),
                ("temp_lead", "ICT project manager", 16),
                ("promotion", "Product manager", None),
            ),
        ),
        Pathway(
            "analyst to data science",
            (
                ("hire", "Data analyst", None),
                ("gig", "Data scientist", 6),
                ("stretch", "Data scientist", 12),
                ("promotion", "Data scientist", None),
            ),
        ),
        Pathway(
            "business analysis to projects",
            (
                ("hire", "Business analyst", None),
                ("rotation", "ICT project manager", 12),
                ("promotion", "ICT project manager", None),
            ),
        ),
        Pathway(
            "support to customer experience",
            (
                ("hire", "Customer service representative", None),
                ("stretch", "Call centre supervisor", 8),
                ("temp_lead", "Call centre supervisor", 12),
                ("promotion", "Customer experience manager", None),
            ),
        ),
        Pathway(
            "testing to development",
            (
                ("hire", "Software tester", None),
                ("stretch", "Software developer", 10),
                ("lateral", "Software developer", None),
            ),
        ),
        Pathway(
            "development to architecture",
            (
                ("hire", "Software developer", None),
                ("shadowing", "Software architect", 4),
                ("gig", "Cloud engineer", 6),
                ("promotion", "Software architect", None),
            ),
        ),
        Pathway(
            "sales to accounts",
            (
                ("hire", "Commercial sales representative", None),
                ("shadowing", "Sales account manager", 4),
                ("stretch", "Sales account manager", 10),
                ("promotion", "Sales account manager", None),
            ),
        ),
        Pathway(
            "accounting to analysis",
            (
                ("hire", "Accountant", None),
                ("rotation", "Financial analyst", 10),
                ("lateral", "Financial analyst", None),
            ),
        ),
        Pathway(
            "people operations",
            (
                ("hire", "Human resources officer", None),
                ("gig", "Recruitment consultant", 6),
                ("promotion", "Human resources manager", None),
            ),
        ),
    )
}
DETOURS: tuple[Step, ...] = (
    ("gig", "User experience analyst", 6),
    ("shadowing", "Product manager", 3),
    ("gig", "Data analyst", 4),
    ("shadowing", "Cloud engineer", 3),
)
NEXT_ROLE = {  # what people who finished a pathway aim at next
    "Product manager": "ICT project manager",
    "Data scientist": "Chief data officer",
    "ICT project manager": "Product manager",
    "Customer experience manager": "Sales manager",
    "Software developer": "Software architect",
    "Software architect": "ICT operations manager",
    "Sales account manager": "Sales manager",
    "Financial analyst": "Financial controller",
    "Human resources manager": "Recruitment consultant",
}


@dataclass(frozen=True)
class Colleague:
    """An account of the demo organization beyond the ten with full personal histories."""

    key: str
    name: str
    team: str
    pathway: str
    manages: str | None = None


COLLEAGUES = (
    Colleague("priya", "Priya Shah", "Leadership", "analyst to product", manages="Product"),
    Colleague("tomas", "Tomás Ferreira", "Product", "analyst to product"),
    Colleague("grace", "Grace Kim", "Product", "analyst to product"),
    Colleague("yusuf", "Yusuf Demir", "Product", "business analysis to projects"),
    Colleague("lena", "Lena Vogel", "Product", "business analysis to projects"),
    Colleague("omar", "Omar Haddad", "Product", "analyst to product"),
    Colleague("ines", "Inès Laurent", "Platform", "development to architecture"),
    Colleague("kwame", "Kwame Boateng", "Platform", "testing to development"),
    Colleague("mei", "Mei Chen", "Platform", "testing to development"),
    Colleague("lucas", "Lucas Almeida", "Platform", "development to architecture"),
    Colleague("nadia", "Nadia Petrova", "Data Science", "analyst to data science"),
    Colleague(
        "jonas", "Jonas Berg", "Leadership", "analyst to data science", manages="Data Science"
    ),
    Colleague("aisha", "Aisha Bello", "Data Science", "analyst to data science"),
    Colleague("rosa", "Rosa Jiménez", "Customer Success", "support to customer experience"),
    Colleague("ben", "Ben Carter", "Customer Success", "support to customer experience"),
    Colleague("hiro", "Hiro Tanaka", "Customer Success", "support to customer experience"),
    Colleague("zara", "Zara Ahmed", "Customer Success", "support to customer experience"),
    Colleague("marco", "Marco Bianchi", "Leadership", "sales to accounts", manages="Sales"),
    Colleague("chloe", "Chloé Dubois", "Sales", "sales to accounts"),
    Colleague("sam", "Sam Wilson", "Sales", "sales to accounts"),
    Colleague("elif", "Elif Yilmaz", "Sales", "sales to accounts"),
    Colleague("noah", "Noah Fischer", "Sales", "sales to accounts"),
    Colleague("vera", "Vera Novak", "Leadership", "accounting to analysis", manages="Finance"),
    Colleague("arjun", "Arjun Mehta", "Finance", "accounting to analysis"),
    Colleague("julia", "Julia Sousa", "Finance", "accounting to analysis"),
    Colleague("felix", "Felix Wagner", "People", "people operations"),
)
LEAVERS = 40  # people who left: in the history only
# The ten with full histories: their moves, written out (Olivia keeps the personal demo's).
MEMBER_HISTORY: dict[str, tuple[tuple[str, str, int, int | None], ...]] = {
    # key: (kind, role, weeks ago it started, weeks it lasted or None)
    "hana": (
        ("hire", "Human resources officer", 250, None),
        ("gig", "Recruitment consultant", 160, 6),
        ("promotion", "Human resources manager", 110, None),
    ),
    "mona": (
        ("hire", "Data scientist", 255, None),
        ("temp_lead", "Chief data officer", 150, 16),
        ("promotion", "Chief data officer", 120, None),
    ),
    "colin": (
        ("hire", "Data analyst", 200, None),
        ("rotation", "Product manager", 100, 12),
        ("temp_lead", "ICT project manager", 8, 16),
    ),
    "amara": (
        ("hire", "Data analyst", 110, None),
        ("gig", "Data scientist", 50, 6),
        ("stretch", "Data scientist", 6, 12),
    ),
    "pete": (
        ("hire", "Software developer", 258, None),
        ("shadowing", "Software architect", 200, 4),
        ("promotion", "Software architect", 150, None),
        ("temp_lead", "ICT operations manager", 80, 20),
        ("promotion", "ICT operations manager", 52, None),
    ),
    "ravi": (
        ("hire", "Software tester", 190, None),
        ("stretch", "Software developer", 120, 10),
        ("lateral", "Software developer", 95, None),
        ("shadowing", "Cloud engineer", 3, 6),
    ),
    "sofia": (
        ("hire", "Software developer", 150, None),
        ("gig", "Cloud engineer", 60, 6),
        ("shadowing", "Software architect", 20, 4),
    ),
    "cleo": (
        ("hire", "Customer service representative", 240, None),
        ("stretch", "Call centre supervisor", 170, 8),
        ("temp_lead", "Call centre supervisor", 130, 12),
        ("promotion", "Customer experience manager", 100, None),
    ),
    "dan": (
        ("hire", "Customer service representative", 75, None),
        ("shadowing", "Call centre supervisor", 20, 4),
    ),
}


def external_id(key: str) -> str:
    """The HRIS id a demo account is known by (the history names people by it)."""
    return f"ms-{key}"


@dataclass(frozen=True)
class HistoryRow:
    """One row of the demo's move history."""

    person: str
    role: str
    start: date
    end: date | None
    kind: str


def member_rows(today: date) -> Iterator[HistoryRow]:
    """The written-out moves of the ten with full histories."""
    for key, moves in MEMBER_HISTORY.items():
        for kind, role, ago, weeks in moves:
            start = today - timedelta(weeks=ago)
            end = start + timedelta(weeks=weeks) if weeks is not None else None
            yield HistoryRow(external_id(key), role, start, end, kind)


def pathway_rows(
    person: str, pathway: Pathway, *, hired: date, until: date, rng: random.Random
) -> list[HistoryRow]:
    """A person's walk along a pathway from `hired`, stopping at `until` (today, or the day
    they left); now and then a detour or a skipped step."""
    rows: list[HistoryRow] = []
    day = hired
    steps = list(pathway.steps)
    for index, (kind, role, weeks) in enumerate(steps):
        if index and rng.random() < 0.2:
            detour_kind, detour_role, detour_weeks = rng.choice(DETOURS)
            if day < until:
                back = day + timedelta(weeks=detour_weeks or 4)
                rows.append(HistoryRow(person, detour_role, day, back, detour_kind))
                day = back + timedelta(weeks=rng.randrange(4, 20))
        if 0 < index < len(steps) - 1 and rng.random() < 0.12:
            continue  # this one skipped a step
        if day >= until:
            break
        end = day + timedelta(weeks=weeks) if weeks is not None else None
        rows.append(HistoryRow(person, role, day, end, kind))
        day = (end or day) + timedelta(weeks=rng.randrange(12, 44))
    return rows


@dataclass(frozen=True)
class DemoHistory:
    """The history's rows, and who has left."""

    rows: list[HistoryRow]
    leavers: list[str]  # external ids

    def csv(self) -> bytes:
        """The history as an HRIS export would give it."""
        lines = move_csv((r.person, r.role, r.start, r.end, r.kind) for r in self.rows)
        return "".join(lines).encode("utf-8")


def demo_history(today: date, *, seed: int = 5) -> DemoHistory:
    """Five years of moves of everyone in the demo organization, leavers included."""
    rng = random.Random(seed)
    first = today - timedelta(weeks=52 * YEARS)
    rows = list(member_rows(today))
    for colleague in COLLEAGUES:
        hired = first + timedelta(weeks=rng.randrange(0, 52 * YEARS - 40))
        rows += pathway_rows(
            external_id(colleague.key),
            PATHWAYS[colleague.pathway],
            hired=hired,
            until=today,
            rng=rng,
        )
    leavers = []
    names = sorted(PATHWAYS)
    for number in range(1, LEAVERS + 1):
        person = f"L{number:03d}"
        hired = first + timedelta(weeks=rng.randrange(0, 52 * 3))
        left = hired + timedelta(weeks=rng.randrange(80, 180))
        walked = pathway_rows(
            person, PATHWAYS[names[number % len(names)]], hired=hired, until=left, rng=rng
        )
        rows += [_ended(row, left) for row in walked]
        leavers.append(person)
    return DemoHistory(rows=rows, leavers=leavers)


def _ended(row: HistoryRow, left: date) -> HistoryRow:
    """A leaver's move, ended by the day they left at the latest."""
    end = min(row.end or left, left)
    return HistoryRow(row.person, row.role, row.start, max(end, row.start), row.kind)


def objective_for(rows: Sequence[HistoryRow], colleague: Colleague, today: date) -> str:
    """Where a colleague is heading: their pathway's role, or the next one once there."""
    target = PATHWAYS[colleague.pathway].target
    person = external_id(colleague.key)
    facts = [MoveFact(r.kind, r.role, r.start, r.end) for r in rows if r.person == person]
    if current_role(facts, today) == target:
        return NEXT_ROLE.get(target, target)
    return target


def import_history(db: Database, history: DemoHistory, *, today: date) -> None:
    """Feed the history through the import service; leavers' records close; roles get their
    taxonomy links even when the taxonomy is not loaded (the demo knows them)."""
    now = datetime.combine(today, time(8, 0), tzinfo=UTC)
    move_import.import_moves(db, io.BytesIO(history.csv()), name="The demo history", now=now)
    with db.transaction() as session:
        session.execute(
            update(Person).where(Person.external_id.in_(history.leavers)).values(is_active=False)
        )
        known = {role_key(title): link for title, link in ROLES.items()}
        for role in session.scalars(select(Role).where(Role.occupation_uri.is_(None))):
            if role.title_key in known:
                uuid, code = known[role.title_key]
                role.occupation_uri = OCCUPATION_PREFIX + uuid
                role.onet_code, role.link_score = code, 1.0


def share_skill_maps(db: Database, *, today: date) -> int:
    """The colleagues' skill maps: what the roles they held work with (a little worn for roles
    left behind) and, as targets linked to their objective, what the role they head for asks.
    All but a few share the map and the objective with the organization (they want an internal
    move); those few keep both to their manager. Once: a colleague with a skill map already is
    left as they are. How many share with the organization."""
    rows = demo_history(today).rows
    now = datetime.combine(today, time(8, 0), tzinfo=UTC)
    ids = [external_id(c.key) for c in COLLEAGUES]
    with db.transaction() as session:
        people = {
            p.external_id: p.id
            for p in session.scalars(select(Person).where(Person.external_id.in_(ids)))
        }
        shared = 0
        for seed, colleague in enumerate(COLLEAGUES):
            person_id = people.get(external_id(colleague.key))
            if person_id is None or queries.list_skills(session=session, person_id=person_id):
                continue
            scope = "manager" if colleague.key in KEEP_TO_MANAGER else "org"
            objectives = queries.list_objectives(session=session, person_id=person_id)
            objective = objectives[0] if objectives else None  # the active one comes first
            held = _levels(rows, colleague, today, seed)
            wanted = ROLE_SKILLS.get(objective.title if objective else "", {})
            for name in sorted(set(held) | set(wanted)):
                level = held.get(name, 0)
                target = max(level, wanted.get(name, 0), 1)
                queries.add_skill(
                    session=session,
                    person_id=person_id,
                    now=now,
                    objective_id=objective.id if objective and target > level else None,
                    name=name,
                    name_key=name_key(name),
                    current_level=level,
                    target_level=target,
                    visibility=scope,
                )
            for kind in ("skills", "objectives"):
                sharing_store.set_default(
                    session=session, person_id=person_id, kind=kind, visibility=scope
                )
            if objective is not None:
                objective.visibility = scope
            shared += scope == "org"
    return shared


def _levels(
    rows: Sequence[HistoryRow], colleague: Colleague, today: date, seed: int
) -> dict[str, int]:
    """skill -> level, from the roles a colleague held (those left behind a little worn)."""
    rng = random.Random(seed)
    person = external_id(colleague.key)
    facts = [MoveFact(r.kind, r.role, r.start, r.end) for r in rows if r.person == person]
    now_in = current_role(facts, today)
    levels: dict[str, int] = {}
    for fact in facts:
        worn = 0 if fact.role == now_in else 1
        for name, level in ROLE_SKILLS.get(fact.role, {}).items():
            varied = min(5, max(1, level - worn + rng.choice((-1, 0, 0, 1))))
            levels[name] = max(levels.get(name, 0), varied)
    return levels
