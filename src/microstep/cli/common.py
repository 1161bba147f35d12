"""What every command shares: the --db option, opening storage, errors and output formats."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError
from typer._click.exceptions import UsageError  # typer vendors click; no public alias
from typer.core import TyperGroup

from microstep.errors import MicrostepError, invalid_input
from microstep.services import accounts, analytics
from microstep.services.context import Context, policy_from, practice_policy_from
from microstep.services.people import personal_context
from microstep.services.schemas import MAX_ID
from microstep.settings import Settings, get_settings
from microstep.store.db import Database, open_database

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (sqlite:///file or postgresql+psycopg://...) or a SQLite file path. "
        "Default: MICROSTEP_DATABASE_URL, else a SQLite file in your data folder.",
        show_default=False,
    ),
]


class Format(StrEnum):
    """How list commands print."""

    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table for people, json for scripts.")
]


def record_number(text: str) -> int:
    """A record's number as the list commands show it (a type for ids; help shows no range)."""
    try:
        value = int(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is not a number: use the number the list command shows."
        ) from None
    if not 1 <= value <= MAX_ID:
        raise typer.BadParameter(f"{value} is not a record number: use one the list shows.")
    return value


class MicrostepGroup(TyperGroup):
    """Turns every MicrostepError into one sentence on stderr and exit status 2."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command, translating known errors."""
        try:
            return super().invoke(ctx)
        except MicrostepError as exc:
            fail(exc.message)
        except ValidationError as exc:
            fail(invalid_input(exc.errors()).message)
        except UsageError as exc:  # a bad option value or command: one sentence, not a usage box
            fail(_usage_sentence(exc))
        except SQLAlchemyError as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            err_console.print(f"Error: the database refused the change: {first}", markup=False)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("MICROSTEP_DEBUG"):
                raise
            err_console.print(
                f"Error: something unexpected went wrong ({type(exc).__name__}: {exc}); "
                "set MICROSTEP_DEBUG=1 to see the details.",
                markup=False,
            )
            raise typer.Exit(1) from None


# Typer words a refused value as pydantic does; these say the same in the product's voice.
PLAIN_WORDS = (
    (r"Value error, ", ""),
    (
        r"Input should be a valid integer, unable to parse string as an integer",
        "give a whole number, such as 4",
    ),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        "give a whole number, such as 4",
    ),
    (
        r"Input should be a valid number, unable to parse string as a number",
        "give a number, such as 2.5",
    ),
    (r"Input should be greater than or equal to (\S+)", r"it must be at least \1"),
    (r"Input should be greater than (\S+)", r"it must be more than \1"),
    (r"Input should be less than or equal to (\S+)", r"it must be at most \1"),
    (r"Input should be less than (\S+)", r"it must be less than \1"),
)


def _usage_sentence(exc: UsageError) -> str:
    where = exc.ctx.command_path if exc.ctx is not None else "microstep"
    message = exc.format_message()
    for pattern, plain in PLAIN_WORDS:
        message = re.sub(pattern, plain, message)
    return f"{message.strip().rstrip('.')}. See `{where} --help`."


def fail(message: str) -> NoReturn:
    """Print one sentence to stderr and exit 2 (bad input, nothing written)."""
    err_console.print(f"Error: {message}", markup=False, highlight=False)
    raise typer.Exit(2)


def settings() -> Settings:
    """The settings, as loaded from the environment."""
    return get_settings()


def open_db(url: str | None) -> Database:
    """Storage at --db, or where the settings point; upgraded to head."""
    return open_database(url or settings().resolved_database_url())


def open_ctx(url: str | None) -> Context:
    """The local person's context on the chosen storage."""
    return personal_context(open_db(url), settings=settings())


def open_team_db(url: str | None, *, what: str = "Team mode") -> Database:
    """The organization's storage; `what` (team mode, the marketplace...) runs on PostgreSQL
    only, and says so in one sentence otherwise."""
    database = open_db(url)
    if database.engine.dialect.name != "postgresql":
        fail(
            f"{what} runs on PostgreSQL: pass --db postgresql://... or set MICROSTEP_DATABASE_URL."
        )
    return database


AnalystOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="EMAIL",
        help="The HR admin or manager looking (their sign-in email): HR sees the organization, "
        "a manager their teams. Without it: the organization's operator, who sees what HR sees "
        "and acts as HR.",
    ),
]
TeamOption = Annotated[
    str | None, typer.Option("--team", metavar="TEAM", help="Only this team: its name or number.")
]


def analyst_ctx(url: str | None, email: str | None) -> Context:
    """Org analytics' viewer: the member `--as` names, else the organization's operator."""
    database = open_db(url)
    return acting_ctx(database, email) if email is not None else analytics.operator(database)


def acting_ctx(database: Database, email: str) -> Context:
    """The context of the organization's member whose sign-in email `--as` names."""
    config = settings()
    return Context(
        db=database,
        person_id=accounts.person_id_of(database, email),
        policy=policy_from(config),
        practice=practice_policy_from(config),
    )


def show(rows: Sequence[BaseModel], fmt: Format, *, empty: str, table: Callable[[], Table]) -> None:
    """Rows as JSON for scripts; for people a table, or a hint on what to do when there are none."""
    if fmt is Format.JSON:
        print_json(rows)
    elif rows:
        console.print(table())
    else:
        console.print(empty)


def print_json(data: BaseModel | Sequence[BaseModel]) -> None:
    """Print a model or a list of models as JSON."""
    if isinstance(data, BaseModel):
        payload: Any = data.model_dump(mode="json")
    else:
        payload = [item.model_dump(mode="json") for item in data]
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
