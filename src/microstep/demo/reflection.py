"""(being built) demo history for issue 4."""

from __future__ import annotations

from datetime import date

from microstep.services.context import Context


def build_reflection_demo(ctx: Context, *, start: date, seed: int) -> str:
    """Fill the demo; returns a short phrase for the summary ('' when nothing)."""
    return ""
