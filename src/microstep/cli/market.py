"""`microstep market`: stub wired by the lead; the helper building it fills it in."""

from __future__ import annotations

import typer

app = typer.Typer(help="What the job market asks for.", no_args_is_help=True)
