"""Next-move recommendations for a person.

The HTML pages. The same services as the JSON API.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
