"""Team mode in Chromium: people sign in, share, and each sees exactly what reaches them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Person
from tests.browser import chromium_page, served
from tests.team import PASSWORD, Org, make_org

pytestmark = pytest.mark.browser


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


def test_an_org_signs_in_shares_and_sees_only_what_reaches_each_person(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    settings = team_settings.model_copy(update={"cookie_secure": False})
    with served(settings, team_db) as base, chromium_page(1280, 900) as page:
        page.goto(f"{base}/goals")
        assert page.url.startswith(f"{base}/login?next=")  # signed out: asked to sign in
        sign_in_as(page, base, org, "owner")
        assert page.url == f"{base}/goals"  # back where she was going
        assert page.inner_text("#nav-account") == "Olivia Owner"

        page.goto(f"{base}/skills")  # a plain form post: csrf.js adds the session's token
        page.fill("#name", "SQL window functions")
        page.select_option("#new-current_level", "2")
        page.select_option("#new-target_level", "4")
        page.click("#skill-form button[type=submit]")
        page.wait_for_selector("text=SQL window functions")

        page.goto(f"{base}/sharing")
        page.select_option("#vis-skills", "manager")
        page.click("#share-skills button")
        assert "1 changed" in page.inner_text("#flash")

        sign_in_as(page, base, org, "manager")
        page.goto(f"{base}/team")
        assert "SQL window functions" in page.inner_text("#skills")

        sign_in_as(page, base, org, "outsider")
        page.goto(f"{base}/people/{org.ids['owner']}")
        assert page.inner_text("#profile-empty") == "Olivia Owner shares nothing with you yet."
        page.goto(f"{base}/team")
        assert "SQL window functions" not in page.content()

        sign_in_as(page, base, org, "circle")
        page.goto(f"{base}/circles/{org.circle_id}")
        page.click(f"#member-{org.ids['owner']} button")
        assert page.inner_text("#flash") == "Nudge sent: “Keep going: your week counts!”"

        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/circles")
        assert "Keep going: your week counts!" in page.inner_text("#nudges")


def test_a_colleague_answers_a_question_and_an_advisor_schedules_a_conversation(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    with team_db.transaction() as session:
        session.execute(
            update(Person).where(Person.id == org.ids["colleague"]).values(is_advisor=True)
        )
    settings = team_settings.model_copy(update={"cookie_secure": False})
    when = (datetime.now() + timedelta(days=2)).replace(hour=10, minute=0)
    with served(settings, team_db) as base, chromium_page(1280, 900) as page:
        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/feedback/inbox")
        page.select_option("#colleague", str(org.ids["colleague"]))
        page.fill("#colleague-about", "the Q3 churn deck")
        page.fill("#colleague-question", "Which slide of the deck lost you first?")
        page.click("#ask-colleague-submit")
        assert page.locator(".flash-error").count() == 0
        page.goto(f"{base}/coaching")
        page.fill("#coaching-topic", "Moving towards data engineering")
        page.click("#coaching-submit")
        assert "requested" in page.inner_text("#my-requests")

        sign_in_as(page, base, org, "colleague")
        page.goto(f"{base}/feedback/inbox")
        assert "Which slide of the deck lost you first?" in page.inner_text("#inbox")
        page.check("#inbox input[name=rating][value='4']")
        page.fill(
            "#inbox textarea[name=answer], #inbox input[name=answer]", "Slide 7: the cohort chart."
        )
        page.click("#inbox button[id^=inbox-answer-submit]")
        page.goto(f"{base}/coaching")
        assert "Moving towards data engineering" in page.inner_text("#queue")
        page.fill("#queue input[name=scheduled_for]", when.strftime("%Y-%m-%dT%H:%M"))
        page.click("#queue button[id^=schedule-submit]")
        assert "scheduled" in page.inner_text("#queue")

        sign_in_as(page, base, org, "owner")
        page.goto(f"{base}/coaching")
        assert "scheduled" in page.inner_text("#my-requests")
        page.goto(f"{base}/evidence")
        assert "Slide 7: the cohort chart." in page.content()

        sign_in_as(page, base, org, "outsider")
        page.goto(f"{base}/feedback/inbox")
        assert "Which slide of the deck lost you first?" not in page.content()
        page.goto(f"{base}/coaching")
        assert "Moving towards data engineering" not in page.content()
