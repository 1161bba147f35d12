"""Rules of team mode's accounts: emails, passwords, and the HRIS-style people file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from microstep.core.textfile import decode_text
from microstep.errors import InvalidInput

EMAIL = re.compile(r"^[^@\s<>\",;]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
ROLES = ("employee", "hr_admin")
PEOPLE_COLUMNS = ("employee_id", "name", "email", "team", "manager_id")
OPTIONAL_COLUMNS = ("role", "advisor")
MAX_PEOPLE = 200_000
YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"", "no", "n", "false", "0"})


def clean_email(value: str, *, field: str = "email") -> str:
    """The email lower-cased, or one sentence saying why it is not an address."""
    email = value.strip().lower()
    if not email:
        raise InvalidInput("Enter an email address.", field=field)
    if not EMAIL.match(email):
        raise InvalidInput(f"'{value.strip()[:80]}' is not an email address.", field=field)
    return email


def check_password(password: str) -> None:
    """Refuse a password too short to resist guessing, or absurdly long."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"Choose a password of at least {MIN_PASSWORD} characters.", field="password"
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(
            f"A password may have at most {MAX_PASSWORD} characters.", field="password"
        )


@dataclass(frozen=True)
class PersonRow:
    """One person of an HRIS export."""

    line: int
    employee_id: str
    name: str
    email: str
    team: str | None
    manager_id: str | None
    role: str
    advisor: bool


def parse_people(data: bytes) -> list[PersonRow]:
    """Every row of a people CSV, or InvalidInput naming the first bad line and why."""
    reader = csv.DictReader(io.StringIO(decode_text(data, name="The people file"), newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in PEOPLE_COLUMNS if name not in header]
    if missing:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " It seems to separate columns with ';': save it as CSV with commas."
        raise InvalidInput(
            f"The people file needs the columns {', '.join(PEOPLE_COLUMNS)}; "
            f"missing: {', '.join(missing)}.{hint}"
        )
    reader.fieldnames = header
    try:
        rows = [_row(reader.line_num, raw) for raw in reader]
    except csv.Error as exc:
        raise InvalidInput(f"Line {reader.line_num} is not valid CSV: {exc}.") from None
    if not rows:
        raise InvalidInput("The people file has a header but no people.")
    if len(rows) > MAX_PEOPLE:
        raise InvalidInput(f"The people file has more than {MAX_PEOPLE:,} rows.")
    _check_unique(rows)
    _check_managers(rows)
    return rows


def _row(line: int, raw: dict[str | None, str | list[str] | None]) -> PersonRow:
    if None in raw:
        raise InvalidInput(f"Line {line} has more values than the header has columns.")

    def cell(name: str) -> str:
        value = raw.get(name)
        return value.strip() if isinstance(value, str) else ""

    employee_id, name = cell("employee_id"), cell("name")
    if not employee_id or len(employee_id) > 64:
        raise InvalidInput(f"Line {line}: employee_id must be 1 to 64 characters.")
    if not name or len(name) > 200 or not name.isprintable():
        raise InvalidInput(f"Line {line}: name must be 1 to 200 printable characters.")
    try:
        email = clean_email(cell("email"))
    except InvalidInput as exc:
        raise InvalidInput(f"Line {line}: {exc.message}") from exc
    role = cell("role").lower() or "employee"
    if role not in ROLES:
        raise InvalidInput(f"Line {line}: role must be employee or hr_admin, not '{role[:40]}'.")
    advisor = cell("advisor").lower()
    if advisor not in YES | NO:
        raise InvalidInput(f"Line {line}: advisor must be yes or no, not '{advisor[:40]}'.")
    team = cell("team")
    if len(team) > 200 or not team.isprintable():
        raise InvalidInput(f"Line {line}: team must be at most 200 printable characters.")
    return PersonRow(
        line=line,
        employee_id=employee_id,
        name=name,
        email=email,
        team=team or None,
        manager_id=cell("manager_id") or None,
        role=role,
        advisor=advisor in YES,
    )


def _check_unique(rows: list[PersonRow]) -> None:
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        for seen, key, what in (
            (seen_ids, row.employee_id, "employee_id"),
            (seen_emails, row.email, "email"),
        ):
            if key in seen:
                raise InvalidInput(
                    f"Line {row.line}: {what} '{key}' already appears on line {seen[key]}."
                )
            seen[key] = row.line


def _check_managers(rows: list[PersonRow]) -> None:
    known = {row.employee_id for row in rows}
    managers: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.manager_id is None:
            continue
        if row.manager_id not in known:
            raise InvalidInput(
                f"Line {row.line}: manager_id '{row.manager_id}' is nobody's employee_id."
            )
        if row.manager_id == row.employee_id:
            raise InvalidInput(f"Line {row.line}: a person cannot be their own manager.")
        if row.team is None:
            raise InvalidInput(f"Line {row.line}: a person with a manager needs a team.")
        first = managers.setdefault(row.team, (row.manager_id, row.line))
        if first[0] != row.manager_id:
            raise InvalidInput(
                f"Line {row.line}: team '{row.team}' already has manager '{first[0]}' "
                f"(line {first[1]}); one team has one manager."
            )


def team_managers(rows: list[PersonRow]) -> dict[str, str]:
    """Each team's manager, as an employee_id."""
    return {row.team: row.manager_id for row in rows if row.team and row.manager_id}
