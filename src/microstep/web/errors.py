"""One handler for every error: the API answers in one JSON shape, pages flash or explain."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from microstep.errors import MicrostepError, NotFound, NotInitialised, NotSignedIn, invalid_input
from microstep.web.render import back_to, flash, redirect, render
from microstep.web.security import add_headers

log = logging.getLogger("microstep.web")
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
        401: "Team mode: sign in first (session cookie or `Authorization: Bearer` token).",
        403: "Refused: another site's page, a stale form, or a role that may not do this.",
        404: "No such record (or path).",
        409: "Clashes with the current state: a limit, a finished goal, or no setup yet.",
        422: "Invalid input; nothing was written.",
        429: "Too many: a limit on sign-ins, nudges or questions was reached; wait, then retry.",
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
        problem = HttpProblem(500, UNEXPECTED)
        if is_api(request):
            response: Response = error_response(problem)
        else:
            # This handler runs outside the session middleware: a flash would be lost, so explain.
            response = render(request, "error.html", {"error": problem}, status=500)
        # ... and outside the security headers' middleware too, so add them here.
        settings = request.app.state.settings
        add_headers(response, hsts=settings.team and settings.cookie_secure)
        return response
    if is_api(request):
        return error_response(exc)
    if isinstance(exc, NotInitialised):
        return redirect("/setup")
    if isinstance(exc, NotSignedIn):
        return redirect("/login?" + urlencode({"next": request.url.path}))
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
    return await handle_error(request, invalid_input(exc.errors()))


async def handle_model_error(request: Request, exc: Exception) -> Response:
    """A schema refusing a value built from a form is bad input, like any other."""
    assert isinstance(exc, ValidationError)
    return await handle_error(request, invalid_input(exc.errors()))


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


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one handler."""
    app.add_exception_handler(MicrostepError, handle_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(ValidationError, handle_model_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_error)
