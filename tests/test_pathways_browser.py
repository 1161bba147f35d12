"""HR picks a target role in Chromium and sees how people got there: the flow diagram and the
sequences, readable on a phone (the diagram scrolls inside its card, the page does not) and on
a laptop; then the congestion page's routes."""

from __future__ import annotations

import os

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from tests.browser import chromium_page, served
from tests.test_matching_browser import sign_in_as
from tests.test_pathways_service import LEAD, seed

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("MICROSTEP_SHOTS")  # a folder to keep screenshots in, when set


@pytest.fixture(autouse=True)
def no_recommendations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Next-move recommendations stay out of the known truth."""
    from microstep.services import pathways

    monkeypatch.setattr(pathways, "_recommended", lambda session, history: ({}, False))


@pytest.mark.parametrize("width", [390, 1280])
def test_hr_picks_a_target_and_sees_the_flow_diagram(
    team_settings: Settings, team_db: Database, width: int
) -> None:
    seeded = seed(team_db)
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(width, 900) as page:
        sign_in_as(page, base, seeded.org, "hr")
        page.goto(f"{base}/analytics/pathways")
        page.select_option("#target", label=f"{LEAD} (40 people reached it)")
        page.click("#show-pathways")
        page.wait_for_selector("#flow-chart")
        assert page.locator("#reached").inner_text() == "40"
        assert page.locator("#flow-chart .pw-link").count() >= 3
        assert page.locator("#sequence-table tbody tr").count() >= 2
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/pathways_{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow
        figure = page.locator("#flow-figure").bounding_box()
        assert figure is not None
        assert figure["x"] >= 0
        assert figure["x"] + figure["width"] <= width + 1
        # the target column is in view first; on a phone a hint says the rest scrolls
        target = page.locator("#flow-chart .pw-node.is-target").bounding_box()
        assert target is not None
        assert figure["x"] <= target["x"] <= figure["x"] + figure["width"]
        hint = page.locator("#flow-scroll-hint")
        assert hint.is_visible() == (width < 900)
        assert (page.locator("#flow-chart .pw-count").first.text_content() or "").endswith("people")
        page.click(f"text=Alternate routes to {LEAD}")
        page.wait_for_selector("#route-list .pw-route")
        assert "via Consultant instead." in page.locator("#route-list").inner_text()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/congestion_{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, overflow
