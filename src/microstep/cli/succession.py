"""`microstep org succession` and `org critical-role`: who is ready to succeed whom."""

from __future__ import annotations

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
    print_json,
)
from microstep.services import analytics, succession
from microstep.services.succession_schemas import (
    CriticalRoleCreate,
    CriticalRolePublic,
    RoleBenchPublic,
    SuccessionPublic,
)

critical_app = typer.Typer(
    help="Mark the roles the organization cannot leave empty.", no_args_is_help=True
)

OPERATOR_SEES = (
    "Without --as: the organization's operator, who sees every team as HR does but judges "
    "readiness only from the skill maps shared with the whole organization; an HR admin also "
    "reads their own map and those shared with them as a manager, mentor or circle peer, so "
    "HR's counts can differ."
)
SuccessionAnalyst = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="EMAIL",
        help="The HR admin or manager looking (their sign-in email): HR sees the organization, "
        "a manager their teams. " + OPERATOR_SEES,
    ),
]
RoleArgument = Annotated[
    str, typer.Argument(metavar="ROLE", help="The role's title (any case), or its id.")
]


def show_succession(
    acting: SuccessionAnalyst = None,
    team: TeamOption = None,
    limit: Annotated[
        int,
        typer.Option(min=1, max=succession.MAX_SHOWN, help="Candidates listed per role."),
    ] = succession.SHOWN,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Critical roles with their candidates by readiness and bench strength.

    HR admins see the whole organization; managers their teams' people. Roles with no one
    ready now or within a year come first. Readiness is a score from 0 to 1: 0.6 x the share
    of the role's skills held, 0.3 x the best trial in the role, 0.1 x others' moves from the
    same role into it.

    Without --as, the organization's operator looks: every team, as HR, but only the skill
    maps shared with the whole organization count (an HR admin also reads their own and those
    shared with them as a manager, mentor or circle peer).

    Examples:

      microstep org succession --as hana@example.org

      microstep org succession --as mona@example.org --format json
    """
    ctx = analyst_ctx(db, acting)
    result = succession.succession(ctx, analytics.team_id(ctx, team), limit)
    if fmt is Format.JSON:
        print_json(result)
        return
    _print_succession(result)


def _print_succession(result: SuccessionPublic) -> None:
    console.print(f"Succession for {result.scope} ({result.people} people).", markup=False)
    if not result.roles:
        console.print(
            "No critical role yet: an HR admin marks one with "
            "`microstep org critical-role add ROLE --as EMAIL`.",
            markup=False,
        )
        return
    if result.no_successor:
        console.print("No successor: " + ", ".join(result.no_successor) + ".", markup=False)
    else:
        console.print("Every critical role has someone ready within a year.")
    for role in result.roles:
        _print_role(role)


def _print_role(role: RoleBenchPublic) -> None:
    counts = ", ".join(f"{c.label.lower()} {c.count}" for c in role.counts)
    held = ", ".join(role.incumbents) or "nobody in this slice"
    console.print()
    console.print(
        f"{role.title} · bench strength {role.bench_strength:g} · held by {held}",
        markup=False,
        style="bold",
    )
    console.print(counts, markup=False)
    console.print(role.needs_basis, markup=False, style="dim")
    if not role.candidates:
        console.print("Nobody is ready within two years.")
        return
    table = Table(show_lines=False)
    for column in ("Person", "Team", "Readiness", "Why"):
        table.add_column(column, overflow="fold")
    for c in role.candidates:
        table.add_row(
            escape(c.name), escape(c.team or "—"), c.bucket_label, escape("; ".join(c.reasons))
        )
    console.print(table)


@critical_app.command("list")
def critical_list(
    acting: AnalystOption = None, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """The roles marked critical (HR admins and managers).

    Example:

      microstep org critical-role list --as hana@example.org
    """
    found = succession.list_critical_roles(analyst_ctx(db, acting))
    if fmt is Format.JSON:
        print_json(found)
    elif found:
        console.print(_critical_table(found))
    else:
        console.print("No critical role yet: add one with `microstep org critical-role add ROLE`.")


def _critical_table(rows: list[CriticalRolePublic]) -> Table:
    table = Table()
    for column in ("Role id", "Role", "Why", "Marked by"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row.role_id),
            escape(row.title),
            escape(row.note or ""),
            escape(row.created_by or ""),
        )
    return table


@critical_app.command("add")
def critical_add(
    role: RoleArgument,
    acting: AnalystOption = None,
    note: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Why the role is critical.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """HR: mark a role critical, by its title or id.

    Example:

      microstep org critical-role add "Product manager" --note "Owns the roadmap" \
        --as hana@example.org
    """
    ctx = analyst_ctx(db, acting)
    done = succession.mark_critical(ctx, CriticalRoleCreate(role=role, note=note))
    if fmt is Format.JSON:
        print_json(done)
    else:
        console.print(f"{done.title} is now a critical role.", markup=False)


@critical_app.command("remove")
def critical_remove(
    role: RoleArgument,
    acting: AnalystOption = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """HR: unmark a critical role, by its title or id.

    Example:

      microstep org critical-role remove "Product manager" --as hana@example.org
    """
    done = succession.unmark_role(analyst_ctx(db, acting), role)
    if fmt is Format.JSON:
        print_json(done)
    else:
        console.print(f"{done.title} is no longer a critical role.", markup=False)
