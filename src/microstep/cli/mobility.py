"""`microstep org mobility` and `org cohort`: internal mobility metrics and pilot cohorts."""

from __future__ import annotations

import typer

cohort_app = typer.Typer(
    help="Pilot cohorts compared with matched colleagues.", no_args_is_help=True
)


def show_mobility() -> None:
    """Moves per person-year, short moves, durations, success and time to target."""
