"""Team mode's JSON API for team (being built)."""

from __future__ import annotations

from fastapi import APIRouter

from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["team"])
