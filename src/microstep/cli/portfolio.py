"""(being built) the portfolio, stakeholder updates, export and import of all your data."""

from __future__ import annotations

import typer

app = typer.Typer(help="Your portfolio of achievements.")


def export_data() -> None:
    """Export all your data as versioned JSON."""


def import_data() -> None:
    """Import data exported by `microstep export`."""
