"""Team mode's accounts: sign-in with rate limits, sessions, API tokens, invites, HRIS import.

Secrets never rest in the database: sessions, tokens and invites keep a SHA-256 of a random
token, passwords an argon2 hash. Every check reads the database, so any app server can answer.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from rapidfuzz import process as rf_process
from sqlalchemy.orm import Session

from microstep.core import accounts as rules
from microstep.core.text import clean_text
from microstep.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    NotSignedIn,
    TooManyAttempts,
)
from microstep.services.accounts_schemas import (
    InviteAccept,
    InviteCreate,
    InviteLink,
    PeopleImported,
    PersonCard,
    SignedIn,
    SignIn,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    Viewer,
)
from microstep.services.context import Context
from microstep.settings import Settings
from microstep.store import accounts as store
from microstep.store import queries
from microstep.store.db import Database
from microstep.store.models import ApiToken, AuthSession, Invite, Person

HASHER = PasswordHasher()
ATTEMPT_WINDOW = timedelta(minutes=15)
CLIENT_PATIENCE = 10  # failures from one address, per failure allowed for one account
INVITE_DAYS = 14
TOKEN_PREFIX = "mst_"
# A hash to verify against when the email is unknown, so both paths take the same time.
DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))


def digest(token: str) -> str:
    """The SHA-256 of a token: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    """An argon2 hash of a password that passes the rules."""
    rules.check_password(password)
    return HASHER.hash(password)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return HASHER.verify(stored or DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def sign_in(
    db: Database, form: SignIn, *, client: str, settings: Settings, now: datetime | None = None
) -> SignedIn:
    """Check the password (within the rate limit) and open a session."""
    now = now or datetime.now(UTC)
    email = form.email.strip().lower()
    keys = [f"email:{email}"[:400], f"client:{client}"[:400]]
    with db.transaction() as session:
        _within_limits(session, keys, settings=settings, now=now)
        person = store.person_by_email(session=session, email=email)
        stored = person.password_hash if person is not None and person.is_active else None
        signed = None
        matches = _verify(stored, form.password)  # always hashed: timing says nothing
        if person is not None and matches:
            store.clear_attempts(session=session, key=keys[0])
            if HASHER.check_needs_rehash(stored or ""):
                person.password_hash = HASHER.hash(form.password)
            signed = _open_session(session, person.id, settings=settings, now=now)
        else:  # kept: the refusal is raised after the commit
            for key in keys:
                store.add_attempt(session=session, key=key, now=now)
    if signed is None:
        raise NotSignedIn("That email and password do not match an account.")
    return signed


def _within_limits(session: Session, keys: list[str], *, settings: Settings, now: datetime) -> None:
    """Refuse while an account, or (ten times as patient, since an office may share one)
    a client address, has had too many failed sign-ins in the window."""
    since = now - ATTEMPT_WINDOW
    account, client = keys
    if store.count_attempts(session=session, keys=[account], since=since) >= (
        settings.login_attempts
    ):
        raise TooManyAttempts("Too many failed sign-ins for this account: wait 15 minutes.")
    if store.count_attempts(session=session, keys=[client], since=since) >= (
        settings.login_attempts * CLIENT_PATIENCE
    ):
        raise TooManyAttempts("Too many failed sign-ins from this address: wait 15 minutes.")


def _open_session(
    session: Session, person_id: int, *, settings: Settings, now: datetime
) -> SignedIn:
    token = secrets.token_urlsafe(32)
    record = AuthSession(
        id=digest(token),
        person_id=person_id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + timedelta(days=settings.session_days),
    )
    store.add_session(session=session, record=record)
    store.purge_expired(session=session, now=now, attempts_before=now - ATTEMPT_WINDOW)
    return SignedIn(person_id=person_id, token=token, csrf_token=record.csrf_token)


def sign_out(db: Database, token: str) -> None:
    """End the session this cookie token opened."""
    with db.transaction() as session:
        store.end_session(session=session, session_id=digest(token))


def session_viewer(db: Database, token: str, *, now: datetime | None = None) -> Viewer | None:
    """Who a session cookie signs in, or None when it is unknown or expired (one query)."""
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        row = store.session_viewer_row(session=session, session_id=digest(token), now=now)
        if row is None:
            return None
        return _viewer(row.Person, row.is_manager, row.is_mentor, csrf_token=row.csrf_token)


def token_viewer(db: Database, token: str, *, now: datetime | None = None) -> Viewer | None:
    """Who an API token acts for, or None when it is unknown or revoked."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    now = now or datetime.now(UTC)
    with db.transaction() as session:
        row = store.token_viewer_row(session=session, token_hash=digest(token))
        if row is None:
            return None
        record = row.ApiToken
        if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
            record.last_used_at = now  # coarse, so a busy script does not write on every call
        return _viewer(row.Person, row.is_manager, row.is_mentor, csrf_token=None)


def viewer_of(ctx: Context) -> Viewer:
    """The acting person as a viewer (roles included)."""
    with ctx.db.transaction() as session:
        row = store.viewer_row(session=session, person_id=ctx.person_id)
        if row is None:
            raise NotSignedIn("Your account no longer exists: sign in again.")
        return _viewer(row.Person, row.is_manager, row.is_mentor, csrf_token=None)


def _viewer(person: Person, manages: bool, mentors: bool, *, csrf_token: str | None) -> Viewer:
    return Viewer(
        person_id=person.id,
        name=person.name,
        email=person.email,
        role="hr_admin" if person.role == "hr_admin" else "employee",
        is_manager=bool(manages),
        is_mentor=bool(mentors),
        is_advisor=person.is_advisor,
        csrf_token=csrf_token,
    )


def require_hr(ctx: Context) -> None:
    """Refuse unless the acting person administers the organization."""
    if viewer_of(ctx).role != "hr_admin":
        raise Forbidden("Only an HR admin of the organization may do this.")


def change_password(ctx: Context, *, current: str, new: str) -> None:
    """Replace the password after checking the current one; other sign-ins end."""
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=ctx.person_id)
        if person is None or not _verify(person.password_hash, current):
            raise InvalidInput("The current password is not right.", field="current")
        person.password_hash = hash_password(new)
        store.end_sessions_of(session=session, person_id=person.id)


def create_token(ctx: Context, form: TokenCreate) -> TokenCreated:
    """A new API token for scripts; its secret is shown only now."""
    name = clean_text(form.name, field="name", required=True, max_len=100) or ""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ctx.db.transaction() as session:
        record = store.add_token(
            session=session,
            token=ApiToken(
                person_id=ctx.person_id,
                name=name,
                token_hash=digest(token),
                prefix=token[:12],
                created_at=ctx.now(),
            ),
        )
        return TokenCreated(id=record.id, name=name, token=token, prefix=record.prefix)


def list_tokens(ctx: Context) -> list[TokenPublic]:
    """The acting person's API tokens."""
    with ctx.db.transaction() as session:
        rows = store.list_tokens(session=session, person_id=ctx.person_id)
        return [TokenPublic.model_validate(row) for row in rows]


def revoke_token(ctx: Context, token_id: int) -> TokenPublic:
    """Stop a token from working (kept, for the record)."""
    with ctx.db.transaction() as session:
        record = store.get_token(session=session, person_id=ctx.person_id, token_id=token_id)
        if record is None:
            raise NotFound(f"You have no API token number {token_id}.")
        record.revoked_at = record.revoked_at or ctx.now()
        return TokenPublic.model_validate(record)


def create_invite(ctx: Context, form: InviteCreate, *, settings: Settings) -> InviteLink:
    """An invite link: HR admins invite members; anyone invites a mentor for themselves."""
    email = rules.clean_email(form.email)
    if form.kind == "account":
        require_hr(ctx)
    with ctx.db.transaction() as session:
        if form.kind == "mentor":
            _check_mentor(session, ctx, email)
        else:
            _check_newcomer(session, email)
        team_id = _known_team(session, form.team) if form.kind == "account" else None
        return _invite(
            session,
            email=email,
            kind=form.kind,
            role=form.role if form.kind == "account" else "employee",
            team_id=team_id,
            invited_by=ctx.person_id,
            now=ctx.now(),
            settings=settings,
        )


def _check_mentor(session: Session, ctx: Context, email: str) -> None:
    """A mentor is a colleague who has joined: never a way to create or claim an account."""
    mentor = store.person_by_email(session=session, email=email)
    if mentor is None or mentor.password_hash is None or not mentor.is_active:
        raise InvalidInput(
            f"{email} has not joined microstep: a mentor is a colleague with an account "
            "(HR invites new people).",
            field="email",
        )
    if mentor.id == ctx.person_id:
        raise InvalidInput("Invite someone else as your mentor.", field="email")


def _check_newcomer(session: Session, email: str) -> None:
    existing = store.person_by_email(session=session, email=email)
    if existing is not None and existing.password_hash is not None and existing.is_active:
        raise InvalidInput(f"{email} already has an account.", field="email")


def _known_team(session: Session, name: str | None) -> int | None:
    """An existing team (an invite never makes one: a typo would start a team of one)."""
    if name is None or not name.strip():
        return None
    clean = clean_text(name, field="team", required=True, max_len=200) or ""
    team = store.team_by_name(session=session, name=clean)
    if team is None:
        names = [t.name for t in store.list_teams(session=session)]
        near = rf_process.extractOne(clean, names, score_cutoff=70) if names else None
        hint = f"; the closest is '{near[0]}'" if near else ": teams come from the people import"
        raise InvalidInput(f"There is no team '{clean[:80]}'{hint}.", field="team")
    return team.id


def _team_id(session: Session, name: str | None, *, now: datetime) -> int | None:
    if name is None or not name.strip():
        return None
    clean = clean_text(name, field="team", required=True, max_len=200) or ""
    team = store.team_by_name(session=session, name=clean)
    return (team or store.add_team(session=session, name=clean, now=now)).id


def _invite(
    session: Session,
    *,
    email: str,
    kind: str,
    role: str,
    team_id: int | None,
    invited_by: int,
    now: datetime,
    settings: Settings,
) -> InviteLink:
    token = secrets.token_urlsafe(32)
    invite = store.add_invite(
        session=session,
        invite=Invite(
            token_hash=digest(token),
            kind=kind,
            email=email,
            role=role,
            team_id=team_id,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=INVITE_DAYS),
        ),
    )
    url = f"{settings.base_url.rstrip('/')}/invite/{token}"
    return InviteLink(email=email, kind=kind, url=url, expires_at=invite.expires_at)


