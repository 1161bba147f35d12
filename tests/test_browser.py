"""A person adds a micro-goal through the form in real Chromium and sees it on the dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser import chromium_page, person_with_skill, served

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a real SQLite file with Ana and her SQL skill, served by uvicorn."""
    with served(*person_with_skill(tmp_path, "Senior data analyst", "SQL")) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[object]:
    """A phone-sized Chromium page."""
    with chromium_page(390, 844) as opened:
        yield opened


def test_adding_a_goal_through_the_form_shows_it_on_the_dashboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/goals/new")
    page.fill("[name=title]", "get better at Excel")
    page.locator("[name=title]").press("Tab")
    check = page.locator("#goal-check")
    check.get_by_text("not a micro-goal yet").wait_for()
    page.fill("[name=title]", "Write 3 SQL window-function queries")
    page.fill("[name=metric]", "queries")
    page.fill("[name=target_value]", "3")
    page.fill("[name=due]", (date.today() + timedelta(days=4)).isoformat())
    page.select_option("[name=skill_id]", label="SQL (2 → 4)")
    page.click("#goal-submit")
    page.wait_for_url(f"{server}/")
    assert "Goal added" in page.locator("#flash").inner_text()
    active = page.locator("#active-goals")
    assert "Write 3 SQL window-function queries" in active.inner_text()
