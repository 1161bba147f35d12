"""Queries of team mode's accounts: people by email, teams, sessions, tokens, invites, attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, exists, func, select, update
from sqlalchemy.orm import Session

from microstep.store.models import (
    ApiToken,
    AuthSession,
    CircleMember,
    Invite,
    LoginAttempt,
    Mentorship,
    Person,
    Team,
)


def person_by_email(*, session: Session, email: str) -> Person | None:
    """The account with this (lower-cased) email."""
    return session.scalars(select(Person).where(func.lower(Person.email) == email)).first()


def person_by_external_id(*, session: Session, external_id: str) -> Person | None:
    """The person the HR system knows by this id."""
    return session.scalars(select(Person).where(Person.external_id == external_id)).first()


def list_people(*, session: Session) -> Sequence[Person]:
    """Every active account of the organization, by name."""
    return session.scalars(
        select(Person)
        .where(Person.is_local.is_(False), Person.is_active.is_(True))
        .order_by(Person.name)
    ).all()


def count_people(*, session: Session) -> int:
    """How many accounts the organization has."""
    return session.scalar(select(func.count()).select_from(Person)) or 0


def team_by_name(*, session: Session, name: str) -> Team | None:
    """The team with this name."""
    return session.scalars(select(Team).where(Team.name == name)).first()


def list_teams(*, session: Session) -> Sequence[Team]:
    """Every team, by name."""
    return session.scalars(select(Team).order_by(Team.name)).all()


def get_team(*, session: Session, team_id: int) -> Team | None:
    """A team by id."""
    return session.get(Team, team_id)


def teams_managed_by(*, session: Session, person_id: int) -> Sequence[Team]:
    """The teams this person manages."""
    return session.scalars(
        select(Team).where(Team.manager_id == person_id).order_by(Team.name)
    ).all()


def team_members(*, session: Session, team_id: int) -> Sequence[Person]:
    """The active people of a team, by name."""
    return session.scalars(
        select(Person)
        .where(Person.team_id == team_id, Person.is_active.is_(True))
        .order_by(Person.name)
    ).all()


def add_team(*, session: Session, name: str, now: datetime) -> Team:
    """Store a new team."""
    team = Team(name=name, created_at=now)
    session.add(team)
    session.flush()
    return team


def add_session(*, session: Session, record: AuthSession) -> None:
    """Store a sign-in."""
    session.add(record)
    session.flush()


def end_session(*, session: Session, session_id: str) -> None:
    """Forget a sign-in."""
    session.execute(delete(AuthSession).where(AuthSession.id == session_id))


def end_sessions_of(*, session: Session, person_id: int) -> None:
    """Forget every sign-in of a person (after a password change)."""
    session.execute(delete(AuthSession).where(AuthSession.person_id == person_id))


def purge_expired(*, session: Session, now: datetime, attempts_before: datetime) -> None:
    """Drop expired sign-ins and old failed attempts."""
    session.execute(delete(AuthSession).where(AuthSession.expires_at <= now))
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < attempts_before))


def add_attempt(*, session: Session, key: str, now: datetime) -> None:
    """Remember a failed sign-in."""
    session.add(LoginAttempt(key=key, attempted_at=now))
    session.flush()


def count_attempts(*, session: Session, keys: Sequence[str], since: datetime) -> int:
    """The most failed sign-ins any of these keys has had since `since`."""
    counts = session.execute(
        select(LoginAttempt.key, func.count())
        .where(LoginAttempt.key.in_(keys), LoginAttempt.attempted_at >= since)
        .group_by(LoginAttempt.key)
    ).all()
    return max((count for _, count in counts), default=0)


def clear_attempts(*, session: Session, key: str) -> None:
    """Forget failed sign-ins after a good one."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def add_token(*, session: Session, token: ApiToken) -> ApiToken:
    """Store a new API token."""
    session.add(token)
    session.flush()
    return token


def list_tokens(*, session: Session, person_id: int) -> Sequence[ApiToken]:
    """A person's tokens, newest first."""
    return session.scalars(
        select(ApiToken).where(ApiToken.person_id == person_id).order_by(ApiToken.id.desc())
    ).all()


