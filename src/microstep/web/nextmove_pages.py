"""Next-move recommendations for a person.

The HTML pages. The same services as the JSON API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from microstep.services import nextmove
from microstep.web.deps import CtxDep, SettingsDep
from microstep.web.render import render

router = APIRouter(include_in_schema=False)
TOPS = (3, 5, 10)


@router.get("/next-moves")
def next_moves_page(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    top: Annotated[int, Query(ge=1, le=nextmove.MAX_TOP)] = 5,
) -> Response:
    """Your suggested next moves, each with its reasons."""
    found = nextmove.next_moves(ctx, top, org=settings.mode == "team")
    return render(request, "next_moves.html", {"found": found, "top": top, "tops": TOPS})
