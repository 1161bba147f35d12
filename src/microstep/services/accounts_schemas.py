"""Schemas of team mode's accounts: sign-in, tokens, invites, the people import."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from microstep.services.schemas import Schema

Role = Literal["employee", "hr_admin"]


class SignIn(Schema):
    """An email and a password."""

    email: str = Field(max_length=320)
    password: str = Field(max_length=1000)


class SignedIn(Schema):
    """A new sign-in: the cookie's secret token and the token forms must echo."""

    person_id: int
    token: str
    csrf_token: str


class Viewer(Schema):
    """Who is signed in, and what the organization lets them do."""

    person_id: int
    name: str
    email: str | None
    role: Role
    is_manager: bool = Field(description="Manages at least one team.")
    is_mentor: bool = Field(description="Mentors at least one person.")
    is_advisor: bool = Field(description="Takes career-conversation requests.")
    csrf_token: str | None = Field(default=None, description="Echo in X-CSRF-Token on writes.")


class TokenCreate(Schema):
    """A name for a new API token, to recognise it later."""

    name: str = Field(min_length=1, max_length=100)


class TokenCreated(Schema):
    """A new API token: shown once, never again."""

    id: int
    name: str
    token: str
    prefix: str


class TokenPublic(Schema):
    """An API token as listed (without its secret)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class InviteCreate(Schema):
    """Whom to invite: a new member of the organization (HR), or a mentor (anyone)."""

    email: str = Field(max_length=320)
    kind: Literal["account", "mentor"] = "account"
    role: Role = "employee"
    team: str | None = Field(default=None, max_length=200)


class InviteLink(Schema):
    """An invite link to hand over; it works once, until it expires."""

    email: str
    kind: str
    url: str
    expires_at: datetime


class InviteAccept(Schema):
    """Accepting an invite: a name and password for a new account, or the existing password."""

    name: str | None = Field(default=None, max_length=200)
    password: str = Field(max_length=1000)


class PeopleImported(Schema):
    """What an HRIS import did."""

    created: int
    updated: int
    teams: int
    invites: list[InviteLink]
    manager_changes: list[str] = Field(
        default_factory=list, description="Teams whose manager the file changed, in words."
    )


class PersonCard(Schema):
    """A colleague as the directory shows them."""

    id: int
    name: str
    email: str | None
    team: str | None
    role: Role
    is_advisor: bool
    joined: bool = Field(default=True, description="False while their invite is unused.")
