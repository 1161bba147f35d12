"""Succession in Chromium: HR marks a role critical from the page and sees its candidates, at a
phone's width and a laptop's (the chart and each candidate's reasons stay on screen)."""

from __future__ import annotations

import os

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from tests.browser import chromium_page, served
from tests.test_matching_browser import sign_in_as
from tests.test_succession_service import seed

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("MICROSTEP_SHOTS")  # a folder to keep screenshots in, when set


@pytest.mark.parametrize("width", [390, 1280])
def test_hr_marks_a_role_critical_and_sees_its_candidates(
    team_settings: Settings, team_db: Database, width: int
) -> None:
    seeded = seed(team_db, mark=False)
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(width, 900) as page:
        sign_in_as(page, base, seeded.org, "hr")
        page.goto(f"{base}/analytics/succession")
        page.wait_for_selector("#no-roles")
        page.fill("#mark-role", "Product manager")
        page.fill("#mark-note", "Owns the roadmap")
        page.click("#mark-submit")
        page.wait_for_selector(f"#candidates-{seeded.pm}")
        assert "Product manager is now a critical role." in page.inner_text("#flash")
        row = page.locator(f"#candidates-{seeded.pm} tbody tr").first
        assert "Olivia Owner" in row.inner_text()
        assert "Ready now" in row.inner_text()
        assert "a 3-month rotation as Product manager: met" in row.inner_text()
        box = row.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= width + 1
        chart = page.locator("#bench-chart").bounding_box()
        assert chart is not None
        assert chart["x"] + chart["width"] <= width + 1
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/succession_{width}.png", full_page=True)
        page.click(f"#unmark-{seeded.pm}")
        page.wait_for_selector("#no-roles")
        assert "Product manager is no longer a critical role." in page.inner_text("#flash")