def describe_invite(db: Database, token: str, *, now: datetime | None = None) -> InviteLink:
    """What an invite link is for (without its secret), or NotFound when it cannot be used."""
    with db.transaction() as session:
        invite = _usable_invite(session, token, now=now or datetime.now(UTC))
        return InviteLink(
            email=invite.email, kind=invite.kind, url="", expires_at=invite.expires_at
        )


def _usable_invite(session: Session, token: str, *, now: datetime) -> Invite:
    invite = store.invite_by_hash(session=session, token_hash=digest(token))
    if invite is None or invite.accepted_at is not None or invite.expires_at <= now:
        raise NotFound("This invite link is unknown, used or expired: ask for a new one.")
    return invite


def accept_invite(
    db: Database, token: str, form: InviteAccept, *, settings: Settings, now: datetime | None = None
) -> SignedIn:
    """Use an invite and sign in: an HR invite sets a new member's first password; an invite
    to an account that has joined (every mentor invite) asks for its password, within the
    sign-in rate limit."""
    now = now or datetime.now(UTC)
    signed = None
    with db.transaction() as session:
        invite = _usable_invite(session, token, now=now)
        person = store.person_by_email(session=session, email=invite.email)
        if person is None or person.password_hash is None:
            if invite.kind == "mentor":
                raise InvalidInput(
                    f"{invite.email} has not joined microstep yet: a mentor joins through "
                    "HR's invite first."
                )
            person = _account_from(session, invite, form, existing=person, now=now)
        elif not _password_ok(session, person, form.password, settings=settings, now=now):
            person = None  # kept: the failed attempt counts towards the rate limit
        if person is not None:
            if invite.kind == "mentor":
                store.add_mentorship(
                    session=session, mentee_id=invite.invited_by, mentor_id=person.id, now=now
                )
            invite.accepted_at = now
            signed = _open_session(session, person.id, settings=settings, now=now)
    if signed is None:
        raise InvalidInput(
            f"{invite.email} already has an account: enter its password.", field="password"
        )
    return signed