def get_token(*, session: Session, person_id: int, token_id: int) -> ApiToken | None:
    """One of a person's tokens."""
    return session.scalars(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.person_id == person_id)
    ).first()


def add_invite(*, session: Session, invite: Invite) -> Invite:
    """Store a new invite."""
    session.add(invite)
    session.flush()
    return invite


def invite_by_hash(*, session: Session, token_hash: str) -> Invite | None:
    """The invite with this token hash."""
    return session.scalars(select(Invite).where(Invite.token_hash == token_hash)).first()


def add_mentorship(*, session: Session, mentee_id: int, mentor_id: int, now: datetime) -> None:
    """Record that `mentor_id` mentors `mentee_id` (once)."""
    exists = session.scalars(
        select(Mentorship.id).where(
            Mentorship.mentee_id == mentee_id, Mentorship.mentor_id == mentor_id
        )
    ).first()
    if exists is None:
        session.add(Mentorship(mentee_id=mentee_id, mentor_id=mentor_id, created_at=now))
        session.flush()


def mentors_of(*, session: Session, person_id: int) -> Sequence[Person]:
    """The mentors a person invited."""
    return session.scalars(
        select(Person)
        .join(Mentorship, Mentorship.mentor_id == Person.id)
        .where(Mentorship.mentee_id == person_id)
        .order_by(Person.name)
    ).all()


def mentees_of(*, session: Session, person_id: int) -> Sequence[Person]:
    """The people who invited this person as their mentor."""
    return session.scalars(
        select(Person)
        .join(Mentorship, Mentorship.mentee_id == Person.id)
        .where(Mentorship.mentor_id == person_id)
        .order_by(Person.name)
    ).all()


def _roles() -> tuple[Any, Any]:
    """Whether the selected person manages a team, and whether they mentor anyone."""
    manages = exists().where(Team.manager_id == Person.id).label("is_manager")
    mentors = exists().where(Mentorship.mentor_id == Person.id).label("is_mentor")
    return manages, mentors


def viewer_row(*, session: Session, person_id: int) -> Row[Any] | None:
    """The person with their roles, in one round trip."""
    return session.execute(select(Person, *_roles()).where(Person.id == person_id)).first()


def session_viewer_row(*, session: Session, session_id: str, now: datetime) -> Row[Any] | None:
    """The person an unexpired sign-in belongs to, their roles and its CSRF token, in one query."""
    return session.execute(
        select(Person, *_roles(), AuthSession.csrf_token)
        .join(AuthSession, AuthSession.person_id == Person.id)
        .where(
            AuthSession.id == session_id,
            AuthSession.expires_at > now,
            Person.is_active.is_(True),
        )
    ).first()


def token_viewer_row(*, session: Session, token_hash: str) -> Row[Any] | None:
    """The person an unrevoked token acts for, their roles and the token, in one query."""
    return session.execute(
        select(Person, *_roles(), ApiToken)
        .join(ApiToken, ApiToken.person_id == Person.id)
        .where(
            ApiToken.token_hash == token_hash,
            ApiToken.revoked_at.is_(None),
            Person.is_active.is_(True),
        )
    ).first()


def revoke_tokens_of(*, session: Session, person_id: int, now: datetime) -> None:
    """Stop every live token of a person."""
    session.execute(
        update(ApiToken)
        .where(ApiToken.person_id == person_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def end_mentorship(*, session: Session, mentee_id: int, mentor_id: int) -> bool:
    """Forget that `mentor_id` mentors `mentee_id`; False when they did not."""
    result = session.execute(
        delete(Mentorship).where(
            Mentorship.mentee_id == mentee_id, Mentorship.mentor_id == mentor_id
        )
    )
    return bool(getattr(result, "rowcount", 0))


def leave_everything(*, session: Session, person_id: int) -> None:
    """Take a closed account out of its circles and mentorships (both ways)."""
    session.execute(delete(CircleMember).where(CircleMember.person_id == person_id))
    session.execute(
        delete(Mentorship).where(
            (Mentorship.mentor_id == person_id) | (Mentorship.mentee_id == person_id)
        )
    )
