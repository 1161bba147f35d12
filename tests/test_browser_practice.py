"""A newcomer's first micro-skill in real Chromium: define, timer, log, quick-log to mastery."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.browser import chromium_page, person_with_skill, served

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]
PAUSE = "Pause three seconds before answering"
STORY = "Open with a one-sentence story"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a real SQLite file with Ana and one skill, served by uvicorn on a free port."""
    with served(*person_with_skill(tmp_path, "Team lead", "Public speaking")) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[object]:
    """A phone-sized Chromium page (Debian's chromium, driven by Playwright)."""
    with chromium_page(375, 812) as opened:
        yield opened


def define(page, definition: str, metric: str, threshold: str) -> None:  # type: ignore[no-untyped-def]
    """Fill in and submit the add-micro-skill form on /practice."""
    page.fill("#ms-definition", definition)
    page.fill("#ms-metric", metric)
    page.fill("#ms-unit", "per min")
    page.fill("#ms-threshold", threshold)
    with page.expect_navigation():
        page.click("#microskill-submit")


def flash(page) -> str:  # type: ignore[no-untyped-def]
    """The flash messages shown on the current page."""
    text: str = page.locator("#flash").inner_text()
    return text


def test_a_newcomer_practises_a_micro_skill_to_mastery_and_stacks_the_next(  # type: ignore[no-untyped-def]
    page, server: str
) -> None:
    page.goto(f"{server}/practice")
    assert "Define one below" in page.locator("#practice-empty").inner_text()
    define(page, PAUSE, "filler words", "2")
    assert f"Active: {PAUSE}" in flash(page)
    define(page, STORY, "seconds to the hook", "20")
    assert f"Queued: {STORY}" in flash(page)
    first = page.locator("#microskills .microskill", has_text=PAUSE)
    second = page.locator("#microskills .microskill", has_text=STORY)
    first_id = (first.get_attribute("id") or "").removeprefix("microskill-")
    second_id = (second.get_attribute("id") or "").removeprefix("microskill-")
    assert second.get_attribute("data-state") == "queued"

    # The timer, shortened to two seconds: it ends by itself and asks for value and rating.
    timer = page.get_attribute(f"#timer-link-{first_id}", "href")
    page.goto(f"{server}{timer}?seconds=2")
    assert page.locator("#timer-display").inner_text() == "00:02"
    assert page.locator("#timer-log").is_hidden()
    page.click("#timer-start")
    page.locator("#timer-log").wait_for(state="visible")
    assert page.locator("#timer-display").inner_text() == "00:00"
    assert page.input_value("#timer-minutes") == "1"
    page.fill("#timer-value", "3")
    with page.expect_navigation(url=f"{server}/practice"):
        page.click("#timer-log .ratings [data-rating=good]")
    assert re.search(
        rf"Logged 1 min on {PAUSE}; next session due (tomorrow|in \d days)\.", flash(page)
    )

    # Scheduled for a later day, and today's square of the calendar is filled in.
    assert page.locator(f"#due-{first_id}").inner_text() != "due today"
    today = page.locator(f'#practice-heatmap rect[data-day="{date.today().isoformat()}"]')
    assert today.get_attribute("data-minutes") == "1"
    assert page.locator("#streak").inner_text() == "1 day"

    # Quick-log: type the value and press a rating (or Enter, which logs it as Good).
    for value in ("1", "1.5", "1"):
        page.fill(f"#value-{first_id}", value)
        with page.expect_navigation():
            page.click(f"#quick-log-{first_id} .ratings [data-rating=good]")
        assert f"Logged 5 min on {PAUSE}" in flash(page)
    page.fill(f"#value-{first_id}", "0.5")
    with page.expect_navigation():
        page.press(f"#value-{first_id}", "Enter")
    assert f"Mastered! Next in the stack: {STORY}." in flash(page)
    assert first.get_attribute("data-state") == "mastered"
    assert second.get_attribute("data-state") == "active"
    assert page.locator(f"#quick-log-{second_id}").is_visible()

    # The next micro-skill is due today on the dashboard's practice card (loaded by htmx).
    page.goto(f"{server}/")
    assert STORY in page.locator("#practice-due").inner_text()

    # The learning curve shows every measured session, the trend and the threshold.
    page.goto(f"{server}/microskills/{first_id}")
    chart = page.locator("#curve-chart")
    assert chart.is_visible()
    assert chart.locator("circle.point").count() == 5
    assert chart.locator("circle.point.hit").count() == 4
    assert chart.locator("#trend-line").count() == 1
    assert chart.locator("#threshold-line").count() == 1
    assert page.locator("#journal tr.entry").count() == 5
