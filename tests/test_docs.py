"""Docs kept honest: every setting is in the README, docs/cli.md matches every command's --help.

Regenerate the reference with `UPDATE_DOCS=1 python3 dev.py test tests/test_docs.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer
from typer.testing import CliRunner

from microstep.cli.main import app
from microstep.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "cli.md"


def command_paths(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under a click group, depth first, in name order."""
    paths = [prefix]
    commands = getattr(group, "commands", {})
    for name in sorted(commands):
        paths.extend(command_paths(commands[name], (*prefix, name)))
    return paths


def render_reference() -> str:
    """The CLI reference: each command's --help, as a person sees it."""
    runner = CliRunner()
    parts = ["# microstep command reference", "", "Generated from `--help`; do not edit by hand."]
    for path in command_paths(typer.main.get_command(app)):
        result = runner.invoke(
            app, [*path, "--help"], env={"COLUMNS": "100", "NO_COLOR": "1"}, terminal_width=100
        )
        title = " ".join(("microstep", *path))
        parts += ["", f"## `{title}`", "", "```text", result.stdout.rstrip(), "```"]
    return "\n".join(parts) + "\n"


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"MICROSTEP_{name.upper()}"
        for name in Settings.model_fields
        if f"MICROSTEP_{name.upper()}" not in readme
    ]
    assert missing == []


def test_cli_reference_matches_the_help_output() -> None:
    fresh = render_reference()
    if os.environ.get("UPDATE_DOCS"):
        REFERENCE.write_text(fresh, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == fresh
