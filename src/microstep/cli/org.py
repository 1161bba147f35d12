"""`microstep org ...`: the organization in team mode — its first admin, people and invites."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from microstep.cli.common import DbOption, console, fail, open_db, settings
from microstep.core.text import plural
from microstep.services import accounts
from microstep.services.accounts_schemas import InviteCreate
from microstep.services.context import Context, policy_from, practice_policy_from
from microstep.store.db import Database

app = typer.Typer(
    help="The organization (team mode): create its first HR admin, import people and teams "
    "from an HRIS export, and invite people.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str,
    typer.Option("--as", metavar="EMAIL", help="The HR admin acting (their email)."),
]


def _org_db(url: str | None) -> Database:
    """The organization's database; team mode lives on PostgreSQL only."""
    database = open_db(url)
    if database.engine.dialect.name != "postgresql":
        fail(
            "Team mode runs on PostgreSQL: pass --db postgresql://... or set "
            "MICROSTEP_DATABASE_URL."
        )
    return database


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password (10+ characters)", hide_input=True, confirmation_prompt=True))


@app.command("admin")
def admin(
    email: Annotated[str, typer.Argument(help="The admin's email; they sign in with it.")],
    name: Annotated[str, typer.Option(help="Their name.")] = "HR admin",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin (scripts).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create the organization's first HR admin (or make an existing account one)."""
    database = _org_db(db)
    card = accounts.create_admin(
        database, email=email, name=name, password=_password(password_stdin)
    )
    console.print(
        f"{card.name} <{card.email}> is an HR admin: sign in at {settings().base_url}/login"
    )


def _acting(db: str | None, email: str) -> Context:
    database = _org_db(db)
    person_id = accounts.person_id_of(database, email)
    config = settings()
    return Context(
        db=database,
        person_id=person_id,
        policy=policy_from(config),
        practice=practice_policy_from(config),
    )


@app.command("import-people")
def import_people(
    file: Annotated[
        Path,
        typer.Argument(help="HRIS CSV: employee_id,name,email,team,manager_id[,role,advisor]."),
    ],
    acting: AsOption,
    links: Annotated[
        Path | None, typer.Option("--links", help="Write new people's invite links to this CSV.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Create or update people and teams from an HRIS export: all rows or none."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror or exc}.")
    ctx = _acting(db, acting)
    done = accounts.import_people(ctx, data, settings=settings())
    console.print(
        f"{done.created} new and {done.updated} updated people in "
        f"{plural(done.teams, 'team')}; {len(done.invites)} need an invite link."
    )
    for change in done.manager_changes:
        console.print(f"Manager changed: {change}.")
    if links is not None and done.invites:
        rows = ["email,url", *(f"{link.email},{link.url}" for link in done.invites)]
        links.write_text("\n".join(rows) + "\n", encoding="utf-8")
        console.print(f"Invite links written to {links}.")
    elif done.invites:
        console.print("Send each their invite link (it works once, for 14 days):")
        for link in done.invites:  # plain lines: a table would clip the links
            typer.echo(f"{link.email}  {link.url}")


@app.command("invite")
def invite(
    email: Annotated[str, typer.Argument(help="Whom to invite.")],
    acting: AsOption,
    team: Annotated[str | None, typer.Option(help="Their team (created if new).")] = None,
    hr_admin: Annotated[bool, typer.Option("--hr-admin", help="Make them an HR admin.")] = False,
    db: DbOption = None,
) -> None:
    """Print an invite link for a new member of the organization."""
    ctx = _acting(db, acting)
    form = InviteCreate(email=email, role="hr_admin" if hr_admin else "employee", team=team)
    link = accounts.create_invite(ctx, form, settings=settings())
    console.print(f"Send this link to {link.email} (works once, until {link.expires_at:%Y-%m-%d}):")
    typer.echo(link.url)


@app.command("deactivate")
def deactivate(
    email: Annotated[str, typer.Argument(help="The leaver's email.")],
    acting: AsOption,
    db: DbOption = None,
) -> None:
    """Close a leaver's account: their sign-ins end and tokens stop; their records stay."""
    ctx = _acting(db, acting)
    closed = accounts.deactivate(ctx, accounts.person_id_of(ctx.db, email))
    console.print(f"{closed.name}'s account is closed; an HR invite brings it back.")
