"""Reading imported job postings: CSV and text, every fault one sentence naming its line."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core.postings import (
    MAX_POSTINGS,
    MAX_TEXT,
    PostingIn,
    parse_postings,
    posting_format,
)
from microstep.errors import InvalidInput

TODAY = date(2026, 11, 18)


def parse(data: str | bytes, name: str = "postings.csv", **options: object) -> list[PostingIn]:
    raw = data.encode() if isinstance(data, str) else data
    return parse_postings(raw, name=name, today=TODAY, **options)  # type: ignore[arg-type]


def outcome(data: str | bytes, name: str) -> list[PostingIn] | str:
    """The postings, or the refusal's message."""
    try:
        return parse(data, name)
    except InvalidInput as exc:
        return exc.message


def refusal(data: str | bytes, name: str = "postings.csv", **options: object) -> str:
    with pytest.raises(InvalidInput) as caught:
        parse(data, name, **options)
    message = caught.value.message
    assert message.endswith((".", "?")), message
    assert "\n" not in message
    return message


# ---------------------------------------------------------------- CSV


def test_csv_reads_columns_by_name_in_any_case_and_order() -> None:
    data = (
        "Source,TEXT,Date,Title,salary\n"
        'LinkedIn,"We need SQL, Python and Tableau",2026-11-02,Data Analyst,60k\n'
        ",Excel and dashboards,2026-10-15,,\n"
    )
    first, second = parse(data)
    assert first == PostingIn(
        line=2,
        posted_on=date(2026, 11, 2),
        text="We need SQL, Python and Tableau",
        title="Data Analyst",
        source="LinkedIn",
    )
    assert (second.line, second.title, second.source) == (3, None, None)


def test_csv_without_optional_columns_and_with_a_multiline_text() -> None:
    data = 'date,text\n2026-11-01,"Line one\nline two"\n\n2026-11-03,Third\n'
    postings = parse(data)
    assert [p.line for p in postings] == [2, 5]
    assert postings[0].text == "Line one\nline two"


def test_csv_line_numbers_follow_windows_and_old_mac_newlines() -> None:
    assert "line 3:" in refusal("date,text\r\n2026-11-01,ok\r\n2026-99-01,bad\r\n")
    assert "line 3:" in refusal("date,text\r2026-11-01,ok\r2026-99-01,bad\r")


@pytest.mark.parametrize("missing", ["date", "text"])
def test_csv_missing_a_required_column_names_it(missing: str) -> None:
    header = ",".join(c for c in ("date", "title", "text") if c != missing)
    message = refusal(f"{header}\nx,y\n")
    assert message.startswith(f"postings.csv has no '{missing}' column")


def test_csv_refusals_name_the_line() -> None:
    good = "2026-11-01,fine\n"
    cases = {
        f"date,text\n{good}18/11/2026,x\n": "line 3: the date '18/11/2026' is not YYYY-MM-DD",
        f"date,text\n{good}2026-02-30,x\n": "line 3: the date 2026-02-30 is not a day",
        f"date,text\n{good}2026-11-19,x\n": "line 3: the date 2026-11-19 is in the future",
        f"date,text\n{good}1970-01-01,x\n": "line 3: the date 1970-01-01 is too long ago",
        f"date,text\n{good}2026-11-01,   \n": "line 3: this posting has no text",
        f"date,text\n{good}2026-11-01,a,b\n": "line 3: 3 values but the header on line 1",
        f'date,text\n{good}2026-11-01,"open\nquote\n': "line 3: this is not valid CSV",
        f'date,text\n{good}2026-11-01,"a"b\n': "line 3: this is not valid CSV",
        "date,text,Text\n2026-11-01,a,b\n": "line 1: the column 'text' is named twice",
        f"date,text\n{good}2026-11-01,bell\a\n": "line 3: this posting holds control characters",
        f"date,text,title\n{good}2026-11-01,ok,{'t' * 301}\n": "line 3: the title is 301",
    }
    for data, expected in cases.items():
        assert expected in refusal(data), data


def test_csv_a_too_long_text_is_refused_with_its_length() -> None:
    message = refusal(f"date,text\n2026-11-01,{'x' * (MAX_TEXT + 1)}\n")
    assert (
        message
        == "postings.csv line 2: this posting is 20,001 characters long; the most is 20,000."
    )
    huge = refusal(f"date,text\n2026-11-01,{'x' * 200_000}\n")
    assert huge.startswith("postings.csv line 2: a value is longer than")


def test_csv_with_only_a_header_or_nothing_is_refused() -> None:
    assert refusal("date,text\n").startswith("postings.csv holds no postings")
    assert refusal("date,text\n,\n\n").startswith("postings.csv holds no postings")
    assert refusal("  \n\n").startswith("postings.csv is empty")


def test_csv_bad_bytes_and_encoding() -> None:
    assert refusal(b"date,text\n2026-11-01,caf\xe9\n") == (
        "postings.csv line 2 is not UTF-8 text: save the file as UTF-8 and try again."
    )
    assert "line 2 holds a NUL byte" in refusal(b"date,text\n2026\x00-11-01,x\n")
    bom = parse("\ufeffdate,text\n2026-11-01,x\n".encode())
    assert bom[0].posted_on == date(2026, 11, 1)


def test_too_many_postings_is_refused_at_the_first_one_over() -> None:
    rows = "".join("2026-11-01,x\n" for _ in range(MAX_POSTINGS + 1))
    message = refusal("date,text\n" + rows)
    assert f"line {MAX_POSTINGS + 2} starts one more" in message
    assert len(parse("date,text\n" + rows[: -len("2026-11-01,x\n")])) == MAX_POSTINGS


