"""Team mode's accounts: sign-in, sessions, CSRF, rate limits, API tokens, invites."""

from __future__ import annotations

import pytest

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
