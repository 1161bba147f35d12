"""Reading job postings a person imports: a CSV with a header, or plain text split by `---`.

CSV: the first line names the columns; `date` (YYYY-MM-DD) and `text` are required, `title` and
`source` optional, names in any case, other columns ignored. Text: postings separated by a line
of `---`; each may start with `Date: YYYY-MM-DD`, `Title: ...` and `Source: ...` lines, and
without a Date line it gets the import's default day. Every fault names its line, and a file
with one fault imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from microstep.core.textfile import decode_text
from microstep.errors import InvalidInput

PostingFormat = Literal["csv", "txt"]
Fault = Callable[[str, str], InvalidInput]  # (field, reason) -> the error naming its line
MAX_POSTINGS = 5_000
MAX_TEXT = 20_000  # characters of one posting: the linker's limit for one text
MAX_TITLE = 300
MAX_SOURCE = 300
MAX_FILE_BYTES = 25 * 1024 * 1024  # 5,000 long postings fit; a bigger file is the wrong file
EARLIEST = date(1990, 1, 1)  # before the web had job boards: a typo, not a posting
REQUIRED = ("date", "text")
OPTIONAL = ("title", "source")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SEPARATOR = re.compile(r"-{3,}")
HEADER_LINE = re.compile(r"(date|title|source)\s*:(.*)", re.IGNORECASE)
FORMAT_HINT = (
    "give a CSV whose first line names the columns date and text, or plain text with postings "
    "separated by a line of ---"
)
FORMAT_HELP = (
    "CSV with a header line naming the columns date (YYYY-MM-DD) and text, and optionally title "
    "and source; or plain text with postings separated by a line of ---, each optionally "
    "starting with 'Date: YYYY-MM-DD' and 'Title: ...' lines."
)


@dataclass(frozen=True)
class PostingIn:
    """One posting read from a file, with the line it starts on."""

    line: int
    posted_on: date
    text: str
    title: str | None
    source: str | None


def posting_format(name: str) -> PostingFormat:
    """CSV for a file named *.csv, plain text for anything else."""
    return "csv" if name.lower().endswith(".csv") else "txt"


def parse_postings(
    data: bytes,
    *,
    name: str,
    today: date,
    default_date: date | None = None,
    fmt: PostingFormat | None = None,
) -> list[PostingIn]:
    """Every posting in the file, or InvalidInput naming the first bad line."""
    default = check_default_date(default_date or today, today=today)
    text = normalise_newlines(decode_text(data, name=name, max_bytes=MAX_FILE_BYTES))
    if not text.strip():
        raise InvalidInput(f"{name} is empty: {FORMAT_HINT}.")
    kind = fmt or posting_format(name)
    reader = _csv_postings if kind == "csv" else _txt_postings
    postings = list(reader(text, name=name, today=today, default=default))
    if not postings:
        raise InvalidInput(f"{name} holds no postings: {FORMAT_HINT}.")
    return postings


def check_size(size: int, *, name: str) -> None:
    """Refuse a file too big to be postings before reading it into memory."""
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{name} is over {MAX_FILE_BYTES // 2**20} MB, the most I read: split it into "
            "smaller files."
        )


def check_default_date(day: date, *, today: date) -> date:
    """The day given to postings without their own; not in the future."""
    if day > today:
        raise InvalidInput(
            f"The default date {day.isoformat()} is in the future: postings are dated the day "
            "they were published.",
            field="date",
        )
    if day < EARLIEST:
        raise InvalidInput(f"The default date {day.isoformat()} is too long ago.", field="date")
    return day


def normalise_newlines(text: str) -> str:
    """One newline convention, so line numbers match what an editor shows."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- CSV


def _csv_postings(text: str, *, name: str, today: date, default: date) -> Iterator[PostingIn]:
    rows = _csv_rows(text, name=name)
    header_line, header = next(rows, (1, []))
    columns = _columns(header, line=header_line, name=name)
    count = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line between rows holds nothing to lose
        if len(row) > len(header):
            raise InvalidInput(
                f"{name} line {line}: {len(row)} values but the header on line {header_line} "
                f"names {len(header)} columns: put quotes around a text that holds commas."
            )
        count = _counted(count, name=name, line=line)
        cells = {key: row[index] if index < len(row) else "" for key, index in columns.items()}
        yield _posting(cells, {}, line=line, name=name, today=today, default=default)


