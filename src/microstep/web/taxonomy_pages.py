"""HTML pages of taxonomy: stub wired by the lead; the helper building it fills it in."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