def _password_ok(
    session: Session, person: Person, password: str, *, settings: Settings, now: datetime
) -> bool:
    """Check an account's password outside the sign-in form, counting failures like it does."""
    key = f"email:{(person.email or '').lower()}"[:400]
    since = now - ATTEMPT_WINDOW
    if store.count_attempts(session=session, keys=[key], since=since) >= settings.login_attempts:
        raise TooManyAttempts("Too many wrong passwords for this account: wait 15 minutes.")
    if _verify(person.password_hash, password):
        return True
    store.add_attempt(session=session, key=key, now=now)
    return False


def _account_from(
    session: Session, invite: Invite, form: InviteAccept, *, existing: Person | None, now: datetime
) -> Person:
    name = clean_text(form.name, field="name", required=existing is None, max_len=200)
    password_hash = hash_password(form.password)
    if existing is None:
        existing = queries.add_person(session=session, name=name or "", is_local=False, now=now)
        existing.email = invite.email
        existing.role = invite.role
        existing.team_id = invite.team_id
    elif name:
        existing.name = name
    existing.password_hash = password_hash
    existing.is_active = True  # an HR invite also brings a closed account back
    return existing


def person_id_of(db: Database, email: str) -> int:
    """The account with this email, for commands run as someone."""
    with db.transaction() as session:
        person = store.person_by_email(session=session, email=rules.clean_email(email))
        if person is None:
            raise NotFound(f"No account has the email {email.strip()[:80]}.")
        return person.id


