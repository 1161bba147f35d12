"""Pathways to a target role, congestion and alternate routes (HR and managers).

The HTML pages. The same services as the JSON API.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
