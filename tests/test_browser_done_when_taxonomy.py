"""Issue 5's done-when in Chromium: a person picks a target occupation by typing, sees the gap
with real ESCO skills, imports job postings and sees what the market asks for, as a chart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from microstep.services import skills
from tests.browser import chromium_page, person_with_skill, served

pytestmark = pytest.mark.browser

POSTINGS = """date,title,text
2026-09-02,Data analyst,"Write SQL queries, build dashboards and present findings to stakeholders."
2026-09-20,Data analyst,"Strong statistics and SQL; data visualisation skills required."
2026-10-05,Analyst,"Use Python for data analysis and communicate with stakeholders weekly."
2026-10-28,Senior analyst,"SQL, statistics and machine learning; mentor junior analysts."
2026-11-09,BI analyst,"Data visualisation in dashboards, SQL, and present reports to managers."
"""


@pytest.fixture
def server(tmp_path: Path, sqlite_taxonomy_template: Path) -> Iterator[str]:
    """Ana aiming at 'Senior data analyst' with SQL on her map; ESCO loaded, linkers warm."""
    shutil.copy(sqlite_taxonomy_template, tmp_path / "b.sqlite")
    settings, db = person_with_skill(tmp_path, "Senior data analyst", "SQL")
    skills.suggest_skills(db, "warm up")
    skills.suggest_roles(db, "warm up")
    with served(settings, db) as url:
        yield url


def test_pick_a_role_see_the_gap_and_the_market(server: str, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    with chromium_page(1280, 900) as page:
        page.goto(f"{server}/objectives")
        picker = page.locator("#occupation-1-text")
        picker.press_sequentially("data analyst")
        page.locator("#occupation-1-list [role=option]", has_text="data analyst").first.wait_for()
        picker.press("ArrowDown")
        picker.press("Enter")
        assert picker.input_value() == "data analyst"
        page.get_by_role("button", name="Set target occupation").click()
        page.locator("#gap-title").get_by_text("Skill gap · data analyst").wait_for()
        assert "now aims at the ESCO occupation 'data analyst'" in page.inner_text("#flash")
        top = page.locator("#gap-top")
        assert top.locator("li").count() >= 3
        page.screenshot(path=str(tmp_path / "gap.png"), full_page=True)

        page.goto(f"{server}/market")
        page.set_input_files("#import-file", str(postings))
        page.click("#import-button")
        page.locator("#demand svg").first.wait_for()
        demand = page.inner_text("#demand")
        assert "SQL" in demand
        assert "statistics" in demand
        assert page.locator("#next li").count() >= 1
        page.screenshot(path=str(tmp_path / "market.png"), full_page=True)
