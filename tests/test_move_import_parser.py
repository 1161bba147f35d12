"""Reading a move-history CSV: good rows read as written, each bad row named by its line."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core.move_import import (
    BadRows,
    MoveRow,
    RowProblem,
    check_moves,
    move_csv,
    parse_day,
    parse_kind,
)
from microstep.core.moves import MOVE_KINDS

HEADER = "person_id,role,start_date,end_date,kind"

# Printable as Python means it: no control, format (U+200B), private-use or unassigned
# characters, and no space but the plain one.
person_ids = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("C", "Z"), include_characters=" "),
        min_size=1,
        max_size=64,
    )
    .map(str.strip)
    .filter(bool)
)
invisible = st.characters(
    codec="utf-8", categories=("Cf", "Co", "Cc", "Zl", "Zp", "Zs"), exclude_characters=" \r\n"
)
titles = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        min_size=1,
        max_size=200,
    )
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1))


@st.composite
def moves(draw: st.DrawFn) -> tuple[str, str, date, date | None, str | None]:
    start = draw(days)
    end = draw(st.none() | st.integers(0, 2000).map(lambda d: start + timedelta(days=d)))
    kind = draw(st.none() | st.sampled_from(MOVE_KINDS))
    return (draw(person_ids), draw(titles), start, end, kind)


BAD_ROWS = {
    "E1,,2024-01-01,,": "role is empty",
    ",Analyst,2024-01-01,,": "person_id is empty",
    "E1,Analyst,,,": "start_date is empty",
    "E1,Analyst,2024-02-30,,": "start_date '2024-02-30' is not a date",
    "E1,Analyst,31/01/2024,,": "start_date '31/01/2024' is not a date",
    "E1,Analyst,2024-01-01,2023-12-31,": "end_date 2023-12-31 is before start_date 2024-01-01",
    "E1,Analyst,2024-01-01,,boss": "kind 'boss' is not one of",
    "E1,Analyst,1066-10-14,,": "start_date 1066-10-14 is not between 1900 and 2199",
}


@settings(max_examples=60, deadline=None)
@given(st.lists(moves(), max_size=30))
def test_good_rows_come_back_as_written(
    rows: list[tuple[str, str, date, date | None, str | None]],
) -> None:
    good, problems = check_moves(list(move_csv(rows)))
    assert problems == []
    assert [(r.person_id, r.role, r.start, r.end, r.kind) for r in good] == rows
    assert [r.line for r in good] == list(range(2, len(rows) + 2))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(moves(), min_size=1, max_size=20),
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from(sorted(BAD_ROWS))), max_size=8),
)
def test_every_bad_row_is_named_by_its_line_and_the_good_ones_still_read(
    rows: list[tuple[str, str, date, date | None, str | None]], bad: list[tuple[int, str]]
) -> None:
    lines = list(move_csv(rows))
    expected: dict[int, str] = {}
    for position, text in bad:
        at = min(1 + position, len(lines))  # never before the header
        lines.insert(at, text + "\r\n")
        expected = {(n + 1 if n > at else n): r for n, r in expected.items()}  # lines shift down
        expected[at + 1] = BAD_ROWS[text]
    good, problems = check_moves(lines)
    assert {p.line: p.reason for p in problems}.keys() == expected.keys()
    for problem in problems:
        assert problem.reason.startswith(expected[problem.line]), problem
    assert len(good) == len(rows)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(moves(), min_size=1, max_size=10),
    st.permutations(["person_id", "role", "start_date", "end_date", "kind", "team"]),
)
def test_columns_may_come_in_any_order_with_extra_ones(
    rows: list[tuple[str, str, date, date | None, str | None]], order: list[str]
) -> None:
    good, _ = check_moves(list(move_csv(rows)))

    def cell(row: MoveRow, name: str) -> str:
        values = {
            "person_id": row.person_id,
            "role": row.role,
            "start_date": row.start.isoformat(),
            "end_date": row.end.isoformat() if row.end else "",
            "kind": row.kind or "",
            "team": "Analytics",
        }
        text = values[name]
        return '"' + text.replace('"', '""') + '"'

    shuffled = [",".join(order) + "\n", *(",".join(cell(r, n) for n in order) + "\n" for r in good)]
    again, problems = check_moves(shuffled)
    assert not problems
    assert [(r.person_id, r.role, r.start, r.end, r.kind) for r in again] == rows


def test_a_header_without_the_columns_is_one_problem_on_line_1() -> None:
    good, problems = check_moves(["employee,title,from,to\n", "E1,Analyst,2024-01-01,\n"])
    assert good == []
    assert problems == [
        RowProblem(1, "the header lacks the columns person_id, role, start_date, end_date")
    ]
    _, semicolons = check_moves(["person_id;role;start_date;end_date\n"])
    assert "save it as CSV with commas" in semicolons[0].reason
    _, empty = check_moves([])
    assert empty[0].line == 1
    assert "empty" in empty[0].reason


def test_kind_is_optional_and_read_from_its_key_or_label() -> None:
    good, problems = check_moves([f"{HEADER[: -len(',kind')]}\n", "E1,Analyst,2024-01-01,\n"])
    assert not problems
    assert good[0].kind is None
    assert parse_kind("Temporary lead") == "temp_lead"
    assert parse_kind(" temp-lead ") == "temp_lead"
    assert parse_kind("Stretch assignment") == "stretch"
    assert parse_kind("LATERAL MOVE") == "lateral"
    assert parse_kind("") is None
    with pytest.raises(ValueError, match="kind 'boss'"):
        parse_kind("boss")


def test_a_row_with_several_faults_names_them_all_and_blank_lines_are_skipped() -> None:
    good, problems = check_moves(
        [f"{HEADER}\n", "\n", ",,2024-13-01,,nope\n", "E2,Analyst,2024-01-01,,\n", " , \n"]
    )
    assert [r.line for r in good] == [4]
    [problem] = problems
    assert problem.line == 3
    assert problem.reason == (
        "person_id is empty; role is empty; start_date '2024-13-01' is not a date like "
        "2024-03-31; kind 'nope' is not one of stretch, rotation, temp_lead, lateral, "
        "shadowing, gig, promotion, hire"
    )


def test_a_quoted_cell_over_two_lines_is_reported_where_its_row_starts() -> None:
    lines = [f"{HEADER}\n", 'E1,"Data\n', 'analyst",2024-01-01,,\n', "E2,Analyst,20240101x,,\n"]
    good, problems = check_moves(lines)
    assert good[0].role == "Data analyst"
    assert good[0].line == 2
    assert [p.line for p in problems] == [4]


def test_the_refusal_counts_the_bad_rows_and_quotes_the_first() -> None:
    error = BadRows([RowProblem(3, "role is empty"), RowProblem(9, "start_date is empty")])
    assert error.message == (
        "The file has 2 bad rows and was not imported; first, line 3: role is empty."
    )
    assert [str(p) for p in error.problems] == [
        "Line 3: role is empty.",
        "Line 9: start_date is empty.",
    ]


OSC8 = "\x1b]8;;http://evil.example\x1b\\CLICK\x1b]8;;\x1b\\\x1b[2J\x1b[31mFAKE OK"


def _row(*cells: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)
    return out.getvalue()


def test_a_cell_quoted_back_shows_its_control_characters_escaped() -> None:
    with pytest.raises(ValueError, match="is not one of") as kind:
        parse_kind(OSC8)
    assert "'\\x1b]8;;http://evil.example\\x1b" in str(kind.value)
    with pytest.raises(ValueError, match="is not a date") as day:
        parse_day("\x1b[2J2024-01-01", "start_date")
    assert str(day.value).startswith("start_date '\\x1b[2J2024-01-01' is not a date")
    _, problems = check_moves([HEADER + "\n", _row("p1", "Analyst", "2020-01-01", "", OSC8)])
    [problem] = problems
    assert "\x1b" not in str(problem)
    assert str(problem).isprintable()
    error = BadRows(problems, name="evil\x1b[2J.csv")
    assert error.message.isprintable()


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=60))
def test_every_reason_is_printable_whatever_the_cells_hold(start: str, end: str, kind: str) -> None:
    _, problems = check_moves([HEADER + "\n", _row("E1", "Analyst", start, end, kind)])
    for problem in problems:
        assert str(problem).isprintable(), problem


@settings(max_examples=60, deadline=None)
@given(
    st.lists(moves(), min_size=1, max_size=10),
    st.integers(0, 9),
    st.integers(0, 64),
    invisible,
)
def test_a_person_id_with_an_invisible_character_is_refused_on_its_line(
    rows: list[tuple[str, str, date, date | None, str | None]],
    which: int,
    at: int,
    hidden: str,
) -> None:
    which %= len(rows)
    person, role, start, end, kind = rows[which]
    at %= len(person) + 1
    if hidden.isspace() and at in (0, len(person)):
        at = 1 if len(person) > 1 else 0  # spaces at the ends are trimmed, not refused
        person = person if at else "E"
    rows[which] = (person[:at] + hidden + person[at:], role, start, end, kind)
    if rows[which][0].strip() != rows[which][0]:
        return  # still only trimmable space at an end: the trimmed id is fine
    good, problems = check_moves(list(move_csv(rows)))
    assert [p.line for p in problems] == [which + 2]
    assert problems[0].reason.startswith("person_id must be 1 to 64 printable characters")
    assert len(good) == len(rows) - 1


def test_a_zero_width_space_does_not_make_another_person() -> None:
    good, problems = check_moves(
        [HEADER + "\n", "p1,Analyst,2020-01-01,,\n", "p\u200b1,Analyst,2021-01-01,,\n"]
    )
    assert [r.person_id for r in good] == ["p1"]
    assert [p.line for p in problems] == [3]
