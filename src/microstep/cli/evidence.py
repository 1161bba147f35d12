"""(being built) the evidence log: signals, feedback requests, micro-actions, experiments."""

from __future__ import annotations

import typer

signal_app = typer.Typer(help="Log signals: invitations, feedback, assignments, praise.")
feedback_app = typer.Typer(help="Ask one specific question and record the answer.")
action_app = typer.Typer(help="Pick micro-actions from the library and tick them off weekly.")
experiment_app = typer.Typer(help="Time-box a tactic and see whether it moved your signals.")
