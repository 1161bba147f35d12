"""`microstep gap`: stub wired by the lead; the helper building it fills it in."""

from __future__ import annotations

import typer

gap_app = typer.Typer(help="The skill gap to your target role.")


def set_role() -> None:
    """Link an objective to its target occupation (stub)."""
