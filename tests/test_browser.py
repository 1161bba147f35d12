"""A person adds a micro-goal through the form in real Chromium and sees it on the dashboard."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import uvicorn

from microstep.services import people, skills
from microstep.services.schemas import ObjectiveCreate, PersonSetup, SkillCreate
from microstep.settings import Settings
from microstep.store.db import open_database
from microstep.web.app import create_app
from tests.conftest import IN_CI

pytestmark = pytest.mark.browser
CHROMIUM = os.environ.get("MICROSTEP_CHROMIUM") or shutil.which("chromium") or ""
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a real SQLite file, served by uvicorn on a free local port."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'b.sqlite'}")
    db = open_database(settings.resolved_database_url())
    objective = ObjectiveCreate(title="Senior data analyst", horizon=date.today() + timedelta(300))
    people.init_person(db, PersonSetup(name="Ana", objective=objective), settings=settings)
    ctx = people.personal_context(db, settings=settings)
    skills.add_skill(ctx, SkillCreate(name="SQL", current_level=2, target_level=4))
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings, db), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    db.dispose()


@pytest.fixture
def page(server: str) -> Iterator[object]:
    """A Chromium page (Debian's chromium, driven by Playwright)."""
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("CI needs Debian's chromium for the browser test")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        yield context.new_page()
        browser.close()


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
