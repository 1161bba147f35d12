"""Next-move recommendations for a person.

The JSON API. The same services as the pages and the CLI.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from microstep.services import nextmove
from microstep.services.nextmove_schemas import NextMovesPublic
from microstep.web.deps import CtxDep, SettingsDep
from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["analytics"])
Top = Annotated[int, Query(ge=1, le=nextmove.MAX_TOP, description="How many suggestions.")]


@router.get("/next-moves")
def next_moves(ctx: CtxDep, settings: SettingsDep, top: Top = 5) -> NextMovesPublic:
    """Your sensible next roles with reasons: from your moves, objective and skill map, the
    public taxonomy, and in team mode the organization's history (counts only)."""
    return nextmove.next_moves(ctx, top, org=settings.mode == "team")
