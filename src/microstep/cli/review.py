"""(being built) the weekly review."""

from __future__ import annotations

import typer

app = typer.Typer(help="The weekly review.")
