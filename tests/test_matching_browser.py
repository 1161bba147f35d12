"""Matching's tables in Chromium at a phone's width and a laptop's: every row's reasons (the
"Why") stay on screen, and a row stays short enough to read."""

from __future__ import annotations

import os
from typing import Any

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import SkillTarget
from tests.browser import chromium_page, served
from tests.team import PASSWORD, Org
from tests.test_matching_service import seed

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("MICROSTEP_SHOTS")  # a folder to keep screenshots in, when set


def sign_in_as(page: Any, base: str, org: Org, persona: str) -> None:
    """Start afresh (the account menu folds away on a phone) and sign in through the form."""
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#email", org.email(persona))
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#nav-account", state="attached")


def _on_screen(page: Any, table: str, width: int, name: str) -> None:
    """Each row of the table fits the viewport's width, its reasons included."""
    page.wait_for_selector(f"#{table}")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}_{width}.png", full_page=True)
    rows = page.locator(f"#{table} tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        box = row.bounding_box()
        reasons = row.locator(".match-reasons").bounding_box()
        assert box is not None
        assert reasons is not None
        assert reasons["x"] >= 0, (name, reasons)
        assert reasons["x"] + reasons["width"] <= width + 1, (name, reasons)
        assert box["x"] + box["width"] <= width + 1, (name, box)
        assert box["height"] < 600, (name, box)  # the review saw ~700 px rows at 390 px


@pytest.mark.parametrize("width", [390, 1280])
def test_matching_tables_stay_readable_at_phone_and_laptop_widths(
    team_settings: Settings, team_db: Database, width: int
) -> None:
    seeded = seed(team_db)
    with team_db.transaction() as session:
        for row in session.query(SkillTarget).all():
            row.visibility = "org"
    org = seeded.org
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(width, 900) as page:
        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/matching")
        _on_screen(page, "ranked-table", width, "matching")
        sign_in_as(page, base, org, "manager")
        page.goto(f"{base}/matching/opportunities/{seeded.rotation}")
        _on_screen(page, "candidate-table", width, "candidates")
        sign_in_as(page, base, org, "hr")
        page.goto(f"{base}/matching/assignment?run=1")
        _on_screen(page, "placement-table", width, "assignment")
        fills = page.locator("#fill-chart").bounding_box()
        assert fills is not None
        assert fills["x"] + fills["width"] <= width + 1
