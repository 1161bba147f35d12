"""Use cases: one function per user action, shared by the web pages, the JSON API and the CLI."""

# New records take their owner's sharing default: the listener registers on import.
from microstep.services import sharing as _sharing  # noqa: F401
