"""Dependencies shared by the API and the pages, as `Annotated` aliases."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Path, Query, Request

from microstep.errors import NotFound, NotSignedIn
from microstep.services import accounts, people
from microstep.services.accounts_schemas import Viewer
from microstep.services.context import Context, policy_from, practice_policy_from
from microstep.services.schemas import MAX_ID
from microstep.settings import Settings
from microstep.store.db import Database
from microstep.web.errors import CrossSiteRequest

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Database:
    """The database the app serves."""
    db: Database = request.app.state.db
    return db


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]


SESSION_COOKIE = "microstep_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
# Pages a signed-out visitor may post to: they open a session rather than use one.
OPEN_POSTS = ("/login", "/invite/")
UNKNOWN = object()


def bearer_token(request: Request) -> str | None:
    """The API token of an `Authorization: Bearer ...` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_viewer(request: Request) -> Viewer | None:
    """Who is signed in (team mode), by API token or session cookie; looked up once a request."""
    known = getattr(request.state, "viewer", UNKNOWN)
    if known is None or isinstance(known, Viewer):
        return known
    db: Database = request.app.state.db
    token = bearer_token(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    viewer = None
    if token is not None:
        viewer = accounts.token_viewer(db, token)
    elif cookie:
        viewer = accounts.session_viewer(db, cookie)
    request.state.viewer = viewer
    return viewer


def team_viewer(request: Request) -> Viewer | None:
    """The signed-in person for templates (always None in personal mode)."""
    settings: Settings = request.app.state.settings
    return current_viewer(request) if settings.team else None


def get_context(request: Request, db: DbDep, settings: SettingsDep) -> Context:
    """Who acts today: the local person (personal mode) or the signed-in one (team mode)."""
    if not settings.team:
        return people.personal_context(db, settings=settings)
    viewer = current_viewer(request)
    if viewer is None:
        raise NotSignedIn("Sign in to continue.")
    return Context(
        db=db,
        person_id=viewer.person_id,
        policy=policy_from(settings),
        practice=practice_policy_from(settings),
        today=date.today(),
    )


CtxDep = Annotated[Context, Depends(get_context)]


def team_feature(message: str) -> Callable[[Settings], None]:
    """A router's dependency: in personal mode its routes answer 404 with `message` (before any
    sign-in check, so personal mode never asks anyone to sign in)."""

    def require_team(settings: SettingsDep) -> None:
        if not settings.team:
            raise NotFound(message)

    return require_team


ViewerDep = Annotated[Viewer | None, Depends(current_viewer)]

# Ids are 32-bit on PostgreSQL; a bigger one can never exist, so refuse it as input.
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
# Org analytics' "only this team" in the JSON API.
TeamIdQuery = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="Only this team (one you may see).")
]


async def same_origin(request: Request) -> None:
    """Refuse a state-changing request sent from another site's page; in team mode, a write
    with a session cookie must also echo the session's CSRF token (header or form field)."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.url.netloc:
        raise CrossSiteRequest("This request came from another site's page, so it was refused.")
    settings: Settings = request.app.state.settings
    if settings.team and bearer_token(request) is None:
        await _check_csrf(request)


async def _check_csrf(request: Request) -> None:
    if request.url.path.startswith(OPEN_POSTS):
        return
    viewer = current_viewer(request)
    if viewer is None or viewer.csrf_token is None:
        return  # not signed in: the route itself refuses
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if sent is None or not secrets.compare_digest(sent, viewer.csrf_token):
        raise CrossSiteRequest(
            "This form is out of date or came from another page: reload it and try again."
        )


# The org analytics routers (pathways, congestion, succession, mobility, cohorts) serve teams only.
analytics_only = team_feature("Org analytics exist in team mode only.")
