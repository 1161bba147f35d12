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
from microstep.services.schemas import SkillCreate, SkillLevelUpdate, SkillPublic

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
    esco: Annotated[
        str | None,
        typer.Option(
            "--esco",
            metavar="URI",
            help="The ESCO skill it means (find one with `microstep skill link`); "
            "the name stays in your words.",
        ),
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
        esco_uri=esco,
    )
    ctx = open_ctx(db)
    if esco:
        taxonomy.ready(ctx.db)
    skill = skills.add_skill(ctx, skill_in)
    console.print(
        f"Added skill #{skill.id}: {skill.name} ({skill.current_level} → {skill.target_level})"
        + linked(skill)
    )


def linked(skill: SkillPublic) -> str:
    """' · ESCO: <label>' for a linked skill, else nothing."""
    return f" · ESCO: {skill.esco_label}" if skill.esco_label else ""


@app.command("relink")
def relink(
    skill: Annotated[str, typer.Argument(metavar="SKILL", help="Skill name or number.")],
    uri: Annotated[
        str,
        typer.Argument(
            metavar="URI|none",
            help="The ESCO skill URI it means (find one with `microstep skill link`), "
            "or 'none' to clear the link.",
        ),
    ],
    db: DbOption = None,
) -> None:
    """Link a skill on your map to the ESCO skill you choose, or clear the link."""
    ctx = open_ctx(db)
    found = skills.find_skill(ctx, skill)
    clear = uri.strip().casefold() == "none"
    if not clear:
        taxonomy.ready(ctx.db)
    row = skills.link_skill(ctx, found.id, None if clear else uri)
    if row.esco_uri is None:
        console.print(f"{row.name}: no longer linked to ESCO.")
    else:
        console.print(f"{row.name} → ESCO: {row.esco_label} ({row.esco_uri})")


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """Show the skill map."""
    rows = skills.list_skills(open_ctx(db))

    def table() -> Table:
        grid = Table("#", "Skill", "ESCO", "Now", "Target", "Gap", "Evidence")
        for row in rows:
            now = f"{row.current_level} {LEVEL_NAMES[row.current_level]}"
            aim = f"{row.target_level} {LEVEL_NAMES[row.target_level]}"
            esco = row.esco_label or ""
            grid.add_row(str(row.id), row.name, esco, now, aim, "█" * row.gap, row.evidence or "")
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
