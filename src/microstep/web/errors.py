"""One handler for every error: the API answers in one JSON shape, pages flash or explain."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from microstep.errors import InvalidInput, MicrostepError, NotFound, NotInitialised
from microstep.web.render import back_to, flash, redirect, render

log = logging.getLogger("microstep.web")
LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})
# Pydantic appends a second clause ("..., input is too short"); one clause reads better.
TRAILER = re.compile(r", (?=input |unable |got )")
UNEXPECTED = "Something went wrong on our side; the details are in the server log."


class ErrorDetail(BaseModel):
    """What went wrong, in one sentence, and which field it concerns."""

    status: int
    title: str
    message: str
    field: str | None


class ErrorResponse(BaseModel):
    """The one shape of every JSON error."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        403: "Refused: the request came from another site's page.",
        404: "No such record (or path).",
        409: "Clashes with the current state: a limit, a finished goal, or no setup yet.",
        422: "Invalid input; nothing was written.",
    }.items()
}


class HttpProblem(MicrostepError):
    """An HTTP-level refusal (unknown path, wrong method) in the shape of every other error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = HTTPStatus(status).phrase.capitalize()


class CrossSiteRequest(MicrostepError):
    """A state-changing request sent by another site's page."""

    status = 403
    title = "Forbidden"


def is_api(request: Request) -> bool:
    """True for the JSON API, which never answers with HTML."""
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def error_response(exc: MicrostepError) -> JSONResponse:
    """The one JSON error shape, with the error's status."""
    detail = ErrorDetail(status=exc.status, title=exc.title, message=exc.message, field=exc.field)
    return JSONResponse(ErrorResponse(error=detail).model_dump(), status_code=exc.status)


async def handle_error(request: Request, exc: Exception) -> Response:
    """The one handler: JSON for the API; a setup redirect, flash or error page for HTML."""
    if not isinstance(exc, MicrostepError):
        log.error("Unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        exc = HttpProblem(500, UNEXPECTED)
    if is_api(request):
        return error_response(exc)
    if isinstance(exc, NotInitialised):
        return redirect("/setup")
    if request.method == "POST" and not isinstance(exc, NotFound):
        flash(request, exc.message, "error")
        return redirect(back_to(request))
    return render(request, "error.html", {"error": exc}, status=exc.status)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Malformed input (a date that is not a date) becomes an InvalidInput like any other."""
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0]
    loc = first.get("loc", ())
    if loc[:1] == ("path",) and not is_api(request):
        return await handle_error(request, NotFound(f"There is nothing at {request.url.path}."))
    field = field_name(loc)
    return await handle_error(request, InvalidInput(sentence(field, first), field=field))


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and wrong methods, in the same shapes as every other error."""
    assert isinstance(exc, HTTPException)
    path = request.url.path
    messages = {
        404: f"There is nothing at {path}.",
        405: f"{request.method} is not allowed on {path}.",
    }
    message = messages.get(exc.status_code, f"The request to {path} failed: {exc.detail}.")
    return await handle_error(request, HttpProblem(exc.status_code, message))


def field_name(loc: Sequence[int | str]) -> str | None:
    """The field a validation error points at: the last name after its location."""
    names = [part for part in loc if isinstance(part, str) and part not in LOCATIONS]
    return names[-1] if names else None


def sentence(field: str | None, error: dict[str, Any]) -> str:
    """One sentence such as "The field 'due' is invalid: input should be a valid date."."""
    if error.get("type") == "json_invalid":
        return "The request body is not valid JSON."
    reason = TRAILER.split(str(error.get("msg", "invalid value")))[0].rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    if str(error.get("type", "")).startswith("date_"):
        reason = "input should be a valid date (YYYY-MM-DD)"
    if field is None:
        return f"The request is invalid: {reason}."
    return f"The field '{field}' is invalid: {reason}."


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one handler."""
    app.add_exception_handler(MicrostepError, handle_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_error)
