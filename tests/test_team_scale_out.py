"""Two app servers on one PostgreSQL database act as one: sessions, writes, flash messages,
sign-out and the login rate limit all live in the database or the shared secret, not a process.

Each server is a real `microstep serve` subprocess in team mode on plain HTTP.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import itsdangerous
import pytest

from microstep.bench.api import team_servers
from microstep.store.db import Database
from microstep.web.render import FLASH_KEY
from tests.conftest import TEAM_SECRET
from tests.team import PASSWORD, make_org
from tests.web import flash_of

ATTEMPTS = 3


@dataclass(frozen=True)
class Servers:
    """The base URLs of the two servers."""

    one: str
    two: str


@pytest.fixture(scope="module")
def servers(pg_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Two team servers over the run's PostgreSQL database (each test empties it first)."""
    url = pg_database.engine.url.render_as_string(hide_password=False)
    with team_servers(
        url,
        TEAM_SECRET,
        data_dir=tmp_path_factory.mktemp("servers"),
        count=2,
        extra_env={"MICROSTEP_LOGIN_ATTEMPTS": str(ATTEMPTS)},
    ) as (one, two):
        yield Servers(one, two)


@dataclass(frozen=True)
class Signed:
    """A sign-in's cookie token and the CSRF token its writes echo."""

    token: str
    csrf: str

    def headers(self, *, write: bool = False) -> dict[str, str]:
        """The Cookie header, plus the CSRF header for a write."""
        headers = {"Cookie": f"microstep_session={self.token}"}
        return headers | ({"X-CSRF-Token": self.csrf} if write else {})


def sign_in(base: str, email: str, password: str = PASSWORD) -> httpx.Response:
    """Post the sign-in form to one server."""
    form = {"email": email, "password": password}
    return httpx.post(f"{base}/login", data=form, follow_redirects=False)


def signed_in(base: str, email: str) -> Signed:
    """Sign in on one server and read the session's CSRF token there."""
    response = sign_in(base, email)
    assert response.status_code == 303, response.text
    token = response.cookies["microstep_session"]
    me = httpx.get(f"{base}/api/me", headers={"Cookie": f"microstep_session={token}"})
    return Signed(token, me.json()["csrf_token"])


def test_a_session_opened_on_one_server_works_on_the_other(
    servers: Servers, team_db: Database
) -> None:
    org = make_org(team_db)
    owner = signed_in(servers.one, "owner@example.org")
    me = httpx.get(f"{servers.two}/api/me", headers=owner.headers())
    assert me.status_code == 200
    assert me.json()["person_id"] == org.ids["owner"]
    assert me.json()["csrf_token"] == owner.csrf


def test_a_write_on_one_server_is_read_on_the_other(servers: Servers, team_db: Database) -> None:
    make_org(team_db)
    owner = signed_in(servers.one, "owner@example.org")
    body = {"title": "Senior analyst", "horizon": "2027-09-30"}
    created = httpx.post(
        f"{servers.two}/api/objectives", json=body, headers=owner.headers(write=True)
    )
    assert created.status_code == 201, created.text
    listed = httpx.get(f"{servers.one}/api/objectives", headers=owner.headers()).json()
    assert [o["title"] for o in listed] == ["Senior analyst"]


def test_a_flash_set_on_one_server_shows_on_the_other(servers: Servers, team_db: Database) -> None:
    make_org(team_db)
    owner = signed_in(servers.one, "owner@example.org")
    token = httpx.post(
        f"{servers.one}/api/tokens",
        json={"name": "report script"},
        headers=owner.headers(write=True),
    ).json()
    revoked = httpx.post(
        f"{servers.one}/account/tokens/{token['id']}/revoke",
        headers=owner.headers(write=True),
        follow_redirects=False,
    )
    assert revoked.status_code == 303
    flash_cookie = revoked.cookies["microstep_flash"]
    cookies = f"microstep_session={owner.token}; microstep_flash={flash_cookie}"
    page = httpx.get(f"{servers.two}/account", headers={"Cookie": cookies})
    assert page.status_code == 200
    assert "Token “report script” no longer works." in flash_of(page.text)


def test_signing_out_on_one_server_ends_the_session_on_the_other(
    servers: Servers, team_db: Database
) -> None:
    make_org(team_db)
    owner = signed_in(servers.one, "owner@example.org")
    out = httpx.post(
        f"{servers.two}/logout", headers=owner.headers(write=True), follow_redirects=False
    )
    assert out.status_code == 303
    assert httpx.get(f"{servers.one}/api/me", headers=owner.headers()).status_code == 401
    assert httpx.get(f"{servers.two}/api/me", headers=owner.headers()).status_code == 401


def test_failed_sign_ins_count_across_both_servers(servers: Servers, team_db: Database) -> None:
    make_org(team_db)
    for n in range(ATTEMPTS):
        base = servers.one if n % 2 == 0 else servers.two
        assert sign_in(base, "owner@example.org", "a wrong guess").status_code == 401
    for base in (servers.one, servers.two):
        page = sign_in(base, "owner@example.org")
        assert page.status_code == 429
        assert "wait 15 minutes" in page.text


def flash_cookie(message: str, *, secret: str) -> str:
    """A flash cookie as the app writes it, signed with `secret`."""
    data = base64.b64encode(json.dumps({FLASH_KEY: [["ok", message]]}).encode())
    return itsdangerous.TimestampSigner(secret).sign(data).decode()


def test_flashes_are_signed_with_the_configured_secret_and_no_other(
    servers: Servers, team_db: Database
) -> None:
    make_org(team_db)
    owner = signed_in(servers.one, "owner@example.org")
    for secret, shown in ((TEAM_SECRET, True), ("another-secret-" + TEAM_SECRET, False)):
        cookie = flash_cookie("Signed elsewhere.", secret=secret)
        cookies = f"microstep_session={owner.token}; microstep_flash={cookie}"
        for base in (servers.one, servers.two):
            page = httpx.get(f"{base}/account", headers={"Cookie": cookies})
            assert page.status_code == 200
            assert ("Signed elsewhere." in flash_of(page.text)) is shown