def create_admin(db: Database, *, email: str, name: str, password: str) -> PersonCard:
    """The organization's first HR admin (or make an existing account one)."""
    email = rules.clean_email(email)
    clean_name = clean_text(name, field="name", required=True, max_len=200) or ""
    password_hash = hash_password(password)
    now = datetime.now(UTC)
    with db.transaction() as session:
        person = store.person_by_email(session=session, email=email)
        if person is None:
            person = queries.add_person(session=session, name=clean_name, is_local=False, now=now)
            person.email = email
        person.role = "hr_admin"
        person.password_hash = password_hash
        session.flush()
        return _card(session, person)


def _card(session: Session, person: Person) -> PersonCard:
    team = store.get_team(session=session, team_id=person.team_id) if person.team_id else None
    return PersonCard(
        id=person.id,
        name=person.name,
        email=person.email,
        team=team.name if team else None,
        role="hr_admin" if person.role == "hr_admin" else "employee",
        is_advisor=person.is_advisor,
    )


def mentors(ctx: Context) -> list[PersonCard]:
    """The mentors the acting person invited."""
    with ctx.db.transaction() as session:
        found = store.mentors_of(session=session, person_id=ctx.person_id)
        return [_card(session, person) for person in found]


def deactivate(ctx: Context, person_id: int) -> PersonCard:
    """Close a leaver's account (HR admins): sign-ins end, tokens stop, reminders stop, and they
    leave their circles and mentorships; their records stay, and HR can invite them back."""
    require_hr(ctx)
    if person_id == ctx.person_id:
        raise InvalidInput("You cannot close your own account: ask another HR admin.")
    with ctx.db.transaction() as session:
        person = queries.get_person(session=session, person_id=person_id)
        if person is None or person.is_local:
            raise NotFound(f"There is nobody with number {person_id} in this organization.")
        person.is_active = False
        person.password_hash = None  # coming back takes a new invite
        store.end_sessions_of(session=session, person_id=person.id)
        store.revoke_tokens_of(session=session, person_id=person.id, now=ctx.now())
        store.leave_everything(session=session, person_id=person.id)
        return _card(session, person)


