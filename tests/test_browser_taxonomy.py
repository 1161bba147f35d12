"""A person links a skill to ESCO in Chromium: type, see suggestions, pick by keyboard, save."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from microstep.services import skills
from tests.browser import chromium_page, person_with_skill, served

pytestmark = pytest.mark.browser

CUSTOMERS = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"


@pytest.fixture
def server(tmp_path: Path, sqlite_taxonomy_template: Path) -> Iterator[str]:
    """Ana with one skill, on a SQLite file with ESCO loaded and the linkers warmed up."""
    shutil.copy(sqlite_taxonomy_template, tmp_path / "b.sqlite")
    settings, db = person_with_skill(tmp_path, "Customer success lead", "SQL")
    # Build both linkers before the browser waits on them.
    skills.suggest_skills(db, "warm up")
    skills.suggest_roles(db, "warm up")
    with served(settings, db) as url:
        yield url


def test_typing_picking_with_the_keyboard_and_saving_links_the_skill(server: str) -> None:
    with chromium_page(1280, 900) as page:
        page.goto(f"{server}/skills")
        page.fill("#name", "Talking to customers")
        picker = page.locator("#esco_uri-text")
        picker.press_sequentially("talking to customers")
        listbox = page.get_by_role("listbox", name="ESCO skill it means (optional): suggestions")
        listbox.get_by_role("option", name="communicate with customers").wait_for()
        assert picker.get_attribute("aria-expanded") == "true"
        options = listbox.get_by_role("option")
        labels = [text.strip() for text in options.locator(".picker-label").all_inner_texts()]
        for _ in range(labels.index("communicate with customers") + 1):
            picker.press("ArrowDown")
        active = picker.get_attribute("aria-activedescendant")
        assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
        picker.press("Enter")  # picks; does not submit the form
        assert page.url.endswith("/skills")
        assert listbox.is_hidden()
        assert picker.input_value() == "communicate with customers"
        assert page.locator("#esco_uri").input_value() == CUSTOMERS
        assert "Linked to ESCO: communicate with customers." in page.inner_text("#esco_uri-status")
        page.click("#skill-form button[type=submit]")
        page.locator("#flash").get_by_text("linked to ESCO: communicate with customers").wait_for()
        item = page.locator(".skill-item", has_text="Talking to customers")
        assert item.locator("strong").inner_text() == "Talking to customers"
        assert "ESCO: communicate with customers" in item.locator(".esco-link").inner_text()


def test_escape_closes_the_list_and_new_words_drop_an_earlier_pick(server: str) -> None:
    with chromium_page(390, 844) as page:
        page.goto(f"{server}/skills")
        picker = page.locator("#esco_uri-text")
        picker.press_sequentially("talking to customers")
        page.locator("#esco_uri-list [role=option]").first.wait_for()
        picker.press("ArrowDown")
        picker.press("Enter")
        assert page.locator("#esco_uri").input_value().startswith("http://data.europa.eu/esco/")
        picker.press("End")
        picker.press_sequentially(" service")
        assert page.locator("#esco_uri").input_value() == ""
        page.locator("#esco_uri-list [role=option]").first.wait_for()
        picker.press("Escape")
        assert page.locator("#esco_uri-list").is_hidden()
        assert picker.get_attribute("aria-expanded") == "false"


def test_the_role_picker_fills_the_occupation_field_by_keyboard(server: str) -> None:
    with chromium_page(1280, 900) as page:
        page.goto(f"{server}/objectives")
        picker = page.locator("#occupation-1-text")
        picker.press_sequentially("customer success")
        page.locator("#occupation-1-list [role=option]").first.wait_for()
        first = page.locator("#occupation-1-option-1")
        label = first.get_attribute("data-label")
        picker.press("ArrowDown")
        picker.press("Enter")
        assert picker.input_value() == label
        assert page.locator("#occupation-1").input_value() == first.get_attribute("data-uri")
        assert page.url.endswith("/objectives")  # picked, not yet saved
