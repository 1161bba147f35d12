"""Market alignment's use cases on both engines: Ana imports postings for 'Senior data analyst',
sees what they name most and which way it goes, O*NET's flags for her role, and what to learn."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from microstep.core.market import Trend
from microstep.errors import InvalidInput, NotFound
from microstep.services import market, skills
from microstep.services.context import Context
from microstep.services.schemas import SkillCreate
from microstep.store import market as store
from microstep.store.models import JobPosting, Objective, PostingSkill, SkillTarget
from tests.conftest import TODAY

pytestmark = pytest.mark.taxonomy

OCCUPATION = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
DATA_ANALYST = OCCUPATION + "d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
SQL = SKILL + "598de5b0-5b58-4ea7-8058-a4bc4d18c742"
R_LANGUAGE = SKILL + "51586df8-1c46-4b47-8583-773cb63bf00b"
DATA_MINING = SKILL + "25f0ea33-b4a2-4f31-b7b4-7d20e827b180"  # essential for a data analyst
BUSINESS_INTELLIGENCE = SKILL + "143769cb-b61e-47d8-a61e-eedfbec1016c"  # essential too


def day(ago: int) -> str:
    return (TODAY - timedelta(days=ago)).isoformat()


def seeded_csv() -> bytes:
    """24 postings over 120 days: SQL in all, data mining only lately, R only early on."""
    rows = ["date,title,text,source"]
    for index in range(24):
        recent = index % 2 == 0
        ago = index * 2 + (0 if recent else 60)
        parts = ["We need SQL every day."]
        if recent:
            parts.append("Data mining is part of the job.")
        else:
            parts.append("Knowledge of R is required.")
        if index % 3 == 0:
            parts.append("Business intelligence experience helps.")
        rows.append(f'{day(ago)},Data analyst {index},"{" ".join(parts)}",board')
    return ("\n".join(rows) + "\n").encode()


def aim(ctx: Context, uri: str = DATA_ANALYST) -> None:
    """Point Ana's objective at an ESCO occupation (the gap room owns the real command)."""
    with ctx.db.transaction() as session:
        session.execute(update(Objective).values(occupation_uri=uri))


def counts(ctx: Context) -> tuple[int, int]:
    with ctx.db.transaction() as session:
        postings = session.scalar(select(func.count()).select_from(JobPosting)) or 0
        links = session.scalar(select(func.count()).select_from(PostingSkill)) or 0
        return postings, links


def test_import_stores_postings_and_their_skills_once(ctx: Context) -> None:
    summary = market.import_postings(ctx, seeded_csv(), name="/home/ana/Downloads/jobs.csv")
    assert (summary.name, summary.postings, summary.duplicates) == ("jobs.csv", 24, 0)
    assert summary.first == TODAY - timedelta(days=106)
    assert summary.last == TODAY
    assert summary.top[0] == "SQL"
    assert summary.skills >= 4
    assert counts(ctx) == (24, summary.links)
    again = market.import_postings(ctx, seeded_csv(), name="jobs.csv")
    assert (again.postings, again.duplicates, again.links) == (0, 24, 0)
    assert counts(ctx) == (24, summary.links)
    [newest, *_] = market.list_postings(ctx, limit=5)
    assert (newest.posted_on, newest.title, newest.source) == (TODAY, "Data analyst 0", "board")
    assert newest.skills >= 2


def test_a_text_file_takes_the_default_day_and_names_its_source(ctx: Context) -> None:
    text = b"Title: Analyst\nWe need SQL.\n---\nDate: 2026-10-01\nData mining and SQL.\n"
    summary = market.import_postings(ctx, text, name="notes.txt", default_date=date(2026, 11, 2))
    assert summary.postings == 2
    listed = market.list_postings(ctx)
    assert [(p.posted_on, p.source, p.title) for p in listed] == [
        (date(2026, 11, 2), "notes.txt", "Analyst"),
        (date(2026, 10, 1), "notes.txt", None),
    ]


def test_a_bad_row_names_its_line_and_stores_nothing(ctx: Context) -> None:
    data = seeded_csv() + b"2026-11-31,Bad,Nope,board\n"
    with pytest.raises(InvalidInput) as caught:
        market.import_postings(ctx, data, name="jobs.csv")
    assert (
        caught.value.message
        == "jobs.csv line 26: the date 2026-11-31 is not a day of the calendar."
    )
    assert counts(ctx) == (0, 0)
    with pytest.raises(InvalidInput, match="has no 'date' column"):
        market.import_postings(ctx, b"when,text\n2026-11-01,SQL\n", name="jobs.csv")
    with pytest.raises(InvalidInput, match="in the future"):
        market.import_postings(ctx, b"SQL\n", name="a.txt", default_date=TODAY + timedelta(1))
    assert counts(ctx) == (0, 0)


