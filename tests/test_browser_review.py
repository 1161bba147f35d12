"""A person walks the weekly review in real Chromium: dashboard, review, save, portfolio PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from microstep.demo.personal import build_personal_demo
from microstep.settings import Settings
from microstep.store.db import open_database
from tests.browser import chromium_page, served

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Maya's demo history on a real SQLite file, served by uvicorn."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'demo.sqlite'}")
    db = open_database(settings.resolved_database_url())
    assert build_personal_demo(db) is not None
    with served(settings, db) as url:
        yield url


def test_weekly_review_from_dashboard_to_saved_review_and_pdf(server: str, tmp_path: Path) -> None:
    with chromium_page(1280, 900) as page:
        page.goto(f"{server}/")
        page.click("#dashboard-review")
        page.wait_for_url(f"{server}/review**")
        assert "Pitfalls" in page.content() or "pitfall" in page.content().lower()
        page.fill("[name=what_worked]", "Sharing the Tuesday insight got two invitations.")
        page.fill("[name=to_adjust]", "Start the SQL drill before lunch, not after.")
        page.fill("[name=lessons]", "Short written summaries travel further than meetings.")
        page.click("#review-save")
        page.locator("#flash").get_by_text("saved").wait_for()
        assert "Start the SQL drill before lunch" in page.content()
        with page.expect_download() as download_info:
            page.click("#review-export-pdf")
        pdf = tmp_path / "portfolio.pdf"
        download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = "".join(page_.extract_text() for page_ in PdfReader(pdf).pages)
    assert "Maya Okafor" in text


def test_the_saved_review_is_there_after_reload(server: str) -> None:
    with chromium_page(390, 844) as page:
        page.goto(f"{server}/review")
        page.fill("[name=what_worked]", "Kept the five-minute drill every weekday.")
        page.click("#review-save")
        page.locator("#flash").get_by_text("saved").wait_for()
        page.reload()
        assert "Kept the five-minute drill every weekday." in page.content()
