"""`microstep worker`: the team-mode reminders worker (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Team mode's background worker: sends due reminders by email and webhook.")
