"""One error hierarchy for the whole product.

Every error carries an HTTP-like status, a short title and a one-sentence message. The web layer
turns it into a flash message or the one JSON error shape; the CLI prints the message and exits 2.
"""

from __future__ import annotations


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


class ConfigError(MicrostepError):
    """A setting is missing or malformed."""

    status = 500
    title = "Configuration error"
