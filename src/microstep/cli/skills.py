"""`microstep skill ...`: the skill map, current and target levels 0-5."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from microstep.cli import taxonomy
from microstep.cli.common import (
    DbOption,
    Format,
    FormatOption,
    console,
    open_ctx,
    record_number,
    show,
)
from microstep.core.skills import LEVEL_NAMES
from microstep.services import skills
from microstep.services.schemas import SkillCreate, SkillLevelUpdate

app = typer.Typer(
    help="Your skill map: where you are and where you aim, 0-5.", no_args_is_help=True
)

app.command("link")(taxonomy.link_skills)
app.command("extract")(taxonomy.extract_skills)

LEVELS = "0 none, 1 aware, 2 beginner, 3 practising, 4 proficient, 5 expert"


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The skill, in your own words.")],
    current: Annotated[int, typer.Option(help=f"Where you are now: {LEVELS}.")] = 0,
    target: Annotated[int, typer.Option(help="Where you aim to be.")] = 3,
    evidence: Annotated[str | None, typer.Option(help="What shows your current level.")] = None,
    objective: Annotated[
        int | None, typer.Option(parser=record_number, help="Objective number it serves.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Put a skill on your map."""
    skill_in = SkillCreate(
        name=name,
        current_level=current,
        target_level=target,
        evidence=evidence,
        objective_id=objective,
    )
    skill = skills.add_skill(open_ctx(db), skill_in)
    console.print(
        f"Added skill #{skill.id}: {skill.name} ({skill.current_level} → {skill.target_level})"
    )


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Show the skill map."""
    rows = skills.list_skills(open_ctx(db))

    def table() -> Table:
        grid = Table("#", "Skill", "Now", "Target", "Gap", "Evidence")
        for row in rows:
            now = f"{row.current_level} {LEVEL_NAMES[row.current_level]}"
            aim = f"{row.target_level} {LEVEL_NAMES[row.target_level]}"
            grid.add_row(str(row.id), row.name, now, aim, "█" * row.gap, row.evidence or "")
        return grid

    empty = 'No skills yet. Add one: microstep skill add "SQL" --current 2 --target 4'
    show(rows, fmt, empty=empty, table=table)


@app.command("set-level")
def set_level(
    skill: Annotated[str, typer.Argument(metavar="SKILL", help="Skill name or number.")],
    current: Annotated[int | None, typer.Option(help=f"New current level: {LEVELS}.")] = None,
    target: Annotated[int | None, typer.Option(help="New target level.")] = None,
    evidence: Annotated[str | None, typer.Option(help="What shows the new level.")] = None,
    note: Annotated[str | None, typer.Option(help="Why it changed, for the history.")] = None,
    db: DbOption = None,
) -> None:
    """Change a skill's current or target level; the change is kept in its history."""
    ctx = open_ctx(db)
    found = skills.find_skill(ctx, skill)
    update = SkillLevelUpdate(
        current_level=current, target_level=target, evidence=evidence, note=note
    )
    row = skills.set_skill_level(ctx, found.id, update)
    console.print(f"{row.name}: now {row.current_level}, target {row.target_level}")
