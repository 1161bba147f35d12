"""`microstep org succession` and `org critical-role`: who is ready to succeed whom."""

from __future__ import annotations

import typer

critical_app = typer.Typer(
    help="Mark the roles the organization cannot leave empty.", no_args_is_help=True
)


def show_succession() -> None:
    """Critical roles with their candidates by readiness and bench strength."""
