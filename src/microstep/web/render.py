"""Rendering pages: the Jinja environment, flash messages kept in the session, redirects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from microstep.core.skills import LEVEL_NAMES
from microstep.errors import MicrostepError
from microstep.web import words

TEMPLATES = Path(__file__).with_name("templates")
FLASH_KEY = "flash"

templates = Jinja2Templates(directory=TEMPLATES)
templates.env.filters.update(
    due_phrase=words.due_phrase, days_until=words.days_until, num=words.number
)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """Keep a message for the next page shown (kind: ok, warn or error)."""
    # Reassign rather than append: the session only notices a new value, not a mutated list.
    request.session[FLASH_KEY] = [*request.session.get(FLASH_KEY, []), [kind, message]]


def pop_flashes(request: Request) -> list[tuple[str, str]]:
    """The waiting flash messages, removed from the session."""
    if FLASH_KEY not in request.session:
        return []
    return [(kind, message) for kind, message in request.session.pop(FLASH_KEY)]


templates.env.globals.update(flashes=pop_flashes, level_names=LEVEL_NAMES)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a template with the request in its context."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status)


def redirect(url: str) -> RedirectResponse:
    """A 303 redirect, so the browser follows a form POST with a GET."""
    return RedirectResponse(url, status_code=303)


def back_to(request: Request, default: str = "/") -> str:
    """The same-site page the request came from, else `default`."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return default
    return referer.path + (f"?{referer.query}" if referer.query else "")


def act_and_redirect(
    request: Request,
    act: Callable[[], str],
    page: str,
    refusals: tuple[type[MicrostepError], ...],
) -> RedirectResponse:
    """Run a one-click form's action, flash its message (or the reason it was refused, for the
    refusals a form expects) and go to `page`."""
    try:
        flash(request, act())
    except refusals as exc:
        flash(request, exc.message, "error")
    return redirect(page)