def _csv_rows(text: str, *, name: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(f"{name} line {start}: {_csv_reason(exc)}.") from None
        end = reader.line_num
        if row:
            yield start, row


def _csv_reason(exc: csv.Error) -> str:
    reason = str(exc).rstrip(".")
    if reason.startswith("field larger than field limit"):
        return (
            f"a value is longer than {csv.field_size_limit():,} characters; a posting holds at "
            f"most {MAX_TEXT:,}"
        )
    return f"this is not valid CSV ({reason}): put quotes around a text and double its own quotes"


def _columns(header: Sequence[str], *, line: int, name: str) -> dict[str, int]:
    """Where each known column is; refuses a missing required one or a name given twice."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = cell.strip().lower()
        if key in found and key in REQUIRED + OPTIONAL:
            raise InvalidInput(f"{name} line {line}: the column '{key}' is named twice.")
        found.setdefault(key, index)
    for key in REQUIRED:
        if key not in found:
            raise InvalidInput(
                f"{name} has no '{key}' column: its first line must name the columns, "
                "for example date,title,text."
            )
    return {key: index for key, index in found.items() if key in REQUIRED + OPTIONAL}


# ---------------------------------------------------------------- plain text


def _txt_postings(text: str, *, name: str, today: date, default: date) -> Iterator[PostingIn]:
    count = 0
    for block in _blocks(text):
        filled = [(number, line) for number, line in block if line.strip()]
        if not filled:
            continue  # separators in a row, or one at the end: nothing was left out
        count = _counted(count, name=name, line=filled[0][0])
        yield _block_posting(block, first=filled[0][0], name=name, today=today, default=default)


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """The numbered lines between separators."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        if SEPARATOR.fullmatch(line.strip()):
            yield block
            block = []
        else:
            block.append((number, line))
    yield block


def _block_posting(
    block: list[tuple[int, str]], *, first: int, name: str, today: date, default: date
) -> PostingIn:
    """Leading Date/Title/Source lines (blank lines around them allowed), then the text."""
    cells: dict[str, str] = {}
    where: dict[str, int] = {}
    start = 0  # an index, not pop(0): a block of many blank lines must stay linear
    while start < len(block):
        number, line = block[start]
        found = HEADER_LINE.fullmatch(line.strip())
        if line.strip() and found is None:
            break
        if found is not None:
            key = found.group(1).lower()
            if key in cells:
                raise InvalidInput(f"{name} line {number}: this posting has a second {key} line.")
            cells[key], where[key] = found.group(2), number
        start += 1
    rest = block[start:]
    cells["text"] = "\n".join(line for _, line in rest)
    where["text"] = rest[0][0] if rest else first
    return _posting(cells, where, line=first, name=name, today=today, default=default)


# ---------------------------------------------------------------- both


def _counted(count: int, *, name: str, line: int) -> int:
    if count >= MAX_POSTINGS:
        raise InvalidInput(
            f"{name} holds more than {MAX_POSTINGS:,} postings (line {line} starts one more): "
            "split it into smaller files."
        )
    return count + 1


def _posting(
    cells: dict[str, str],
    where: dict[str, int],
    *,
    line: int,
    name: str,
    today: date,
    default: date,
) -> PostingIn:
    """One checked posting; `where` says on which line each field is, where not on `line`."""

    def fault(key: str, reason: str) -> InvalidInput:
        return InvalidInput(f"{name} line {where.get(key, line)}: {reason}")

    return PostingIn(
        line=line,
        posted_on=_day(cells.get("date", ""), today=today, default=default, fault=fault),
        text=_body(cells.get("text", ""), fault=fault),
        title=_one_line(cells.get("title", ""), "title", MAX_TITLE, fault=fault),
        source=_one_line(cells.get("source", ""), "source", MAX_SOURCE, fault=fault),
    )


def _day(raw: str, *, today: date, default: date, fault: Fault) -> date:
    value = raw.strip()
    if not value:
        return default
    if not ISO_DAY.fullmatch(value):
        raise fault("date", f"the date '{_shown(value)}' is not YYYY-MM-DD.")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise fault("date", f"the date {value} is not a day of the calendar.") from None
    if day > today:
        raise fault("date", f"the date {value} is in the future; use the day it was published.")
    if day < EARLIEST:
        raise fault("date", f"the date {value} is too long ago for a job posting.")
    return day


def _body(raw: str, *, fault: Fault) -> str:
    text = raw.strip()
    if not text:
        raise fault("text", "this posting has no text.")
    if len(text) > MAX_TEXT:
        raise fault(
            "text", f"this posting is {len(text):,} characters long; the most is {MAX_TEXT:,}."
        )
    if _has_control(text):
        raise fault("text", "this posting holds control characters: save it as plain text.")
    return text


def _one_line(raw: str, key: str, limit: int, *, fault: Fault) -> str | None:
    value = " ".join(raw.split())
    if not value:
        return None
    if len(value) > limit:
        raise fault(key, f"the {key} is {len(value):,} characters long; the most is {limit}.")
    if _has_control(value):
        raise fault(key, f"the {key} holds control characters: save it as plain text.")
    return value


def _has_control(text: str) -> bool:
    """Control characters other than tab and newline: they would garble pages and terminals."""
    return any((ord(ch) < 32 and ch not in "\t\n") or 127 <= ord(ch) < 160 for ch in text)


def _shown(value: str, limit: int = 40) -> str:
    """A bad value quoted in a message, cut so the sentence stays short."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
