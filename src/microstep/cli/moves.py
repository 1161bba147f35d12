"""Stub: `microstep move ...` (filled in by the issue-7 work)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Your micro-career moves.", no_args_is_help=True)
