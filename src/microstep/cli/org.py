"""`microstep org ...`: the organization in team mode — its first admin, people and invites."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from microstep.cli.common import (
    DbOption,
    acting_ctx,
    console,
    err_console,
    fail,
    open_db,
    open_team_db,
    settings,
)
from microstep.core.move_import import BadRows
from microstep.core.text import plural
from microstep.services import accounts, move_import
from microstep.services.accounts_schemas import InviteCreate
from microstep.services.context import Context

app = typer.Typer(
    help="The organization (team mode): create its first HR admin, import people and teams "
    "from an HRIS export, import their move history, and invite people.",
    no_args_is_help=True,
)

AsOption = Annotated[
    str,
    typer.Option("--as", metavar="EMAIL", help="The HR admin acting (their email)."),
]


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
    database = open_team_db(db)
    card = accounts.create_admin(
        database, email=email, name=name, password=_password(password_stdin)
    )
    console.print(
        f"{card.name} <{card.email}> is an HR admin: sign in at {settings().base_url}/login"
    )


def _acting(db: str | None, email: str) -> Context:
    return acting_ctx(open_team_db(db), email)


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


@app.command("import-moves")
def import_moves(
    file: Annotated[
        Path,
        typer.Argument(
            help="Move history CSV: person_id,role,start_date,end_date[,kind]. person_id is the "
            "HRIS employee id (import-people's employee_id); ISO dates; end_date empty while "
            "ongoing; kind one of stretch, rotation, temp_lead, lateral, shadowing, gig, "
            "promotion, hire."
        ),
    ],
    acting: Annotated[
        str | None,
        typer.Option(
            "--as", metavar="EMAIL", help="The HR admin importing (their email); optional."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import people's past moves (a million rows is fine): all rows or none; every bad row is
    listed with its line number. PostgreSQL or SQLite; importing a file again adds nothing
    twice."""
    database = open_db(db)
    actor = acting_ctx(database, acting) if acting is not None else None
    try:
        stream = file.open("rb")
        size = file.stat().st_size
    except OSError as exc:
        fail(f"Cannot read {file}: {exc.strerror or exc}.")
    with stream, _import_progress(size) as report:
        try:
            done = move_import.import_moves(
                database, stream, name=file.name, actor=actor, progress=report
            )
        except BadRows as exc:
            report("Refused", size)
            _list_bad_rows(exc)
    console.print(_imported_sentence(done))
    if done.people_added:
        console.print(
            "People known only from history had no employee with their id: leavers, or ids that "
            "are not HRIS employee ids. `org import-people` gives them names and emails."
        )


def _imported_sentence(done: move_import.MovesImported) -> str:
    def count(n: int, noun: str, many: str | None = None) -> str:
        return f"{n:,} {noun if n == 1 else (many or noun + 's')}"

    parts = [f"{count(done.added, 'move')} added from {count(done.rows, 'row')}"]
    if done.already:
        parts.append(f"{count(done.already, 'move')} stored already")
    if done.ended:
        parts.append(f"{count(done.ended, 'ongoing move')} now ended")
    if done.people_added:
        parts.append(f"{count(done.people_added, 'person', 'people')} known only from history")
    parts.append(f"{count(done.roles_added, 'new role')}")
    return "; ".join(parts) + "."


@contextmanager
def _import_progress(size: int) -> Iterator[move_import.Progress]:
    """A Rich progress bar over the file's bytes, its label naming the current step."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Reading", total=max(size, 1))

        def report(what: str, read: int) -> None:
            bar.update(task, description=what, completed=min(read, size))

        yield report


def _list_bad_rows(exc: BadRows) -> NoReturn:
    """The refusal, then every bad row on its own line, on stderr; exit 2."""
    err_console.print(f"Error: {exc.message}", markup=False, highlight=False)
    for problem in exc.problems:
        err_console.print(f"  {problem}", markup=False, highlight=False)
    raise typer.Exit(2)
