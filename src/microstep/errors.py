"""One error hierarchy for the whole product.

Every error carries an HTTP-like status, a short title and a one-sentence message. The web layer
turns it into a flash message or the one JSON error shape; the CLI prints the message and exits 2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any


class MicrostepError(Exception):
    """Base of every error a user may see."""

    status: int = 400
    title: str = "Bad request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(MicrostepError):
    """The input breaks a rule; nothing was written."""

    status = 422
    title = "Invalid input"


class NotFound(MicrostepError):
    """The record does not exist (or is not yours to see)."""

    status = 404
    title = "Not found"


class Conflict(MicrostepError):
    """The request clashes with the current state (a limit, a finished goal)."""

    status = 409
    title = "Conflict"


class NotInitialised(MicrostepError):
    """Personal mode has no person yet: `microstep init` first."""

    status = 409
    title = "Not set up yet"


class NotSignedIn(MicrostepError):
    """Team mode needs a signed-in person (or an API token) for this."""

    status = 401
    title = "Sign-in needed"


class Forbidden(MicrostepError):
    """Signed in, but this person's role does not allow the action."""

    status = 403
    title = "Forbidden"


class TooMany(MicrostepError):
    """A limit on how often something may be done was reached: wait, then try again."""

    status = 429
    title = "Too many"


class TooManyAttempts(TooMany):
    """Too many failed sign-ins: wait before trying again."""

    title = "Too many attempts"


class TooManyNudges(TooMany):
    """One person nudged another as often as a day allows."""

    title = "Too many nudges"


class ConfigError(MicrostepError):
    """A setting is missing or malformed."""

    status = 500
    title = "Configuration error"


LOCATIONS = frozenset({"body", "query", "path", "header", "cookie"})
# Pydantic appends a second clause ("..., input is too short"); one clause reads better.
TRAILER = re.compile(r", (?=input |unable |got )")


def field_name(loc: Sequence[int | str]) -> str | None:
    """The field a validation error points at: the last name after its location."""
    names = [part for part in loc if isinstance(part, str) and part not in LOCATIONS]
    return names[-1] if names else None


def sentence(field: str | None, error: Mapping[str, Any]) -> str:
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


def invalid_input(errors: Sequence[Mapping[str, Any]]) -> InvalidInput:
    """The first of pydantic's validation errors as one InvalidInput sentence."""
    first = errors[0]
    field = field_name(first.get("loc", ()))
    return InvalidInput(sentence(field, first), field=field)
