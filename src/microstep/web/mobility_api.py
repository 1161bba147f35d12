"""Mobility metrics and pilot cohorts (HR and managers).

The JSON API. The same services as the pages and the CLI.
"""

from __future__ import annotations

from fastapi import APIRouter

from microstep.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["analytics"])
