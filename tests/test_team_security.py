"""Team mode's security: headers everywhere, cookie flags, errors that reveal nothing, database
passwords never printed, no off-site redirects after sign-in, and only the allowed Host names."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from microstep.errors import ConfigError
from microstep.services import people, today
from microstep.services.schemas import ObjectiveCreate, PersonSetup
from microstep.settings import Settings, get_settings
from microstep.store.db import Database, make_engine, open_database
from microstep.web.app import create_app
from tests.cli import ms
from tests.conftest import PG_ADMIN, TEAM_SECRET
from tests.team import PASSWORD, TeamClient, make_org, sign_in, team_client
from tests.web import error_of

DB_PASSWORD = "pg-password-never-shown-7f3a"
EVIL = ("//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example")
EVIL += ("/\t/evil.example", "https:evil.example", " //evil.example", "/%2F%2Fevil.example")


def assert_secure_headers(headers: object, *, hsts: bool = True) -> None:
    """The headers every team-mode response carries."""
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("referrer-policy") == "same-origin"
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", "")
    assert (headers.get("strict-transport-security") is not None) is hsts


def quiet_client(settings: Settings, db: Database, email: str) -> TeamClient:
    """A signed-in client that sees a 500 as the browser would, not as an exception."""
    client = TeamClient(
        create_app(settings, db), base_url="https://127.0.0.1", raise_server_exceptions=False
    )
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    client.csrf = client.get("/api/me").json()["csrf_token"]
    return client


def test_pages_api_errors_and_static_files_carry_the_security_headers(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    stranger = team_client(team_settings, team_db)
    responses = {
        "dashboard page": owner.get("/"),
        "sign-in page": stranger.get("/login"),
        "API": owner.get("/api/me"),
        "API refusal": stranger.get("/api/goals"),
        "missing page": owner.get("/nowhere"),
        "missing API path": owner.get("/api/nowhere"),
        "bad input": owner.post("/api/objectives", json={"title": ""}),
        "static file": stranger.get("/static/app.css"),
    }
    assert responses["static file"].status_code == 200
    assert responses["API refusal"].status_code == 401
    assert responses["bad input"].status_code == 422
    for response in responses.values():
        assert_secure_headers(response.headers)


def test_an_unexpected_error_carries_the_security_headers(
    team_settings: Settings, team_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(team_db)
    owner = quiet_client(team_settings, team_db, "owner@example.org")
    monkeypatch.setattr(today, "dashboard", _explode)
    for path in ("/api/dashboard", "/"):
        response = owner.get(path)
        assert response.status_code == 500
        assert_secure_headers(response.headers)


def _explode(*_: object, **__: object) -> None:
    raise RuntimeError("dashboard exploded")


def test_the_session_cookie_is_http_only_secure_lax_and_expires(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    client = team_client(team_settings, team_db)
    response = client.post(
        "/login",
        data={"email": "owner@example.org", "password": PASSWORD},
        follow_redirects=False,
    )
    (cookie,) = response.headers.get_list("set-cookie")
    parts = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}
    assert parts.keys() >= {"microstep_session", "httponly", "secure", "samesite", "path"}
    assert parts["samesite"].lower() == "samesite=lax"
    assert parts["path"] == "Path=/"
    assert parts["max-age"] == f"Max-Age={team_settings.session_days * 86400}"


def test_the_flash_cookie_is_http_only_secure_and_lax(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    created = owner.post("/api/tokens", json={"name": "script"}).json()
    response = owner.post(f"/account/tokens/{created['id']}/revoke", follow_redirects=False)
    (cookie,) = [c for c in response.headers.get_list("set-cookie") if "microstep_flash" in c]
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags


def test_signing_out_clears_the_cookie_and_ends_the_session_server_side(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    token = owner.cookies["microstep_session"]
    response = owner.post("/logout", follow_redirects=False)
    assert 'microstep_session=""' in response.headers["set-cookie"]
    replay = team_client(team_settings, team_db)
    replay.cookies.set("microstep_session", token)
    assert replay.get("/api/me").status_code == 401


def test_the_database_keeps_only_hashes_of_session_and_api_tokens(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    api_token = owner.post("/api/tokens", json={"name": "script"}).json()["token"]
    session_token = owner.cookies["microstep_session"]
    with team_db.engine.connect() as conn:
        stored = " ".join(
            str(row)
            for table in ("auth_session", "api_token")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    assert stored
    assert session_token not in stored
    assert api_token not in stored


def test_an_unexpected_error_reveals_no_traceback_and_no_secret(
    team_settings: Settings, team_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(team_db)
    url = make_url(team_settings.database_url or "").set(password=DB_PASSWORD)
    settings = team_settings.model_copy(
        update={"database_url": url.render_as_string(hide_password=False)}
    )
    owner = quiet_client(settings, team_db, "owner@example.org")
    session_token = owner.cookies["microstep_session"]
    secrets = (TEAM_SECRET, DB_PASSWORD, session_token)

    def leaky(*_: object, **__: object) -> None:
        raise RuntimeError(" ".join(secrets) + f" {url.render_as_string(hide_password=False)}")

    monkeypatch.setattr(today, "dashboard", leaky)
    api = owner.get("/api/dashboard")
    assert error_of(api, 500)["message"].startswith("Something went wrong on our side")
    page = owner.get("/")
    assert page.status_code == 500
    assert owner.csrf not in api.text  # pages carry it in a meta tag for csrf.js, by design
    for body in (api.text, page.text):
        assert "Traceback" not in body
        assert "RuntimeError" not in body
        for secret in secrets:
            assert secret not in body


def test_the_database_url_shown_in_messages_hides_its_password() -> None:
    database = Database(make_engine(f"postgresql://alice:{DB_PASSWORD}@db.example/microstep"))
    assert DB_PASSWORD not in database.url
    assert "alice:***@db.example" in database.url


def test_a_database_that_cannot_be_opened_is_named_without_its_password(pg_url: str) -> None:
    url = make_url(PG_ADMIN).set(password=DB_PASSWORD, database="microstep_no_such_database")
    with pytest.raises(ConfigError) as refused:
        open_database(url.render_as_string(hide_password=False))
    assert DB_PASSWORD not in refused.value.message
    assert "***" in refused.value.message


def test_serve_on_an_unreachable_database_never_prints_its_password(pg_url: str) -> None:
    url = make_url(PG_ADMIN).set(password=DB_PASSWORD, database="microstep_no_such_database")
    result = ms("serve", "--port", "1", db=url.render_as_string(hide_password=False))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Cannot open the database")
    assert DB_PASSWORD not in result.output


@pytest.mark.usefixtures("isolated_settings")
def test_team_settings_refusals_never_print_the_secret_or_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MICROSTEP_MODE", "team")
    cases = (
        ("short-secret-0123", f"postgresql://alice:{DB_PASSWORD}@db.example/m"),
        (TEAM_SECRET, f"sqlite:///tmp/{DB_PASSWORD}.sqlite"),
        (TEAM_SECRET, f"mysql://alice:{DB_PASSWORD}@db.example/m"),
    )
    for secret, url in cases:
        monkeypatch.setenv("MICROSTEP_SECRET_KEY", secret)
        monkeypatch.setenv("MICROSTEP_DATABASE_URL", url)
        get_settings.cache_clear()
        with pytest.raises(ConfigError) as refused:
            get_settings()
        assert DB_PASSWORD not in refused.value.message
        assert secret not in refused.value.message
    get_settings.cache_clear()


def test_a_database_url_of_another_kind_is_refused_without_its_password() -> None:
    for url in (
        f"mysql://alice:{DB_PASSWORD}@db.example/m",
        f"postgresfoo://alice:{DB_PASSWORD}@db.example/m",  # passes the settings' prefix check
    ):
        result = ms("serve", "--port", "1", db=url)
        assert result.exit_code == 2
        assert DB_PASSWORD not in result.output


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_sends_the_browser_to_another_site(
    team_settings: Settings, team_db: Database, target: str
) -> None:
    make_org(team_db)
    client = team_client(team_settings, team_db)
    form = {"email": "owner@example.org", "password": PASSWORD, "next": target}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert _stays_here(response.headers["location"])
    again = client.get("/login", params={"next": target}, follow_redirects=False)
    assert again.status_code == 303
    assert _stays_here(again.headers["location"])


def _stays_here(location: str) -> bool:
    """True when a browser resolving `location` on this site stays on it (WHATWG strips tabs
    and newlines, and reads a backslash as a slash)."""
    cleaned = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(cleaned.strip())
    return not parts.scheme and not parts.netloc and cleaned.startswith("/")


def test_sign_in_keeps_a_next_page_on_this_site(team_settings: Settings, team_db: Database) -> None:
    make_org(team_db)
    client = team_client(team_settings, team_db)
    form = {"email": "owner@example.org", "password": PASSWORD, "next": "/goals?status=active"}
    response = client.post("/login", data=form, follow_redirects=False)
    assert response.headers["location"] == "/goals?status=active"


def test_the_sign_in_form_carries_only_a_safe_next_page(
    team_settings: Settings, team_db: Database
) -> None:
    page = team_client(team_settings, team_db).get("/login", params={"next": "//evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.text


def test_a_write_from_another_sites_page_is_refused(
    team_settings: Settings, team_db: Database
) -> None:
    make_org(team_db)
    owner = sign_in(team_settings, team_db, "owner@example.org")
    body = {"title": "Senior analyst", "horizon": "2027-09-30"}
    refused = owner.post("/api/objectives", json=body, headers={"Origin": "https://evil.example"})
    assert error_of(refused, 403)["message"].startswith("This request came from another site")
    assert owner.get("/api/objectives").json() == []


def test_a_host_header_not_allowed_is_refused(team_settings: Settings, team_db: Database) -> None:
    app = create_app(team_settings, team_db)
    rebound = TestClient(app, base_url="https://evil.example")
    assert rebound.get("/login").status_code == 400
    assert rebound.get("/api/health").status_code == 400
    assert TestClient(app, base_url="https://127.0.0.1").get("/login").status_code == 200


def test_personal_mode_still_works_without_a_secret_or_login(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'p.sqlite'}")
    assert settings.secret_key is None
    db = open_database(settings.resolved_database_url())
    objective = ObjectiveCreate(title="Senior data analyst", horizon="2027-09-30")  # type: ignore[arg-type]
    people.init_person(db, PersonSetup(name="Ana", objective=objective), settings=settings)
    client = TestClient(create_app(settings, db), base_url="http://127.0.0.1")
    assert client.get("/api/today").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/login").status_code == 404
    assert_secure_headers(client.get("/").headers, hsts=False)
    db.dispose()
