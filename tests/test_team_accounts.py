"""Team mode's accounts: sign-in, sessions, CSRF, rate limits, API tokens, invites."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from microstep.errors import ConfigError
from microstep.settings import Settings, get_settings
from microstep.store.db import Database
from tests.team import PASSWORD, make_org, sign_in, team_client
from tests.web import element, error_of


def test_pages_ask_a_signed_out_visitor_to_sign_in(
    team_settings: Settings, team_db: Database
) -> None:
    client = team_client(team_settings, team_db)
    page = client.get("/goals", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fgoals"
    assert error_of(client.get("/api/goals"), 401)["message"] == "Sign in to continue."


def test_signing_in_opens_a_secure_session_that_signing_out_ends(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    client = team_client(team_settings, team_db)
    response = client.post(
        "/login",
        data={"email": "OWNER@example.org ", "password": PASSWORD, "next": "/goals"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/goals"
    cookie = response.headers["set-cookie"]
    for flag in ("HttpOnly", "Secure", "SameSite=lax"):
        assert flag in cookie
    me = client.get("/api/me").json()
    assert (me["person_id"], me["name"]) == (org.ids["owner"], "Olivia Owner")
    client.post("/logout", headers={"X-CSRF-Token": me["csrf_token"]})
    assert client.get("/api/me").status_code == 401


def test_a_wrong_password_does_not_say_which_part_was_wrong(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = team_client(team_settings, team_db)
    for email in ("owner@example.org", "nobody@example.org"):
        page = client.post("/login", data={"email": email, "password": "not the password"})
        assert page.status_code == 401
        assert "That email and password do not match an account." in page.text


def test_sign_ins_are_rate_limited_per_account(team_settings: Settings, team_db: Database) -> None:
    make_org(team_db)
    client = team_client(team_settings, team_db)
    for _ in range(team_settings.login_attempts):
        client.post("/login", data={"email": "owner@example.org", "password": "guess guess 1"})
    page = client.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
    assert page.status_code == 429
    assert "wait 15 minutes" in page.text


def test_a_write_without_the_csrf_token_is_refused(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    body = {"title": "Senior analyst", "horizon": "2027-09-30"}
    refused = client.post("/api/objectives", json=body, headers={"X-CSRF-Token": "forged"})
    assert error_of(refused, 403)["message"].startswith("This form is out of date")
    assert client.get("/api/objectives").json() == []
    assert client.post("/api/objectives", json=body).status_code == 201


def test_an_api_token_acts_as_its_person_until_revoked(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    created = client.post("/api/tokens", json={"name": "report script"}).json()
    assert created["token"].startswith("mst_")
    script = team_client(team_settings, team_db)
    headers = {"Authorization": f"Bearer {created['token']}"}
    assert script.get("/api/me", headers=headers).json()["person_id"] == org.ids["owner"]
    body = {"title": "Senior analyst", "horizon": "2027-09-30"}
    assert script.post("/api/objectives", json=body, headers=headers).status_code == 201
    listed = client.get("/api/tokens").json()
    assert [t["prefix"] for t in listed] == [created["token"][:12]]
    assert "token" not in listed[0]
    client.delete(f"/api/tokens/{created['id']}")
    assert script.get("/api/me", headers=headers).status_code == 401


def test_hr_invites_a_member_who_joins_their_team(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    hr = sign_in(team_settings, team_db, "hr@example.org")
    link = hr.post(
        "/api/invites", json={"email": "New.Person@example.org", "team": "Team A"}
    ).json()
    assert link["url"].startswith("https://127.0.0.1/invite/")
    path = link["url"].removeprefix("https://127.0.0.1")
    newcomer = team_client(team_settings, team_db)
    assert "new.person@example.org" in newcomer.get(path).text
    short = newcomer.post(path, data={"name": "Nia New", "password": "short"})
    assert short.status_code == 422
    joined = newcomer.post(
        path, data={"name": "Nia New", "password": "a long new password"}, follow_redirects=False
    )
    assert joined.status_code == 303
    people = {p["name"]: p for p in newcomer.get("/api/people").json()}
    assert people["Nia New"]["team"] == "Team A"
    assert newcomer.get(path).status_code == 404  # used once


def test_only_hr_invites_members_but_anyone_invites_a_mentor(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    colleague = sign_in(team_settings, team_db, "colleague@example.org")
    refused = colleague.post("/api/invites", json={"email": "x@example.org"})
    assert error_of(refused, 403)["message"] == "Only an HR admin of the organization may do this."
    link = colleague.post(
        "/api/invites", json={"email": "owner@example.org", "kind": "mentor"}
    ).json()
    owner = team_client(team_settings, team_db)
    path = link["url"].removeprefix("https://127.0.0.1")
    wrong = owner.post(path, data={"password": "not her password"})
    assert wrong.status_code == 422
    owner.post(path, data={"password": PASSWORD})
    assert owner.get("/api/me").json()["is_mentor"] is True
    assert owner.get("/api/me").json()["person_id"] == org.ids["owner"]


def test_team_mode_refuses_a_default_or_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_MODE", "team")
    monkeypatch.setenv("MICROSTEP_DATABASE_URL", "postgresql://postgres@127.0.0.1/x")
    for secret in ("", "changeme", "x" * 40, "please-change-me-please-change-me-123"):
        monkeypatch.setenv("MICROSTEP_SECRET_KEY", secret)
        get_settings.cache_clear()
        with pytest.raises(ConfigError, match="MICROSTEP_SECRET_KEY"):
            get_settings()
    get_settings.cache_clear()


def test_team_mode_refuses_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="PostgreSQL"):
        Settings(mode="team", secret_key="a-random-secret-of-enough-length-0123456789")


def test_every_response_carries_the_security_headers(
    team_settings: Settings, team_db: Database
) -> None:
    client = team_client(team_settings, team_db)
    for path in ("/login", "/api/me", "/nowhere"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["strict-transport-security"].startswith("max-age=")


def test_the_account_page_sets_reminders_and_refuses_a_bad_webhook(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    page = client.post(
        "/account/notifications", data={"webhook_url": "https://hooks.example.org/T1/B2"}
    )
    assert "Reminder settings saved." in page.text
    assert client.get("/api/me/notifications").json() == {
        "email": "owner@example.org",
        "notify_email": False,
        "webhook_url": "https://hooks.example.org/T1/B2",
    }
    bad = client.post("/account/notifications", data={"webhook_url": "ftp://x.example.org/"})
    assert "flash-error" in bad.text
    assert (
        client.get("/api/me/notifications").json()["webhook_url"]
        == "https://hooks.example.org/T1/B2"
    )


def test_the_account_page_creates_a_token_shown_once(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    page = client.post("/account/tokens", data={"name": "nightly export"})
    token = element(page.text, "new-token")
    assert "mst_" in token
    assert "new-token" not in client.get("/account").text


def test_a_mentor_invite_never_claims_an_account_that_has_not_joined(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    hr = sign_in(team_settings, team_db, "hr@example.org")
    hr.post("/api/invites", json={"email": "newbie@example.org"})  # not accepted yet
    colleague = sign_in(team_settings, team_db, "colleague@example.org")
    for email in ("newbie@example.org", "stranger@example.org"):
        refused = colleague.post("/api/invites", json={"email": email, "kind": "mentor"})
        assert "has not joined microstep" in error_of(refused, 422)["message"]


def test_guessing_a_password_through_an_invite_is_rate_limited(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    colleague = sign_in(team_settings, team_db, "colleague@example.org")
    link = colleague.post("/api/invites", json={"email": "owner@example.org", "kind": "mentor"})
    path = link.json()["url"].removeprefix("https://127.0.0.1")
    guesser = team_client(team_settings, team_db)
    for _ in range(team_settings.login_attempts):
        assert guesser.post(path, data={"password": "guess guess guess"}).status_code == 422
    assert guesser.post(path, data={"password": PASSWORD}).status_code == 429


@pytest.mark.sqlite_only
def test_accounts_api_answers_404_in_personal_mode(client: TestClient) -> None:
    for method, path in (("GET", "/api/tokens"), ("POST", "/api/invites"), ("GET", "/api/people")):
        assert client.request(method, path, json={}).status_code == 404
    assert client.get("/api/health").json() == {"status": "ok"}


def test_a_closed_account_loses_its_sessions_and_tokens_at_once(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    token = owner.post("/api/tokens", json={"name": "script"}).json()["token"]
    hr = sign_in(team_settings, team_db, "hr@example.org")
    refused = owner.post(f"/api/people/{org.ids['hr']}/deactivate")
    assert error_of(refused, 403)["message"] == "Only an HR admin of the organization may do this."
    closed = hr.post(f"/api/people/{org.ids['owner']}/deactivate").json()
    assert closed["name"] == "Olivia Owner"
    assert owner.get("/api/me").status_code == 401
    script = team_client(team_settings, team_db)
    assert script.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert "Olivia Owner" not in {p["name"] for p in hr.get("/api/people").json()}
    circle = sign_in(team_settings, team_db, "circle@example.org").get(
        f"/api/circles/{org.circle_id}"
    )
    assert "Olivia Owner" not in circle.text  # out of her circle
    mentor = sign_in(team_settings, team_db, "mentor@example.org")
    assert mentor.get("/api/me").json()["is_mentor"] is False  # and her mentorship ended
    again = team_client(team_settings, team_db)
    page = again.post("/login", data={"email": "owner@example.org", "password": PASSWORD})
    assert page.status_code == 401


def test_ending_a_mentorship_stops_the_mentor_seeing_what_is_shared(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    owner.post("/api/skills", json={"name": "SQL"})
    owner.put("/api/sharing/skills", json={"visibility": "manager"})
    mentor = sign_in(team_settings, team_db, "mentor@example.org")
    profile = f"/api/people/{org.ids['owner']}"
    assert [i["title"] for i in mentor.get(profile).json()["items"]] == ["SQL"]
    assert owner.delete(f"/api/me/mentors/{org.ids['mentor']}").status_code == 204
    assert mentor.get(profile).json()["items"] == []
    assert owner.delete(f"/api/me/mentors/{org.ids['mentor']}").status_code == 404


def test_a_new_token_is_shown_in_the_page_and_never_kept_in_a_cookie(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = sign_in(team_settings, team_db, "owner@example.org")
    page = client.post("/account/tokens", data={"name": "nightly export"})
    token = element(page.text, "new-token").split("<code>")[1].split("</code>")[0]
    assert token.startswith("mst_")
    assert all(token not in value for value in client.cookies.values())


def test_the_calendar_feed_needs_only_its_secret_url_in_team_mode(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    url = owner.post("/api/calendar/feed").json()["url"]
    calendar_app = team_client(team_settings, team_db)
    feed = calendar_app.get(url.removeprefix("https://127.0.0.1"))
    assert feed.status_code == 200
    assert feed.text.startswith("BEGIN:VCALENDAR")
    assert calendar_app.get("/calendar/" + "x" * 32 + ".ics").status_code == 404


def test_an_invite_names_a_team_that_exists_and_someone_not_yet_in(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    hr = sign_in(team_settings, team_db, "hr@example.org")
    typo = hr.post("/api/invites", json={"email": "n@example.org", "team": "Taem A"})
    assert error_of(typo, 422)["message"] == "There is no team 'Taem A'; the closest is 'Team A'."
    taken = hr.post("/api/invites", json={"email": "owner@example.org"})
    assert error_of(taken, 422)["message"] == "owner@example.org already has an account."
    empty = hr.post("/api/invites", json={"email": " "})
    assert error_of(empty, 422)["message"] == "Enter an email address."


def test_failures_spread_over_accounts_do_not_lock_out_the_office(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    office = team_client(team_settings, team_db)  # everyone behind one address
    for email in ("owner@example.org", "colleague@example.org"):
        for _ in range(team_settings.login_attempts - 1):
            office.post("/login", data={"email": email, "password": "typo typo typo"})
    page = office.post(
        "/login",
        data={"email": "manager@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    assert page.status_code == 303


def test_a_question_asked_in_the_app_waits_for_the_colleague_on_the_evidence_page(
    team_settings: Settings, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    ask = {
        "responder_id": org.ids["colleague"],
        "about": "the Monday churn summary",
        "question": "Which part of the churn summary would you cut first?",
    }
    asked = owner.post("/api/inbox/ask", json=ask).json()
    page = owner.get("/evidence").text
    assert f'id="in-app-{asked["id"]}"' in page
    assert f'id="answer-form-{asked["id"]}"' not in page
