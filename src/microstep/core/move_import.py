"""Reading a move-history CSV (`microstep org import-moves`): one row per move, checked as it
streams past, every bad row named by its line and the reason.

The contract (DESIGN.md): columns `person_id,role,start_date,end_date,kind`; dates ISO 8601;
`end_date` empty while the move is ongoing; `kind` optional (the column may be left out, or a
cell empty). Other columns are ignored: HRIS exports carry many. Nothing here reads a file: the
caller hands in lines, so a million rows stream through without being held at once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from microstep.core.moves import KIND_LABELS, MOVE_KINDS, quoted, role_key
from microstep.errors import InvalidInput

REQUIRED_COLUMNS = ("person_id", "role", "start_date", "end_date")
COLUMNS = (*REQUIRED_COLUMNS, "kind")
MAX_PERSON_ID = 64  # characters, as Person.external_id holds them
MAX_ROLE = 200  # characters of a role title, as Role.title holds them
EARLIEST = date(1900, 1, 1)  # before this a date is a typing slip, not a career step
LATEST = date(2199, 12, 31)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")

# Every spelling of a kind people write: the key, its label, and the label's words.
KIND_SPELLINGS: dict[str, str] = {
    **{kind: kind for kind in MOVE_KINDS},
    **{label.casefold(): kind for kind, label in KIND_LABELS.items()},
    "stretch assignment": "stretch",
    "temporary lead": "temp_lead",
    "temp lead": "temp_lead",
    "lateral move": "lateral",
}


@dataclass(frozen=True, slots=True)
class MoveRow:
    """One good row: a person's move into a role, from a start date to an end date (or on)."""

    line: int
    person_id: str
    role: str  # as written, one line
    start: date
    end: date | None
    kind: str | None

    @property
    def role_key(self) -> str:
        """The key the role is stored under (case and spacing aside)."""
        return role_key(self.role)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A bad row: its line in the file (1 is the header) and why it is bad."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}."


class BadRows(InvalidInput):
    """The file has bad rows; nothing was imported. `problems` lists every one of them."""

    def __init__(self, problems: list[RowProblem], *, name: str = "The file") -> None:
        count = len(problems)
        rows = "a bad row" if count == 1 else f"{count:,} bad rows"
        first = f"; first, line {str(problems[0])[5:]}" if problems else "."
        name = name if name.isprintable() else quoted(name, 200)  # a file name is typed too
        message = f"{name} has {rows} and was not imported{first}"
        super().__init__(message)
        self.problems = problems


def parse_kind(text: str) -> str | None:
    """A move kind from its key or label in any case ('Temporary lead', 'temp_lead'); None when
    empty. Raises ValueError with the reason when it is no kind."""
    cleaned = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
    if not cleaned:
        return None
    kind = KIND_SPELLINGS.get(cleaned) or KIND_SPELLINGS.get(cleaned.replace(" ", "_"))
    if kind is None:
        raise ValueError(f"kind {quoted(text.strip())} is not one of {', '.join(MOVE_KINDS)}")
    return kind


def parse_day(text: str, column: str) -> date:
    """An ISO 8601 date within sane bounds; ValueError with the reason otherwise."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {quoted(text)} is not a date like 2024-03-31") from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(f"{column} {day} is not between {EARLIEST.year} and {LATEST.year}")
    return day


def read_moves(lines: Iterable[str]) -> Iterator[MoveRow | RowProblem]:
    """Each data row of a move-history CSV as a MoveRow, or a RowProblem saying why not.

    A header without the required columns is one problem on line 1 and ends the reading."""
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield RowProblem(1, f"the header is not valid CSV ({exc})")
        return
    positions = _columns(header)
    if isinstance(positions, RowProblem):
        yield positions
        return
    width = max(positions.values()) + 1
    while True:
        line = reader.line_num + 1  # where the record starts (a quoted cell may span lines)
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowProblem(line, f"not valid CSV ({exc})")
            continue
        if any(cell.strip() for cell in cells):  # blank lines are skipped, not errors
            yield read_row(line, cells, positions, width)


def _columns(header: list[str] | None) -> dict[str, int] | RowProblem:
    """Where each contract column sits, or the problem with the header."""
    if not header:
        return RowProblem(1, f"the file is empty: it needs the header {','.join(COLUMNS)}")
    names = [cell.strip().lstrip("\ufeff").casefold() for cell in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        hint = " (it seems to use ';' between columns: save it as CSV with commas)"
        hint = hint if len(names) == 1 and ";" in names[0] else ""
        return RowProblem(
            1, f"the header lacks the column{'s' * (len(missing) > 1)} {', '.join(missing)}{hint}"
        )
    return {name: names.index(name) for name in COLUMNS if name in names}


def read_row(
    line: int, cells: list[str], positions: dict[str, int], width: int
) -> MoveRow | RowProblem:
    """One data row checked against the contract; every reason it fails, joined."""
    if len(cells) < width:
        cells = cells + [""] * (width - len(cells))
    reasons: list[str] = []
    person = cells[positions["person_id"]].strip()
    if not person:
        reasons.append("person_id is empty")
    elif len(person) > MAX_PERSON_ID or not person.isprintable():
        # Printable as Python means it: no control or format character (a zero-width space
        # would make 'p\u200b1' another person than 'p1'), and no space but the plain one.
        reasons.append(
            f"person_id must be 1 to {MAX_PERSON_ID} printable characters, none of them invisible"
        )
    role = " ".join(cells[positions["role"]].split())
    if not role:
        reasons.append("role is empty")
    elif len(role) > MAX_ROLE or CONTROL.search(role):
        reasons.append(f"role must be 1 to {MAX_ROLE} printable characters")
    start = _day(cells[positions["start_date"]].strip(), "start_date", reasons, required=True)
    end = _day(cells[positions["end_date"]].strip(), "end_date", reasons, required=False)
    if start is not None and end is not None and end < start:
        reasons.append(f"end_date {end} is before start_date {start}")
    kind = None
    if "kind" in positions:
        try:
            kind = parse_kind(cells[positions["kind"]])
        except ValueError as exc:
            reasons.append(str(exc))
    if reasons or start is None:
        return RowProblem(line, "; ".join(reasons))
    return MoveRow(line=line, person_id=person, role=role, start=start, end=end, kind=kind)


def _day(text: str, column: str, reasons: list[str], *, required: bool) -> date | None:
    if not text:
        if required:
            reasons.append(f"{column} is empty")
        return None
    try:
        return parse_day(text, column)
    except ValueError as exc:
        reasons.append(str(exc))
        return None


def check_moves(lines: Iterable[str]) -> tuple[list[MoveRow], list[RowProblem]]:
    """Every row of a small file at once: the good rows and the problems (tests, the demo)."""
    rows: list[MoveRow] = []
    problems: list[RowProblem] = []
    for item in read_moves(lines):
        if isinstance(item, MoveRow):
            rows.append(item)
        else:
            problems.append(item)
    return rows, problems


def move_csv(rows: Iterable[tuple[str, str, date, date | None, str | None]]) -> Iterator[str]:
    """The lines of a move-history CSV for (person_id, role, start, end, kind) tuples."""
    yield ",".join(COLUMNS) + "\r\n"
    for person, role, start, end, kind in rows:
        yield (
            ",".join(
                (
                    _cell(person),
                    _cell(role),
                    start.isoformat(),
                    end.isoformat() if end else "",
                    kind or "",
                )
            )
            + "\r\n"
        )


def _cell(text: str) -> str:
    if any(ch in text for ch in ',"\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text
