"""(being built) check-ins, the calendar, lessons."""

from __future__ import annotations

import typer

checkin_app = typer.Typer(help="Recurring check-ins with a mentor or supervisor.")
calendar_app = typer.Typer(help="Your check-ins, due practice and goal dates as a calendar.")
lesson_app = typer.Typer(help="Lessons learned: write them down, find them again.")
