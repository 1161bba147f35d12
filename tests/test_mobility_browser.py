"""HR in Chromium, at a phone's width and a laptop's: /analytics shows its charts, a cohort is
added with the form, and its page shows the forest plot and the readout, all on screen."""

from __future__ import annotations

import os
from typing import Any

import pytest

from microstep.settings import Settings
from microstep.store.db import Database
from tests.browser import chromium_page, served
from tests.test_matching_browser import sign_in_as
from tests.test_mobility_service import START, build

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("MICROSTEP_SHOTS")  # a folder to keep screenshots in, when set


def _fits(page: Any, selector: str, width: int) -> None:
    """The element is drawn, with a size, inside the viewport's width."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["width"] > 50, (selector, box)
    assert box["height"] > 20, (selector, box)
    assert box["x"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= width + 1, (selector, box)


@pytest.mark.parametrize("width", [390, 1280])
def test_hr_sees_the_mobility_charts_and_a_cohort_comparison(
    team_settings: Settings, team_db: Database, width: int
) -> None:
    world = build(team_db)
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(width, 900) as page:
        sign_in_as(page, base, world.org, "hr")
        page.goto(f"{base}/analytics")
        for chart in ("#year-rate-chart", "#year-short-chart", "#team-chart"):
            _fits(page, chart, width)
        assert "95% CI" in page.locator("#mobility-headline").inner_text()
        page.select_option("#target", label="Product manager (" + _count(page) + ")")
        page.click("#mobility-filter button")
        page.wait_for_selector("#fig-target")
        assert "Product manager" in page.locator("#fig-target").inner_text()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/analytics_{width}.png", full_page=True)
        page.goto(f"{base}/analytics/cohorts")
        page.fill("#name", "Rotation pilot")
        page.fill("#start_date", START.isoformat())
        page.fill("#members", "\n".join(f"c{i}@example.org" for i in range(0, 24, 2)))
        page.click("#cohort-form button[type=submit]")
        page.wait_for_selector("#forest-plot")
        _fits(page, "#forest-plot", width)
        readout = page.locator("#cohort-readout").inner_text()
        assert "Not randomised" in readout
        assert "caused" not in readout
        assert page.locator("#forest-plot .mb-outcome").count() == 4
        _no_line_through_text(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/cohort_{width}.png", full_page=True)


def _count(page: Any) -> str:
    """How many people the picker says moved into Product manager."""
    text: str = page.locator("#target option", has_text="Product manager").inner_text()
    return text.rsplit("(", 1)[1].rstrip(")")


def _no_line_through_text(page: Any) -> None:
    """No zero line of the forest plot crosses any of its text (labels, figures, the axis)."""
    lines = [
        page.locator("#forest-plot .mb-zero").nth(i).bounding_box()
        for i in range(page.locator("#forest-plot .mb-zero").count())
    ]
    texts = [
        page.locator("#forest-plot text").nth(i).bounding_box()
        for i in range(page.locator("#forest-plot text").count())
    ]
    assert lines
    assert texts
    for line in lines:
        for text in texts:
            apart = (
                line["x"] + line["width"] < text["x"]
                or text["x"] + text["width"] < line["x"]
                or line["y"] + line["height"] <= text["y"]
                or text["y"] + text["height"] <= line["y"]
            )
            assert apart, (line, text)
