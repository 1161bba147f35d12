"""A person imports job postings on /market in real Chromium: the chart, the ranking, a bad file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from microstep.services import people, taxonomy
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings
from microstep.store.db import open_database
from microstep.store.models import Objective
from tests.browser import chromium_page, served

pytestmark = pytest.mark.browser

DATA_ANALYST = "http://data.europa.eu/esco/occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"


@pytest.fixture
def server(tmp_path: Path, sqlite_taxonomy_template: Path) -> Iterator[str]:
    """Ana aiming at ESCO's data analyst, on a SQLite file with the taxonomies loaded."""
    shutil.copy(sqlite_taxonomy_template, tmp_path / "b.sqlite")
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'b.sqlite'}")
    db = open_database(settings.resolved_database_url())
    objective = ObjectiveCreate(title="Senior data analyst", horizon=date.today() + timedelta(300))
    people.init_person(db, PersonSetup(name="Ana", objective=objective), settings=settings)
    with db.transaction() as session:
        session.execute(update(Objective).values(occupation_uri=DATA_ANALYST))
    taxonomy.linker(db, "skill")  # built before serving, so the first page is not a wait
    with served(settings, db) as url:
        yield url


def postings_file(folder: Path, bad: bool = False) -> Path:
    rows = ["date,title,text"]
    for index in range(6):
        day = (date.today() - timedelta(days=index * 9)).isoformat()
        rows.append(f'{day},Analyst {index},"We need SQL and statistics. Data mining helps."')
    if bad:
        rows.insert(3, "next week,Analyst,We need SQL.")
    path = folder / ("bad.csv" if bad else "jobs.csv")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_importing_postings_draws_the_chart_and_ranks_what_to_learn(
    server: str, tmp_path: Path
) -> None:
    with chromium_page(1280, 900) as page:
        page.goto(f"{server}/market")
        page.get_by_text("Import a few postings").wait_for()
        page.set_input_files("#import-file", str(postings_file(tmp_path, bad=True)))
        page.click("#import-button")
        error = page.locator("#form-error")
        error.wait_for()
        assert "bad.csv line 4: the date 'next week' is not YYYY-MM-DD." in error.inner_text()
        assert page.locator("#demand-chart").count() == 0

        page.set_input_files("#import-file", str(postings_file(tmp_path)))
        page.click("#import-button")
        page.locator("#flash").get_by_text("Imported 6 postings from jobs.csv").wait_for()
        assert page.locator("#demand-chart .mk-bar[data-skill='SQL']").count() == 1
        assert page.locator("#month-chart").is_visible()
        first = page.locator("#next .mk-next > li").first
        assert "essential for data analyst" in first.inner_text()
        assert page.locator("#onet [data-tech='Microsoft Excel']").count() == 1


def test_the_page_fits_a_phone(server: str, tmp_path: Path) -> None:
    with chromium_page(375, 812) as page:
        page.goto(f"{server}/market")
        page.set_input_files("#import-file", str(postings_file(tmp_path)))
        page.click("#import-button")
        page.locator("#demand-chart").wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