def end_mentorship(ctx: Context, mentor_id: int) -> None:
    """Stop a mentor from seeing what you share with your manager and mentors."""
    with ctx.db.transaction() as session:
        if not store.end_mentorship(session=session, mentee_id=ctx.person_id, mentor_id=mentor_id):
            raise NotFound(f"Person number {mentor_id} is not one of your mentors.")


def directory(ctx: Context) -> list[PersonCard]:
    """Everyone in the organization (names, teams, emails: what a staff directory shows)."""
    with ctx.db.transaction() as session:
        return [_card(session, person) for person in store.list_people(session=session)]


def import_people(ctx: Context, data: bytes, *, settings: Settings) -> PeopleImported:
    """Create or update people and teams from an HRIS export, all or nothing (HR admins)."""
    require_hr(ctx)
    rows = rules.parse_people(data)
    now = ctx.now()
    with ctx.db.transaction() as session:
        people, created, invites = _upsert_people(session, rows, ctx=ctx, settings=settings)
        teams, changes = _assign_teams(session, rows, people, now=now)
        return PeopleImported(
            created=created,
            updated=len(rows) - created,
            teams=teams,
            invites=invites,
            manager_changes=changes,
        )


def _upsert_people(
    session: Session, rows: Sequence[rules.PersonRow], *, ctx: Context, settings: Settings
) -> tuple[dict[str, Person], int, list[InviteLink]]:
    people: dict[str, Person] = {}
    created, invites = 0, []
    for row in rows:
        person = store.person_by_external_id(session=session, external_id=row.employee_id)
        by_email = store.person_by_email(session=session, email=row.email)
        if person is None:
            person = by_email
        elif by_email is not None and by_email.id != person.id:
            raise InvalidInput(f"Line {row.line}: {row.email} belongs to another person.")
        if person is None:
            person = queries.add_person(
                session=session, name=row.name, is_local=False, now=ctx.now()
            )
            created += 1
        person.external_id, person.name, person.email = row.employee_id, row.name, row.email
        person.role, person.is_advisor = row.role, row.advisor
        if person.password_hash is None:
            invites.append(
                _invite(
                    session,
                    email=row.email,
                    kind="account",
                    role=row.role,
                    team_id=None,
                    invited_by=ctx.person_id,
                    now=ctx.now(),
                    settings=settings,
                )
            )
        people[row.employee_id] = person
    session.flush()
    return people, created, invites


def _assign_teams(
    session: Session, rows: Sequence[rules.PersonRow], people: dict[str, Person], *, now: datetime
) -> tuple[int, list[str]]:
    """Put people in their teams and each team's manager in place; what changed hands."""
    names = sorted({row.team for row in rows if row.team})
    teams = {name: _team_id(session, name, now=now) for name in names}
    for row in rows:
        people[row.employee_id].team_id = teams[row.team] if row.team else None
    changes = []
    for name, manager in rules.team_managers(list(rows)).items():
        team = store.get_team(session=session, team_id=teams[name] or 0)
        new = people[manager]
        if team is None or team.manager_id == new.id:
            continue
        was = queries.get_person(session=session, person_id=team.manager_id or 0)
        changes.append(f"{name}: {new.name} now manages it" + (f" (was {was.name})" if was else ""))
        team.manager_id = new.id
    return len(names), changes