def test_a_csv_row_without_a_date_takes_the_default() -> None:
    [posting] = parse("date,text\n,Python\n", default_date=date(2026, 10, 1))
    assert posting.posted_on == date(2026, 10, 1)
    [today] = parse("date,text\n,Python\n")
    assert today.posted_on == TODAY


# ---------------------------------------------------------------- text


TEXT = """Date: 2026-11-02
Title: Senior Data Analyst, Acme

We want SQL and Python.
Dashboards in Tableau.
---
Source: careers page
Second posting without a date.
-----

---
date: 2026-10-20
Third.
---
"""


def test_text_blocks_with_headers_defaults_and_blank_blocks() -> None:
    first, second, third = parse(TEXT, "postings.txt", default_date=date(2026, 11, 10))
    assert first == PostingIn(
        line=1,
        posted_on=date(2026, 11, 2),
        text="We want SQL and Python.\nDashboards in Tableau.",
        title="Senior Data Analyst, Acme",
        source=None,
    )
    assert (second.line, second.posted_on, second.source, second.title) == (
        7,
        date(2026, 11, 10),
        "careers page",
        None,
    )
    assert (third.line, third.posted_on, third.text) == (12, date(2026, 10, 20), "Third.")


def test_text_refusals_name_the_line() -> None:
    cases = {
        "One\n---\nDate: yesterday\nTwo\n": "postings.txt line 3: the date 'yesterday' is not",
        "One\n---\nDate: 2026-11-02\nTitle: Only a title\n": (
            "postings.txt line 3: this posting has no text"
        ),
        "One\n---\n\nTitle: a\nTitle: b\nText\n": (
            "postings.txt line 5: this posting has a second title line"
        ),
        "One\n---\nTwo\n\x1b[31mred\n": "postings.txt line 3: this posting holds control",
    }
    for data, expected in cases.items():
        assert refusal(data, "postings.txt").startswith(expected), data


def test_text_with_no_postings_and_a_future_default_are_refused() -> None:
    assert refusal("---\n\n---\n", "p.txt").startswith("p.txt holds no postings")
    message = refusal("Text\n", "p.txt", default_date=date(2026, 11, 19))
    assert message.startswith("The default date 2026-11-19 is in the future")


def test_format_follows_the_file_name() -> None:
    assert posting_format("Jobs.CSV") == "csv"
    assert posting_format("jobs.txt") == "txt"
    assert posting_format("jobs") == "txt"
    [forced] = parse("date,text\n2026-11-01,x\n", "upload", fmt="csv")
    assert forced.text == "x"


# ---------------------------------------------------------------- any input


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400), as_csv=st.booleans())
def test_any_bytes_parse_or_give_one_sentence(data: bytes, as_csv: bool) -> None:
    name = "fuzz.csv" if as_csv else "fuzz.txt"
    result = outcome(data, name)
    if isinstance(result, str):
        assert result.endswith((".", "?"))
        assert "\n" not in result
        return
    assert result
    assert all(p.text and p.posted_on <= TODAY for p in result)


LINE = st.text(alphabet=st.characters(codec="utf-8", min_codepoint=1), max_size=30)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, max_size=12), as_csv=st.booleans())
def test_any_text_parses_or_names_a_line_inside_the_file(lines: list[str], as_csv: bool) -> None:
    text = ("date,title,text\n" if as_csv else "") + "\n".join(lines)
    name = "fuzz.csv" if as_csv else "fuzz.txt"
    result = outcome(text, name)
    if isinstance(result, str):
        assert "\n" not in result
        found = re.match(rf"{name} line (\d+)", result)
        assert found is None or 1 <= int(found.group(1)) <= len(numbered(text))
        return
    assert all(1 <= p.line <= len(numbered(text)) for p in result)


def numbered(text: str) -> list[str]:
    """The file's lines as an editor numbers them (\\r\\n, \\r and \\n each end one)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


PIECES = st.sampled_from(
    [
        "---",
        "Date: 2026-11-01",
        "Date: 2027-01-01",
        "Title: Analyst",
        "Source: site",
        "",
        "  ",
        "SQL and Python",
        "2026-11-01,a,b",
        "2026-11-01,SQL",
        '2026-11-01,"quoted',
        'still quoted"',
        ",",
    ]
)


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(PIECES, max_size=14), as_csv=st.booleans())
def test_structured_files_point_at_the_right_lines(lines: list[str], as_csv: bool) -> None:
    text = ("date,text\n" if as_csv else "") + "\n".join(lines)
    name = "f.csv" if as_csv else "f.txt"
    rows = numbered(text)
    result = outcome(text, name)
    if isinstance(result, str):
        found = re.match(rf"{name} line (\d+)", result)
        assert found is None or rows[int(found.group(1)) - 1].strip(), (result, rows)
        return
    for posting in result:
        assert rows[posting.line - 1].strip()
        assert posting.text.splitlines()[0].strip() in "\n".join(rows[posting.line - 1 :])


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(
        st.text(
            alphabet=st.characters(codec="utf-8", min_codepoint=32, max_codepoint=0x2FFF).filter(
                lambda ch: not 127 <= ord(ch) < 160
            ),
            min_size=1,
        ),
        min_size=1,
        max_size=6,
    ).filter(lambda ts: all(t.strip() and t.strip().strip("-") for t in ts))
)
def test_csv_written_by_the_csv_module_round_trips(texts: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "text"])
    for text in texts:
        writer.writerow(["2026-11-01", text])
    postings = parse(out.getvalue())
    assert [p.text for p in postings] == [t.strip() for t in texts]
