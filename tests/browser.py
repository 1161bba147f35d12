"""What the browser tests share: a real uvicorn server on a free port and Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from microstep.services import people, skills
from microstep.services.schemas import ObjectiveCreate, PersonSetup, SkillCreate
from microstep.settings import Settings
from microstep.store.db import Database, open_database
from microstep.web.app import create_app
from tests.conftest import IN_CI

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


def person_with_skill(folder: Path, objective: str, skill: str) -> tuple[Settings, Database]:
    """A real SQLite file holding Ana, her objective and one skill (2 now, aiming at 4)."""
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'b.sqlite'}")
    db = open_database(settings.resolved_database_url())
    goal = ObjectiveCreate(title=objective, horizon=date.today() + timedelta(300))
    people.init_person(db, PersonSetup(name="Ana", objective=goal), settings=settings)
    ctx = people.personal_context(db, settings=settings)
    skills.add_skill(ctx, SkillCreate(name=skill, current_level=2, target_level=4))
    return settings, db


@contextmanager
def served(settings: Settings, db: Database) -> Iterator[str]:
    """The app served by uvicorn on a free local port, for as long as the block runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        create_app(settings, db), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    db.dispose()


@contextmanager
def chromium_page(width: int, height: int) -> Iterator[Any]:
    """A Playwright page in Debian's chromium (skipped without it, except in CI)."""
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("CI needs Debian's chromium for the browser tests")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()
