"""Dependencies shared by the API and the pages, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request

from microstep.services import people
from microstep.services.context import Context
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


def get_context(db: DbDep, settings: SettingsDep) -> Context:
    """The local person acting today; NotInitialised before setup."""
    return people.personal_context(db, settings=settings)


CtxDep = Annotated[Context, Depends(get_context)]

# Ids are 32-bit on PostgreSQL; a bigger one can never exist, so refuse it as input.
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


def same_origin(request: Request) -> None:
    """Refuse a state-changing request sent from another site's page (the UI has no login)."""
    origin = request.headers.get("origin")
    if request.method in SAFE_METHODS or origin is None:
        return
    if urlsplit(origin).netloc != request.url.netloc:
        raise CrossSiteRequest("This request came from another site's page, so it was refused.")
