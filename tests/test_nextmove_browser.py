"""The next-moves page in Chromium at a phone's width and a laptop's: each suggestion, its score
and its reasons stay on screen; the link from /moves leads there."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from microstep.services import moves, people
from microstep.services.moves_schemas import MoveCreate
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings
from microstep.store.db import open_database
from tests.browser import chromium_page, served

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("MICROSTEP_SHOTS")


@pytest.mark.parametrize("width", [390, 1280])
def test_next_moves_read_well_at_phone_and_laptop_widths(
    tmp_path: Path, sqlite_taxonomy_template: Path, width: int
) -> None:
    path = tmp_path / "b.sqlite"
    shutil.copy(sqlite_taxonomy_template, path)
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{path}")
    db = open_database(settings.resolved_database_url())
    goal = ObjectiveCreate(title="Product manager", horizon=date.today() + timedelta(300))
    people.init_person(db, PersonSetup(name="Ana", objective=goal), settings=settings)
    ctx = people.personal_context(db, settings=settings)
    moves.add_move(ctx, MoveCreate(role="Data analyst", start_date=date(2024, 1, 1), kind="hire"))
    with served(settings, db) as base, chromium_page(width, 900) as page:
        page.goto(f"{base}/moves")
        page.click("text=Suggested next moves")
        page.wait_for_selector("#next-moves .next-item")
        assert page.url.endswith("/next-moves")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/next_moves_{width}.png", full_page=True)
        items = page.locator(".next-item")
        assert items.count() == 5
        for i in range(items.count()):
            box = items.nth(i).bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width + 1, box
            assert items.nth(i).locator(".next-reasons li").count() >= 1
        page.click("text=3")
        page.wait_for_url("**/next-moves?top=3")
        assert page.locator(".next-item").count() == 3
