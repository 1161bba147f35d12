"""Maya's demo postings: real ESCO skills the linker finds in their sentences, trends that read
the same for every seed, and a market page with something to say."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from microstep.core.market import Trend
from microstep.demo.market import DATA_ANALYST, POSTINGS, SKILLS, posting_days
from microstep.demo.personal import WEEKS, build_personal_demo
from microstep.services import market, people, taxonomy
from microstep.settings import Settings
from microstep.store import taxonomy as reference
from microstep.store.db import Database
from microstep.store.models import Objective
from tests.conftest import TODAY

pytestmark = pytest.mark.taxonomy

SQL, PYTHON, EXCEL, R, ML, MODELS = (SKILLS[i].uri for i in (0, 1, 6, 10, 7, 8))


def test_every_demo_skill_is_in_esco_and_found_in_its_sentences(db: Database) -> None:
    with db.transaction() as session:
        known = reference.get_skills(session=session, uris=[s.uri for s in SKILLS])
    assert set(known) == {s.uri for s in SKILLS}
    sentences = [(skill.uri, text) for skill in SKILLS for text in skill.sentences]
    found = taxonomy.extract_skills(db, [text for _, text in sentences], 15)
    hits = {
        uri
        for (uri, _), linked in zip(sentences, found, strict=True)
        if uri in {m.id for m in linked.matches}
    }
    assert hits == {s.uri for s in SKILLS}, "each demo skill is found in one of its sentences"


@pytest.mark.parametrize("seed", [7, 3])
def test_the_demo_market_reads_the_same_for_every_seed(db: Database, seed: int) -> None:
    assert build_personal_demo(db, today=TODAY, seed=seed) is not None
    ctx = people.personal_context(db, settings=Settings(), today=TODAY)
    with db.transaction() as session:
        [objective] = session.scalars(select(Objective)).all()
        assert objective.occupation_uri == DATA_ANALYST
    view = market.market_view(ctx)
    assert view.postings == POSTINGS
    assert view.first is not None
    assert (TODAY - view.first).days == WEEKS * 7
    assert view.last == TODAY
    trends = {s.id: s.trend for s in view.skills}
    assert trends[SQL] is Trend.STEADY
    assert {trends[PYTHON], trends[ML], trends[MODELS]} == {Trend.RISING}
    assert {trends[EXCEL], trends[R]} == {Trend.FALLING}
    assert view.skills[0].id == SQL
    assert view.technologies, "O*NET flags technologies for a data analyst"
    ranked = market.learn_next(ctx, top=5)
    assert len(ranked) == 5
    assert all(r.reasons[0].startswith(("named in", "O*NET")) for r in ranked)


def test_posting_days_split_evenly_around_the_trend_windows() -> None:
    start = TODAY.replace(day=1)
    days = posting_days(start, TODAY, 10)
    assert (days[0], days[-1]) == (start, TODAY)
    assert days == sorted(days)
