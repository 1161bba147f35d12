"""Maya's market: 40 job postings for senior data analyst roles over the demo's twelve weeks.

Each posting is written from sentences that name ESCO skills, and its PostingSkill rows are the
skills those sentences name, so the demo needs neither the taxonomy nor the linker to be built.
How many postings of each half of the period name a skill is fixed, so the trends read the same
for every seed (Python, machine learning and dbt modelling rising; Excel and R falling); only
which postings, the wording and the companies are drawn from the seeded generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from microstep.services.context import Context
from microstep.store import market as store

POSTINGS = 40
SKILL = "http://data.europa.eu/esco/skill/"
DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"


@dataclass(frozen=True)
class DemoSkill:
    """An ESCO skill, the sentences that name it, and its share of postings early and late."""

    uri: str
    early: float
    late: float
    sentences: tuple[str, ...]


SKILLS = (
    DemoSkill(
        SKILL + "598de5b0-5b58-4ea7-8058-a4bc4d18c742",  # SQL
        0.85,
        0.85,
        (
            "Write SQL against our warehouse every day.",
            "Advanced SQL (window functions, CTEs) is a must.",
            "You are fluent in SQL.",
        ),
    ),
    DemoSkill(
        SKILL + "ccd0a1d9-afda-43d9-b901-96344886e14d",  # Python (computer programming)
        0.35,
        0.7,
        (
            "Automate recurring analyses in Python (pandas).",
            "Python for data wrangling is expected.",
        ),
    ),
    DemoSkill(
        SKILL + "c3e36d05-8ae8-447f-bb2b-6f9409f85389",  # deliver visual presentation of data
        0.55,
        0.6,
        (
            "Turn findings into clear data visualisation and dashboards.",
            "Strong data visualisation skills (Tableau or Looker).",
        ),
    ),
    DemoSkill(
        SKILL + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833",  # statistics
        0.45,
        0.45,
        ("A solid grasp of statistics.", "Statistics: confidence intervals and regression."),
    ),
    DemoSkill(
        SKILL + "477173ca-5fc2-406b-9122-95d92811f284",  # communicate with stakeholders
        0.4,
        0.5,
        (
            "Communicate with stakeholders across product, sales and finance.",
            "You will communicate with stakeholders every week.",
        ),
    ),
    DemoSkill(
        SKILL + "50b100ea-74fd-4706-99db-3e4ca55e51b8",  # perform data cleansing
        0.3,
        0.35,
        ("Own data cleansing for our messier sources.",),
    ),
    DemoSkill(
        SKILL + "1973c966-f236-40c9-b2d4-5d71a89019be",  # use spreadsheets software
        0.55,
        0.25,
        (
            "Use spreadsheets software (Excel) for quick models.",
            "Advanced spreadsheets software skills (Excel pivot tables and lookups).",
        ),
    ),
    DemoSkill(
        SKILL + "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43",  # machine learning
        0.05,
        0.3,
        ("Exposure to machine learning is a plus.", "Prototype simple machine learning models."),
    ),
    DemoSkill(
        SKILL + "fecf8a0d-62c4-4e71-9b03-0f4fc2ad7bf5",  # data models
        0.15,
        0.35,
        ("Build data models in dbt.", "Experience with data models (dbt, star schemas)."),
    ),
    DemoSkill(
        SKILL + "143769cb-b61e-47d8-a61e-eedfbec1016c",  # business intelligence
        0.3,
        0.25,
        ("Experience with business intelligence tools.",),
    ),
    DemoSkill(
        SKILL + "51586df8-1c46-4b47-8583-773cb63bf00b",  # R
        0.25,
        0.1,
        ("Knowledge of R is welcome.",),
    ),
    DemoSkill(
        SKILL + "d0f2f8a7-d935-4a6d-8e54-dcc3e5e2cbeb",  # present reports
        0.3,
        0.3,
        ("Present reports to the leadership team.",),
    ),
    DemoSkill(
        SKILL + "3ec2e4d6-7000-4905-bf1a-c5b1679416de",  # data warehouse
        0.2,
        0.25,
        ("Work with our cloud data warehouse (Snowflake).",),
    ),
    DemoSkill(
        SKILL + "382c11ed-20d5-4ae7-b60e-15fec527fa6c",  # apply statistical analysis techniques
        0.25,
        0.3,
        ("Apply statistical analysis techniques to A/B tests.",),
    ),
)
TITLES = (
    "Senior Data Analyst",
    "Data Analyst",
    "Senior Product Analyst",
    "BI Analyst",
    "Senior Data Analyst, Growth",
    "Analytics Engineer",
)
COMPANIES = (
    "Northwind",
    "Lumen Health",
    "Parcelly",
    "Brightside Energy",
    "Fernhill Retail",
    "Kestrel Bank",
    "Tidewater Logistics",
)
SOURCES = ("job board", "careers page", "recruiter email", "referral")
INTROS = (
    "{company} is hiring a {title} to help teams decide with data.",
    "Join {company} as {title} and own analyses end to end.",
    "{company} is looking for a {title} for a growing analytics team.",
)
OUTROS = (
    "Hybrid, three days in the office.",
    "Remote within the EU.",
    "Salary range shared in the first call.",
    "",
)


def build_market_demo(ctx: Context, *, start: date, seed: int = 7) -> str:
    """Add the postings (and aim an objective without a role at ESCO's data analyst)."""
    rng = random.Random(seed * 31 + 5)
    days = posting_days(start, ctx.today)
    named = skills_per_posting(rng, len(days))
    with ctx.db.transaction() as session:
        store.aim_unaimed_objectives(session=session, person_id=ctx.person_id, uri=DATA_ANALYST)
        for day, skills in zip(days, named, strict=True):
            title, company = rng.choice(TITLES), rng.choice(COMPANIES)
            row = store.add_posting(
                session=session,
                person_id=ctx.person_id,
                now=ctx.now(),
                posted_on=day,
                title=f"{title}, {company}",
                text=_text(rng, skills, title, company),
                source=rng.choice(SOURCES),
            )
            scores = {s.uri: round(rng.uniform(0.86, 1.0), 4) for s in skills}
            store.add_posting_skills(session=session, posting_id=row.id, skills=scores)
    return f"{len(days)} job postings"


def posting_days(start: date, today: date, count: int = POSTINGS) -> list[date]:
    """Evenly spread from `start` to `today`: the older half before the trend's split, the
    newer half after it (see core.market.trend_windows)."""
    span = (today - start).days
    return [start + timedelta(days=round(i * span / (count - 1))) for i in range(count)]


def skills_per_posting(rng: random.Random, count: int) -> list[list[DemoSkill]]:
    """Exactly round(share x half) postings of each half name each skill; at least one each."""
    half = count // 2
    named: list[list[DemoSkill]] = [[] for _ in range(count)]
    for skill in SKILLS:
        for share, indices in ((skill.early, range(half)), (skill.late, range(half, count))):
            for index in rng.sample(list(indices), round(share * len(indices))):
                named[index].append(skill)
    for skills in named:
        if not skills:
            skills.append(SKILLS[0])  # every real posting names at least one skill
    return named


def _text(rng: random.Random, skills: list[DemoSkill], title: str, company: str) -> str:
    intro = rng.choice(INTROS).format(company=company, title=title)
    body = [rng.choice(skill.sentences) for skill in skills]
    rng.shuffle(body)
    lines = [intro, "", "What you will do and bring:", *(f"- {line}" for line in body)]
    outro = rng.choice(OUTROS)
    return "\n".join([*lines, "", outro] if outro else lines)
