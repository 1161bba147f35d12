"""What the in-process web tests share: reading the one error shape and parts of a page."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from typing import Any


def from_today(days: int) -> str:
    """The ISO day `days` after the real today (negative: before); the web acts on date.today()."""
    return (date.today() + timedelta(days=days)).isoformat()


def error_of(response: Any, status: int) -> dict[str, Any]:
    """The error body, after checking it has exactly the one shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "title", "message", "field"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["title"], str)
    assert body["error"]["message"].endswith(".")
    error: dict[str, Any] = body["error"]
    return error


def flash_of(page: str, *, unescape: bool = True) -> str:
    """The flash container's HTML, with entities decoded unless asked not to."""
    return element(page, "flash", unescape=unescape)


def element(page: str, element_id: str, *, unescape: bool = True) -> str:
    """The element with this id up to its closing tag, with entities decoded unless asked not to."""
    found = re.search(rf'<(\w+)[^>]*id="{element_id}".*?</\1>', page, re.S)
    assert found is not None, element_id
    return html.unescape(found.group(0)) if unescape else found.group(0)
