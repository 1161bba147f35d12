"""On a phone, a refused add-move form comes back where the person is looking: scrolled to the
form, its bad field focused and its error in view (not ~1,900 px down a page shown at the top)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import chromium_page, person_with_skill, served

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app on a real SQLite file with Ana, served by uvicorn."""
    with served(*person_with_skill(tmp_path, "Senior data analyst", "SQL")) as url:
        yield url


def test_a_refused_move_shows_its_error_in_view_on_a_phone(server: str) -> None:
    with chromium_page(390, 844) as page:
        page.goto(f"{server}/moves")
        page.select_option("#mv-kind", "gig")
        page.fill("#mv-role", "Data steward")
        page.fill("#mv-skills", "Data quality")
        page.click("#move-save")
        page.locator("#form-error").wait_for()
        assert "give it an end date" in page.locator("#form-error").inner_text()
        assert page.evaluate("document.activeElement.id") == "mv-end"
        box = page.locator("#form-error").bounding_box()
        assert box is not None
        assert 0 <= box["y"] < 844, box  # the error is on screen
        assert page.evaluate("window.scrollY") > 0  # not the top of the page
