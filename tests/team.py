"""Team mode in tests: an organization of named personas and signed-in clients for each.

Olivia (the owner of the records under test) is on Team A, managed by Mona; Colin is her
colleague on Team A; Cara shares a study circle with her; Mel mentors her; Otto is on Team B;
Hana administers the organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from microstep.services.accounts import HASHER
from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.store.models import Circle, CircleMember, Mentorship, Person, Team
from microstep.web.app import create_app

PASSWORD = "correct horse battery"
PASSWORD_HASH = HASHER.hash(PASSWORD)  # hashed once: argon2 is slow on purpose
PERSONAS = ("owner", "colleague", "circle", "manager", "mentor", "outsider", "hr")
NAMES = {
    "owner": "Olivia Owner",
    "colleague": "Colin Colleague",
    "circle": "Cara Circle",
    "manager": "Mona Manager",
    "mentor": "Mel Mentor",
    "outsider": "Otto Outsider",
    "hr": "Hana HR",
}


@dataclass(frozen=True)
class Org:
    """The personas' person ids, teams and circle."""

    ids: dict[str, int]
    team_a: int
    team_b: int
    circle_id: int

    def email(self, persona: str) -> str:
        """The persona's sign-in email."""
        return f"{persona}@example.org"


def make_org(
    db: Database, *, circle_shares: dict[str, bool] | None = None, owner_id: int | None = None
) -> Org:
    """Seven personas with passwords, two teams, a circle of Olivia and Cara, Mel's mentorship.

    With `owner_id`, that existing person (say, the personal demo's Maya) becomes the owner."""
    now = datetime.now(UTC)
    with db.transaction() as session:
        people = {}
        for persona in PERSONAS:
            existing = session.get(Person, owner_id) if persona == "owner" and owner_id else None
            person = existing or Person(name=NAMES[persona], created_at=now)
            person.is_local = False
            person.email = f"{persona}@example.org"
            person.password_hash = PASSWORD_HASH
            person.role = "hr_admin" if persona == "hr" else "employee"
            session.add(person)
            people[persona] = person
        session.flush()
        team_a = Team(name="Team A", manager_id=people["manager"].id, created_at=now)
        team_b = Team(name="Team B", created_at=now)
        session.add_all([team_a, team_b])
        session.flush()
        for persona in ("owner", "colleague"):
            people[persona].team_id = team_a.id
        for persona in ("outsider", "circle", "mentor", "hr"):
            people[persona].team_id = team_b.id
        circle = Circle(name="Analysts' circle", kind="study", created_at=now)
        session.add(circle)
        session.flush()
        shares = circle_shares or {
            "shares_progress": True,
            "shares_wins": True,
            "shares_ticks": True,
        }
        for persona in ("owner", "circle"):
            session.add(
                CircleMember(
                    circle_id=circle.id, person_id=people[persona].id, joined_at=now, **shares
                )
            )
        session.add(
            Mentorship(mentee_id=people["owner"].id, mentor_id=people["mentor"].id, created_at=now)
        )
        session.flush()
        return Org(
            ids={persona: person.id for persona, person in people.items()},
            team_a=team_a.id,
            team_b=team_b.id,
            circle_id=circle.id,
        )


class TeamClient(TestClient):
    """A signed-in browser: it echoes the session's CSRF token on every write."""

    csrf: str = ""

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Add the CSRF header to writes."""
        if method.upper() not in {"GET", "HEAD", "OPTIONS"} and self.csrf:
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRF-Token", self.csrf)
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)


def team_client(settings: Settings, db: Database) -> TeamClient:
    """A client of the team app, not signed in (HTTPS, so the Secure cookie is sent)."""
    return TeamClient(create_app(settings, db), base_url="https://127.0.0.1")


def sign_in(settings: Settings, db: Database, email: str, password: str = PASSWORD) -> TeamClient:
    """A client signed in as `email`, with the session's CSRF token at hand."""
    client = team_client(settings, db)
    response = client.post(
        "/login", data={"email": email, "password": password}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    client.csrf = client.get("/api/me").json()["csrf_token"]
    return client


def persona_ctx(db: Database, org: Org, persona: str) -> Context:
    """The persona acting, for calling services directly."""
    from tests.conftest import TODAY

    return Context(db=db, person_id=org.ids[persona], today=TODAY)
