"""`microstep org pathways` and `org congestion`: how people reached a target role, and where
the way there is crowded."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from microstep.cli.common import (
    AnalystOption,
    DbOption,
    Format,
    FormatOption,
    TeamOption,
    analyst_ctx,
    console,
    fail,
    print_json,
)
from microstep.services import analytics
from microstep.services import pathways as service
from microstep.services.pathways_schemas import CongestionPublic, PathwaysPublic, RoutesPublic


class PathFormat(StrEnum):
    """How `org pathways` prints."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def show_pathways(
    target: Annotated[
        str, typer.Option("--target", metavar="ROLE", help="The target role: its number or title.")
    ],
    acting: AnalystOption = None,
    team: TeamOption = None,
    fmt: Annotated[
        PathFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = PathFormat.TABLE,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file instead of the screen.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The move sequences that led to a target role: support, median time, conversion.

    Examples:

        microstep org pathways --target "Product manager" --as hana@example.org

        microstep org pathways --target 12 --format csv --out pathways.csv
    """
    ctx = analyst_ctx(db, acting)
    team_id = analytics.team_id(ctx, team)
    if fmt is PathFormat.CSV:
        _write(service.pathways_csv(ctx, target, team_id), out)
        return
    found = service.pathways(ctx, target, team_id)
    if fmt is PathFormat.JSON:
        _write(found.model_dump_json(indent=2) + "\n", out)
        return
    if out is not None:
        fail("--out writes json or csv: add --format json or --format csv.")
    _print_pathways(found)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"Cannot write {out}: {exc.strerror or exc}.")
    console.print(f"Written to {out}.")


def _few(value: object) -> str:
    return "too few to show" if value is None else str(value)


def _print_pathways(found: PathwaysPublic) -> None:
    if found.reached is None:
        who = "fewer than 3 people reached it, too few to show"
    elif found.reached == 0:
        who = "nobody has reached it yet"
    elif found.reached == 1:
        who = "1 person reached it"
    else:
        who = f"{found.reached} people reached it"
    console.print(f"[bold]{escape(found.target)}[/bold] in {escape(found.scope)}: {who}.")
    if found.note and found.reached:
        console.print(found.note, markup=False)
    if found.on_the_way:
        console.print("Steps taken on the way (anywhere in the last steps):")
        for w in found.on_the_way:
            console.print(
                f"  {w.role} ({w.kind_label.lower()}): {w.people} of {found.reached} people",
                markup=False,
            )
    if not found.patterns:
        return
    table = Table("Steps before", "Support", "Median months", "Conversion")
    for p in found.patterns:
        conversion = (
            f"{p.conversion:.0%} ({p.converted} of {p.entrants})"
            if p.conversion is not None
            else "too few to show"
        )
        table.add_row(escape(p.label), str(p.support), _few(p.median_months), conversion)
    console.print(table)


def show_congestion(
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="ROLE",
            help="Also show alternate routes to this role (number or title).",
        ),
    ] = None,
    acting: AnalystOption = None,
    team: TeamOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Aspirants against capacity per role and opportunity, with alternate routes.

    Examples:

        microstep org congestion --as hana@example.org

        microstep org congestion --target "Product manager" --format json
    """
    ctx = analyst_ctx(db, acting)
    team_id = analytics.team_id(ctx, team)
    ranked = service.congestion(ctx, team_id)
    found = service.routes(ctx, target, team_id) if target is not None else None
    if fmt is Format.JSON:
        if found is None:
            print_json(ranked)
        else:
            both = {
                "congestion": ranked.model_dump(mode="json"),
                "routes": found.model_dump(mode="json"),
            }
            typer.echo(json.dumps(both, indent=2, ensure_ascii=False))
        return
    _print_congestion(ranked)
    if found is not None:
        _print_routes(found)


def _print_congestion(ranked: CongestionPublic) -> None:
    if not ranked.roles:
        console.print(f"No one in {escape(ranked.scope)} aims at a role yet.")
    else:
        table = Table(
            "Role",
            "Aspirants",
            "Recommended",
            "Places a year",
            "Index",
            title=f"Roles, {escape(ranked.scope)}",
        )
        for r in ranked.roles:
            index = str(r.index) if r.index is not None else r.status
            table.add_row(
                escape(r.role), _few(r.aspirants), _few(r.recommended), f"{r.capacity:g}", index
            )
        console.print(table)
    if ranked.opportunities:
        table = Table("Opportunity", "Applicants", "Places", "Index", title="Open opportunities")
        for o in ranked.opportunities:
            index = str(o.index) if o.index is not None else o.status
            table.add_row(escape(o.title), _few(o.applicants), str(o.places), index)
        console.print(table)


def _print_routes(found: RoutesPublic) -> None:
    console.print(f"\n[bold]Routes to {escape(found.target)}[/bold]")
    if found.note:
        console.print(found.note, markup=False)
    for route in found.routes:
        path = " → ".join([route.source, *(s.role for s in route.steps)])
        console.print(f"• {path}", markup=False)
        console.print(f"  {route.reason}", markup=False)
