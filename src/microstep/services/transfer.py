"""Export all of a person's data as versioned JSON, and import it into an empty database.

The file: {"format": "microstep", "version": 1, "schema": <alembic head>, "exported_at": ...,
"person": {...}, "tables": {"objective": [...], ...}}. Dates and instants are ISO 8601 (instants
in UTC). An import checks every row before writing anything and runs in one transaction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from microstep.core import checkins as checkin_rules
from microstep.errors import Conflict, InvalidInput
from microstep.services.context import Context
from microstep.services.portfolio_schemas import ImportPublic
from microstep.store import transfer as store
from microstep.store.db import Database, current_revision, head_revision
from microstep.store.models import UTCDateTime

T = TypeVar("T")
FORMAT = "microstep"
VERSION = 1
# The columns other rows point at: an import remembers their values to check every reference.
REFERENCED = {
    (key.column.table.name, key.column.name)
    for name in store.OWNERSHIP
    for key in store.table(name).foreign_keys
}


# --- export ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _plain_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _plain(value) for name, value in row.items()}


# Person columns an export never carries: the calendar feed's secret, and team mode's account
# (password hash, team, HR id) which belong to the organization, not to the person's data.
ORG_ONLY: dict[str, Any] = {
    "calendar_token": None,
    "password_hash": None,
    "team_id": None,
    "external_id": None,
    "role": "employee",
    "is_advisor": False,
    "webhook_url": None,
}


def export_data(ctx: Context) -> dict[str, Any]:
    """Every row that belongs to the acting person, table by table, as JSON-ready values."""
    with ctx.db.transaction() as session:
        tables = {
            name: [
                _plain_row(row)
                for row in store.owned_rows(session=session, name=name, person_id=ctx.person_id)
            ]
            for name in store.owned_tables()
        }
    people = tables.pop(store.PERSON)
    people[0].update(ORG_ONLY)  # secrets and the organization's links, not the person's data
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": current_revision(ctx.db.engine),
        "exported_at": ctx.now().isoformat(),
        "person": people[0],
        "tables": tables,
    }


def export_json(ctx: Context) -> bytes:
    """The export as UTF-8 JSON text."""
    return (json.dumps(export_data(ctx), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_export(ctx: Context, out: Path) -> Path:
    """Write the export to `out` whole or not at all."""
    from microstep.documents.files import check_target, write_atomically

    check_target(out)
    return write_atomically(out, export_json(ctx))


# --- reading a file -----------------------------------------------------------------------------


def read_export(raw: bytes | str) -> dict[str, Any]:
    """Parse and check the envelope of an export file; refuse anything else in one sentence."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise InvalidInput(
            "This file is not JSON: give a file written by `microstep export`.", field="file"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidInput(
            "This JSON is not a microstep export (its 'format' is not 'microstep').", field="file"
        )
    if data.get("version") != VERSION:
        raise InvalidInput(
            f"This export is version {data.get('version')!r}; this microstep reads version "
            f"{VERSION}.",
            field="file",
        )
    if data.get("schema") != head_revision():
        raise InvalidInput(
            f"This export has schema {data.get('schema')!r}; this microstep uses "
            f"{head_revision()!r}: export it again with the same version of microstep.",
            field="file",
        )
    _check_shape(data)
    return data


def _check_shape(data: dict[str, Any]) -> None:
    if not isinstance(data.get("person"), dict):
        raise InvalidInput("The export has no 'person' object.", field="file")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InvalidInput("The export has no 'tables' object.", field="file")
    expected = set(store.owned_tables()) - {store.PERSON}
    for name in sorted(expected):
        if name not in tables:
            raise InvalidInput(f"The export has no '{name}' table.", field="file")
        if not isinstance(tables[name], list):
            raise InvalidInput(f"The '{name}' table is not a list of rows.", field="file")
    unknown = sorted(set(tables) - expected)
    if unknown:
        raise InvalidInput(f"The export has an unknown table '{unknown[0]}'.", field="file")


# --- checking rows ------------------------------------------------------------------------------


