"""Issue 7's done-when in Chromium: a manager posts a rotation, a person sees it ranked for them
with reasons, applies, gets approved in one click, it runs, is reviewed, and the outcome shows
on their skills page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from microstep.services import skills
from microstep.services.context import Context
from microstep.services.schemas import SkillCreate
from microstep.settings import Settings
from microstep.store.db import Database
from tests.browser import chromium_page, served
from tests.team import PASSWORD, Org, make_org

pytestmark = pytest.mark.browser

TITLE = "Pricing analytics rotation"
LEARNED = "Price elasticity modelling"


def sign_in_as(page: Any, base: str, org: Org, persona: str) -> None:
    """Sign out whoever is signed in, then sign in through the form."""
    if page.locator("#logout-form").count():
        page.click("#logout-form button")
    if "/login" not in page.url:
        page.goto(f"{base}/login")
    page.fill("#email", org.email(persona))
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#nav-account")


def _skills_of_olivia(db: Database, org: Org) -> None:
    """Olivia knows SQL and has started on pricing: the rotation fits her and teaches her."""
    ctx = Context(db=db, person_id=org.ids["owner"], today=date.today())
    skills.add_skill(ctx, SkillCreate(name="SQL", current_level=3, target_level=4))
    skills.add_skill(ctx, SkillCreate(name=LEARNED, current_level=1, target_level=4))


def _post_rotation(page: Any, base: str) -> int:
    page.goto(f"{base}/opportunities")
    page.click("#post-opportunity")
    page.select_option("#kind", "rotation")
    page.fill("#title", TITLE)
    page.fill("#description", "Two days a week with the pricing squad.")
    page.fill("#share_of_time", "40")
    page.fill("#weeks", "4")
    page.fill("#capacity", "1")
    page.fill("#success_criteria", "The renewal elasticity dashboard is used in the review.")
    page.fill("#required_skills", "SQL, 3")
    page.fill("#offered_skills", f"{LEARNED}, 3")
    page.click("#publish-submit")
    assert page.inner_text("#flash") == f"Published: {TITLE}."
    return int(page.url.rsplit("/", 1)[1])


def test_a_rotation_is_posted_ranked_applied_for_approved_run_reviewed_and_on_skills(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    _skills_of_olivia(team_db, org)
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(1280, 900) as page:
        sign_in_as(page, base, org, "manager")
        opp = _post_rotation(page, base)

        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/opportunities")
        ranked = page.inner_text(f"#ranked-{opp}")
        assert TITLE in ranked
        reasons = page.locator(f"#ranked-reasons-{opp} li")
        assert reasons.count() >= 1
        assert reasons.first.inner_text().strip()
        page.click(f"#ranked-{opp} a")
        page.fill("#apply-note", "I price renewals by hand today; I want to model it.")
        page.click("#apply-submit")
        assert "your manager decides next" in page.inner_text("#flash")
        assert page.inner_text("#my-status") == "applied"

        sign_in_as(page, base, org, "manager")
        page.goto(f"{base}/approvals")
        assert "I price renewals by hand today" in page.inner_text("#queue")
        page.click("#queue button[id^=approve-]")
        assert page.inner_text("#flash") == f"Approved Olivia Owner for {TITLE}."
        page.goto(f"{base}/opportunities/{opp}")
        assert page.inner_text("#opportunity-status") == "Filled"
        page.click("#start")
        assert page.inner_text("#opportunity-status") == "In progress"
        page.click("#complete")
        assert page.inner_text("#opportunity-status") == "Completed"
        page.select_option(f"#outcome-{org.ids['owner']}", "met")
        page.fill(f"#note-{org.ids['owner']}", "The dashboard is in the monthly review.")
        page.click("#review-submit")
        assert page.inner_text("#opportunity-status") == "Reviewed"

        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/opportunities/{opp}")
        assert "Met" in page.inner_text("#my-outcome")
        page.click("#my-outcome a")  # to the skills page
        learned = page.locator("#skill-list li", has_text=LEARNED).inner_text()
        assert "2 → 4" in learned  # was 1: the met rotation raised it one level
        page.goto(f"{base}/evidence")
        assert "The dashboard is in the monthly review." in page.content()

        sign_in_as(page, base, org, "outsider")
        page.goto(f"{base}/approvals")
        assert "Nothing waits for your decision." in page.inner_text("#queue")
