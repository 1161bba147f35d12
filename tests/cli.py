"""What the command-line tests share: one runner, running microstep, and reading a refusal."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from microstep.cli.main import app

runner = CliRunner()


def ms(*args: str, db: str | None = None) -> Result:
    """Run microstep with these arguments (and --db when given)."""
    extra = ["--db", db] if db else []
    return runner.invoke(app, [*args, *extra])


def refused(result: Result, start: str) -> None:
    """Exit 2, one sentence on stderr starting with "Error: {start}", no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {start}"), result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
