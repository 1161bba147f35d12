"""The application factory: one FastAPI app serving the JSON API and the HTML pages."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from microstep import __version__
from microstep.services import taxonomy
from microstep.settings import Settings, get_settings
from microstep.store.db import Database, open_database
from microstep.web import (
    account_api,
    account_pages,
    api,
    circle_api,
    circle_pages,
    coaching_api,
    coaching_pages,
    evidence_api,
    evidence_pages,
    gap_api,
    gap_pages,
    goal_pages,
    market_api,
    market_pages,
    matching_api,
    matching_pages,
    mobility_api,
    mobility_pages,
    move_api,
    move_pages,
    nextmove_api,
    nextmove_pages,
    notification_api,
    opportunity_api,
    opportunity_pages,
    pages,
    pathways_api,
    pathways_pages,
    portfolio_api,
    portfolio_pages,
    practice_api,
    practice_pages,
    reflection_api,
    reflection_pages,
    review_api,
    review_pages,
    sharing_api,
    sharing_pages,
    succession_api,
    succession_pages,
    taxonomy_api,
    taxonomy_pages,
    team_api,
    team_pages,
)
from microstep.web.deps import same_origin, team_viewer
from microstep.web.errors import install_error_handlers
from microstep.web.render import templates
from microstep.web.security import SecurityHeaders

STATIC = Path(__file__).with_name("static")
DESCRIPTION = (
    "Careers that grow by small, measured steps. Every error answers with one shape: "
    '`{"error": {"status", "title", "message", "field"}}`.'
)


LOOPBACK = frozenset({"127.0.0.1", "localhost"})
ANY_INTERFACE = frozenset({"0.0.0.0", "::"})


def allowed_hosts(settings: Settings) -> list[str]:
    """The Host headers to answer: loopback names, plus the interface served on, if other."""
    if settings.host in ANY_INTERFACE:
        return ["*"]
    hosts = list(settings.allowed_hosts)
    if settings.host not in LOOPBACK:
        hosts.append(settings.host)
    public = urlsplit(settings.base_url).hostname
    if settings.team and public and public not in hosts:
        hosts.append(public)  # the name people reach the team server by
    return hosts


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """Build the app over `db`, or over the database the settings name."""
    app = FastAPI(
        title="microstep",
        version=__version__,
        description=DESCRIPTION,
        dependencies=[Depends(same_origin)],
    )
    app.state.settings = settings
    taxonomy.use_cache_dir(settings.data_dir / "cache")  # linker indexes survive restarts
    app.state.db = db if db is not None else open_database(settings.resolved_database_url())
    # Flash messages only. Personal mode: a fresh secret per process is enough for a local,
    # login-free UI. Team mode: every app server signs with the configured secret.
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or secrets.token_urlsafe(32),
        session_cookie="microstep_flash",
        https_only=settings.team and settings.cookie_secure,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(settings))
    app.add_middleware(SecurityHeaders, hsts=settings.team and settings.cookie_secure)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (
        api.router,
        practice_api.router,
        goal_pages.router,
        pages.router,
        practice_pages.router,
        evidence_api.router,
        evidence_pages.router,
        review_api.router,
        review_pages.router,
        reflection_api.router,
        reflection_pages.router,
        portfolio_api.router,
        portfolio_pages.router,
        taxonomy_api.router,
        taxonomy_pages.router,
        gap_api.router,
        gap_pages.router,
        market_api.router,
        market_pages.router,
        account_api.router,
        account_pages.router,
        sharing_api.router,
        sharing_pages.router,
        circle_api.router,
        circle_pages.router,
        coaching_api.router,
        coaching_pages.router,
        team_api.router,
        team_pages.router,
        notification_api.router,
        move_api.router,
        move_pages.router,
        opportunity_api.router,
        opportunity_pages.router,
        matching_api.router,
        matching_pages.router,
        nextmove_api.router,
        nextmove_pages.router,
        pathways_api.router,
        pathways_pages.router,
        succession_api.router,
        succession_pages.router,
        mobility_api.router,
        mobility_pages.router,
    )
    for router in routers:
        app.include_router(router)
    templates.env.globals["team_viewer"] = team_viewer
    install_error_handlers(app)
    return app


def from_environment() -> FastAPI:
    """The app over the database the environment names (each `serve --workers` process)."""
    return create_app(get_settings())
