"""JSON API of gap: stub wired by the lead; the helper building it fills it in."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["gap"])