def test_a_failure_halfway_through_leaves_nothing_behind(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    original = store.add_posting_skills

    def flaky(**kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        original(**kwargs)

    monkeypatch.setattr(store, "add_posting_skills", flaky)
    with pytest.raises(RuntimeError):
        market.import_postings(ctx, seeded_csv(), name="jobs.csv")
    assert counts(ctx) == (0, 0)


def test_market_view_counts_trends_and_the_role(ctx: Context) -> None:
    aim(ctx)
    market.import_postings(ctx, seeded_csv(), name="jobs.csv")
    view = market.market_view(ctx)
    assert view.postings == 24
    by_id = {s.id: s for s in view.skills}
    sql = by_id[SQL]
    assert (sql.label, sql.count, sql.share, sql.trend) == ("SQL", 24, 1.0, Trend.STEADY)
    assert by_id[DATA_MINING].trend is Trend.RISING
    assert by_id[DATA_MINING].relation == "essential"
    assert by_id[R_LANGUAGE].trend is Trend.FALLING
    assert view.skills[0].id == SQL
    assert sum(m.postings for m in view.months) == 24
    assert sum(sql.months) == 24
    assert view.windows is not None
    assert view.windows.recent_postings + view.windows.before_postings == 24
    assert view.role is not None
    assert (view.role.objective_title, view.role.occupation_label) == (
        "Senior data analyst",
        "data analyst",
    )
    assert view.role.onet_code is not None  # the ESCO to O*NET map chooses it by title
    names = [t.name for t in view.technologies]
    assert "Microsoft Excel" in names
    excel = next(t for t in view.technologies if t.name == "Microsoft Excel")
    assert excel.in_demand
    assert excel.hot
    assert all(t.hot or t.in_demand for t in view.technologies)
    assert view.technologies[0].in_demand  # In Demand first
    assert "1.5 times" in view.trend_rule


def test_market_view_without_postings_or_role(ctx: Context) -> None:
    view = market.market_view(ctx)
    assert (view.postings, view.skills, view.months, view.windows) == (0, [], [], None)
    assert view.role is not None
    assert view.role.occupation_id is None
    assert view.technologies == []
    assert market.learn_next(ctx) == []
    with pytest.raises(NotFound, match=r"There is no objective #9\."):
        market.market_view(ctx, objective_id=9)
    with pytest.raises(InvalidInput, match="top must be between 1 and 50"):
        market.learn_next(ctx, top=0)


def test_learn_next_ranks_with_reasons(ctx: Context) -> None:
    aim(ctx)
    market.import_postings(ctx, seeded_csv(), name="jobs.csv")
    added = skills.add_skill(
        ctx, SkillCreate(name="Databases in SQL", current_level=2, target_level=4)
    )
    with ctx.db.transaction() as session:
        session.execute(update(SkillTarget).where(SkillTarget.id == added.id).values(esco_uri=SQL))
    ranked = market.learn_next(ctx, top=10)
    ids = [s.id for s in ranked]
    assert ids.index(DATA_MINING) < ids.index(R_LANGUAGE)  # essential and rising beats neither
    mining = next(s for s in ranked if s.id == DATA_MINING)
    assert mining.reasons == [
        "named in 12 of 24 postings (50%), rising",
        "essential for data analyst",
        "not on your map yet",
    ]
    assert mining.why.startswith("Named in 12 of 24 postings (50%), rising; essential")
    sql = next(s for s in ranked if s.id == SQL)
    assert sql.reasons[-1] == "you are at 2, aiming for 4"
    assert sql.gap.value == pytest.approx(2 / 3, abs=1e-3)
    for suggestion in ranked:
        assert suggestion.score == pytest.approx(
            suggestion.demand.value * suggestion.relevance.value * suggestion.gap.value, abs=1e-3
        )
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert len(market.learn_next(ctx, top=2)) == 2


def test_delete_one_posting_or_all(ctx: Context) -> None:
    market.import_postings(ctx, seeded_csv(), name="jobs.csv")
    first = market.list_postings(ctx)[0]
    assert market.delete_postings(ctx, first.id).deleted == 1
    with pytest.raises(NotFound, match=rf"There is no posting #{first.id}\."):
        market.delete_postings(ctx, first.id)
    assert counts(ctx)[0] == 23
    assert market.delete_postings(ctx).deleted == 23
    assert counts(ctx) == (0, 0)


def test_two_imports_of_one_file_at_once_store_it_once(ctx: Context) -> None:
    results: list[int] = []

    def run() -> None:
        results.append(market.import_postings(ctx, seeded_csv(), name="jobs.csv").postings)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 24]
    assert counts(ctx)[0] == 24
