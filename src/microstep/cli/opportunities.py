"""Stub: `microstep opportunity ...` (filled in by the issue-7 work)."""

from __future__ import annotations

import typer

app = typer.Typer(help="The internal opportunity marketplace (team mode).", no_args_is_help=True)
