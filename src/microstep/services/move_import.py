"""Importing a move history (`microstep org import-moves`): all rows or none, in one transaction.

The file streams through once: each row is checked (core/move_import) and the good ones go
straight into a temporary staging table (COPY on PostgreSQL, executemany on SQLite). Any bad
row — or a move repeated with another end date — and the transaction rolls back with every
problem listed. Otherwise people are found by their HRIS id (`Person.external_id`; unknown ids
become people known only from history, whom import-people can later invite), roles by title
(linked to the taxonomy when it is loaded), and the moves are added in set-based statements,
each coming from the role the person held before it. Importing the same file again adds
nothing twice; an ongoing move the file now ends gets its end date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from sqlalchemy.orm import Session

from microstep.core.move_import import BadRows, MoveRow, RowProblem, read_moves
from microstep.core.moves import quoted, role_key
from microstep.errors import InvalidInput
from microstep.services import roles
from microstep.services.accounts import require_hr
from microstep.services.context import Context
from microstep.store import move_import as store
from microstep.store import roles as role_store
from microstep.store.db import Database

HISTORY_VISIBILITY = "manager"  # the person, their manager and mentors, and HR see history
PROGRESS_EVERY = 20_000  # lines between progress reports
MAX_REPEAT_PROBLEMS = 100_000

Progress = Callable[[str, int], None]  # (what is happening, bytes of the file read so far)


@dataclass(frozen=True)
class MovesImported:
    """What one import did."""

    rows: int  # data rows read
    moves: int  # distinct moves among them (a row repeated word for word counts once)
    added: int  # moves stored for the first time
    ended: int  # ongoing moves the file gave an end date
    people_added: int  # people known only from this history so far
    roles_added: int

    @property
    def already(self) -> int:
        """Moves of the file that were stored already (an earlier import of it)."""
        return self.moves - self.added


@dataclass
class _Reading:
    """What streaming the file collects besides the good rows."""

    name: str
    progress: Progress | None
    problems: list[RowProblem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # role key -> first spelling
    keys: dict[str, str] = field(default_factory=dict)  # spelling -> role key
    rows: int = 0
    read: int = 0  # bytes

    def lines(self, stream: Iterable[bytes]) -> Iterator[str]:
        """The file's lines as text; a line that is not UTF-8 is a problem of its own."""
        for number, raw in enumerate(stream, start=1):
            self.read += len(raw)
            if number % PROGRESS_EVERY == 0 and self.progress:
                self.progress("Reading", self.read)
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                self.problems.append(RowProblem(number, "not UTF-8 text (save the file as UTF-8)"))
                line = raw.decode("utf-8", errors="replace")
            yield line

    def staged(self, items: Iterable[MoveRow | RowProblem]) -> Iterator[store.StageRow]:
        """The good rows as staging rows; the problems and role titles set aside."""
        for item in items:
            if isinstance(item, RowProblem):
                self.problems.append(item)
                continue
            self.rows += 1
            key = self.keys.get(item.role)
            if key is None:
                key = self.keys[item.role] = role_key(item.role)
                self.titles.setdefault(key, item.role)
            yield (item.line, item.person_id, key, item.start, item.end, item.kind)


def import_moves(
    db: Database,
    stream: BinaryIO,
    *,
    name: str = "The move history",
    actor: Context | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> MovesImported:
    """Import a move-history CSV, all rows or none; `actor`, when given, must be an HR admin
    (the command line without --as acts with the database's own rights)."""
    if actor is not None:
        require_hr(actor)
    now = now or (actor.now() if actor else datetime.now(UTC))
    name = name if name.isprintable() else quoted(name, 200)  # messages quote it back
    reading = _Reading(name=name, progress=progress)
    with db.transaction() as session:
        store.create_stage(session=session)
        store.stage_rows(session=session, rows=reading.staged(read_moves(reading.lines(stream))))
        if reading.problems:
            raise BadRows(sorted(reading.problems, key=lambda p: p.line), name=name)
        if not reading.rows:
            raise InvalidInput(f"{name} has a header but no moves.")
        _report(progress, "Checking repeated moves", reading.read)
        store.group_stage(session=session)
        _check_repeats(session, name)
        moves, _ = store.counts(session=session)
        _report(progress, "Linking roles to the taxonomy", reading.read)
        links = roles.role_links(db, reading.titles.values())  # reads on its own connection
        known = role_store.role_ids(session=session, keys=reading.titles)
        roles.ensure_roles(session, reading.titles.values(), now=now, links=links)
        _report(progress, "Adding people and moves", reading.read)
        people_added = store.add_history_people(session=session, now=now)
        ended = store.end_ongoing(session=session, now=now)
        before = store.last_move_id(session=session)
        added = store.add_moves(
            session=session, now=now, visibility=HISTORY_VISIBILITY, before=before
        )
        if added and store.older_moves_of_new_people(session=session, before=before):
            _report(progress, "Linking later moves to the role before them", reading.read)
            store.link_from_roles(session=session, after=before)
        store.drop_stage(session=session)
    return MovesImported(
        rows=reading.rows,
        moves=moves,
        added=added,
        ended=ended,
        people_added=people_added,
        roles_added=len(reading.titles) - len(known),
    )


def _report(progress: Progress | None, what: str, read: int) -> None:
    if progress:
        progress(what, read)


def _check_repeats(session: Session, name: str) -> None:
    """Refuse a file that gives one move (person, role, start, kind) two different end dates."""
    repeats = store.repeats_with_other_ends(session=session, limit=MAX_REPEAT_PROBLEMS)
    if repeats:
        problems = [
            RowProblem(
                line,
                f"it repeats the move on line {first} (same person_id, role, start_date and "
                "kind) with another end_date",
            )
            for line, first in repeats
        ]
        raise BadRows(problems, name=name)
