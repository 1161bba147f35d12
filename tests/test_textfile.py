"""Reading a handed-in text file: any bytes give lines or one sentence naming the line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microstep.core.textfile import decode_text, text_lines
from microstep.errors import InvalidInput


def test_lines_keep_order_and_the_final_newline_adds_none() -> None:
    assert text_lines(b"one\ntwo\r\nthree\n", name="f") == ["one", "two", "three"]


def test_a_byte_order_mark_is_not_part_of_the_first_line() -> None:
    assert text_lines("\ufeffexcel\n".encode(), name="f") == ["excel"]


def test_non_utf8_is_named_with_its_line() -> None:
    with pytest.raises(InvalidInput, match=r"^f line 3 is not UTF-8 text"):
        decode_text(b"ok\nfine\ncaf\xe9\n", name="f")


def test_a_nul_byte_is_named_with_its_line() -> None:
    with pytest.raises(InvalidInput, match=r"^f line 2 holds a NUL byte"):
        decode_text(b"ok\nbin\x00ary\n", name="f")


def test_a_huge_file_is_refused_before_reading_it() -> None:
    with pytest.raises(InvalidInput, match="split it into smaller files"):
        decode_text(b"x" * 2_000_001, name="f", max_bytes=1_000_000)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_lines_or_one_sentence(data: bytes) -> None:
    try:
        lines = text_lines(data, name="input.txt")
    except InvalidInput as exc:
        message = exc.message
        lines = []
    else:
        message = "input.txt"
    assert message.startswith("input.txt")
    assert "\n" not in message
    assert all("\n" not in line for line in lines)