class _Rows:
    """Converts rows to column values and checks keys and references across tables."""

    def __init__(self, person_id: int) -> None:
        self.person_id = person_id
        self.keys: dict[tuple[str, str], set[Any]] = {}

    def convert(self, name: str, number: int, row: Any) -> dict[str, Any]:
        where = f"Table '{name}', row {number}"
        if not isinstance(row, dict):
            raise InvalidInput(f"{where} is not an object.", field="file")
        columns = store.table(name).columns
        extra = sorted(set(row) - set(columns.keys()))
        if extra:
            raise InvalidInput(f"{where} has an unknown field '{extra[0]}'.", field="file")
        values = {c.name: self._value(where, c, row) for c in columns}
        self._check_meaning(name, where, values)
        self._check_links(name, where, values)
        self._remember(name, where, values)
        return values

    def _value(self, where: str, column: Column[Any], row: dict[str, Any]) -> Any:
        if column.name not in row:
            raise InvalidInput(f"{where} has no '{column.name}' field.", field="file")
        value = row[column.name]
        if value is None:
            if column.nullable and not column.primary_key:
                return None
            raise InvalidInput(f"{where}: '{column.name}' cannot be empty.", field="file")
        try:
            return _typed(column, value)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"{where}: '{column.name}' {exc}.", field="file") from None

    def _check_meaning(self, name: str, where: str, values: dict[str, Any]) -> None:
        """Refuse text that reads as the right type but that the features would choke on."""
        if name == store.PERSON:
            values.update(ORG_ONLY)  # a feed is made anew; an account belongs to its org
        if name != "check_in":
            return
        try:
            tz = checkin_rules.zone(values["timezone"])
            if values["rrule"] is not None:
                checkin_rules.check_rrule(values["rrule"], first=values["first_at"], tz=tz)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc.message}", field="file") from None

    def _check_links(self, name: str, where: str, values: dict[str, Any]) -> None:
        owner = store.OWNERSHIP[name]
        if owner.parent is None and values[owner.column] != self.person_id:
            raise InvalidInput(
                f"{where} belongs to person {values[owner.column]}, not to person "
                f"{self.person_id} of this export.",
                field="file",
            )
        for key in store.table(name).foreign_keys:
            value = values[key.parent.name]
            target = (key.column.table.name, key.column.name)
            if value is not None and value not in self.keys.get(target, set()):
                raise InvalidInput(
                    f"{where}: '{key.parent.name}' points at {target[0]} {value}, which is not "
                    "in the export.",
                    field="file",
                )

    def _remember(self, name: str, where: str, values: dict[str, Any]) -> None:
        primary = tuple(values[c.name] for c in store.table(name).primary_key.columns)
        seen = self.keys.setdefault((name, "*pk"), set())
        if primary in seen:
            raise InvalidInput(f"{where} repeats the key {primary[0]}.", field="file")
        seen.add(primary)
        for column in store.table(name).columns:
            if (name, column.name) in REFERENCED:
                self.keys.setdefault((name, column.name), set()).add(values[column.name])


def _typed(column: Column[Any], value: Any) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise TypeError("should be true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**31:
            raise TypeError("should be a whole number")
        return value
    if isinstance(kind, Float):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise TypeError("should be a finite number")
        return float(value)
    if isinstance(kind, UTCDateTime | DateTime):
        moment = _iso(datetime.fromisoformat, value, "an ISO 8601 date and time")
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return _iso(date.fromisoformat, value, "an ISO 8601 date (YYYY-MM-DD)")
    if isinstance(kind, JSON):
        return value
    if isinstance(kind, String):
        text = _text(value, "text")
        if kind.length is not None and len(text) > kind.length:
            raise ValueError(f"is {len(text)} characters long; the most is {kind.length}")
        if "\x00" in text:
            raise ValueError("contains a NUL character")
        return text
    raise TypeError(f"has a type this import does not know ({type(kind).__name__})")


def _iso(parse: Callable[[str], T], value: Any, what: str) -> T:
    try:
        return parse(_text(value, what))
    except ValueError:
        raise ValueError(f"should be {what}, not {value!r}") from None


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"should be {what}")
    return value


def _converted(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    person_id = data["person"].get("id")
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        raise InvalidInput("The export's person has no whole-number 'id'.", field="file")
    rows = _Rows(person_id)
    tables = {store.PERSON: [data["person"]], **data["tables"]}
    return {
        name: [rows.convert(name, n, row) for n, row in enumerate(tables[name], start=1)]
        for name in store.owned_tables()
    }


# --- import ------------------------------------------------------------------------------------


def import_data(db: Database, raw: bytes | str, *, replace: bool = False) -> ImportPublic:
    """Bring an export into an empty database (or, with `replace`, over its one person)."""
    converted = _converted(read_export(raw))
    with db.transaction() as session:
        store.start_writing(session=session)
        _make_room(session, replace=replace)
        for name, rows in converted.items():
            _insert(session, name, rows)
        store.bump_sequences(session=session, names=converted)
    counts = {name: len(rows) for name, rows in converted.items() if name != store.PERSON}
    return ImportPublic(
        person=str(converted[store.PERSON][0]["name"]), rows=sum(counts.values()), tables=counts
    )


def _make_room(session: Session, *, replace: bool) -> None:
    if store.count_people(session=session) == 0:
        return
    only = store.only_person_id(session=session)
    if not replace:
        raise Conflict(
            "Someone is already set up in this database: import into a new one (--db), or "
            "use --replace to swap your data for the file's.",
            field="file",
        )
    if only is None:
        raise Conflict(
            "This database holds several people, so --replace would not be safe: import into "
            "a new database.",
            field="file",
        )
    store.delete_person(session=session, person_id=only)


def _insert(session: Session, name: str, rows: list[dict[str, Any]]) -> None:
    try:
        with session.begin_nested():
            store.insert_rows(session=session, name=name, rows=rows)
        return
    except IntegrityError:
        pass
    for number, row in enumerate(rows, start=1):  # find the row the database refuses
        try:
            with session.begin_nested():
                store.insert_rows(session=session, name=name, rows=[row])
        except IntegrityError as exc:
            reason = str(exc.orig).strip().splitlines()[0].rstrip(".")
            raise InvalidInput(
                f"Table '{name}', row {number} is refused by the database: {reason}.",
                field="file",
            ) from None
    raise InvalidInput(f"Table '{name}' is refused by the database.", field="file")
