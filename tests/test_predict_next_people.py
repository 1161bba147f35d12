"""The people file of `org predict-next`: one id per line or a CSV with person_id (and role,
target); every bad line named; whatever is written, a list or a refusal, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.move_import import BadRows
from microstep.core.nextmove import PersonRow, read_people
from microstep.errors import InvalidInput

ID = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters="-_."), min_size=1, max_size=20
)


@given(st.lists(ID, min_size=1, max_size=30))
def test_plain_ids_come_back_in_order(ids: list[str]) -> None:
    found = read_people([*ids, ""])
    assert [p.person_id for p in found] == ids
    assert all(p.role is None and p.target is None for p in found)


@given(st.lists(st.tuples(ID, st.sampled_from(["", "Data analyst", "15-1252.00"])), min_size=1))
def test_csv_rows_keep_their_role(rows: list[tuple[str, str]]) -> None:
    lines = ["person_id,role"] + [f"{p},{r}" for p, r in rows]
    found = read_people(lines)
    assert [(p.person_id, p.role or "") for p in found] == rows
    assert [p.line for p in found] == list(range(2, len(rows) + 2))


@given(st.lists(st.text(max_size=30), max_size=20))
def test_any_text_is_read_or_refused(lines: list[str]) -> None:
    try:
        found = read_people(lines)
    except InvalidInput as exc:
        message = exc.message
        assert message.endswith(".")
        return
    assert found
    assert all(isinstance(p, PersonRow) and p.person_id for p in found)


def test_header_columns_in_any_order_with_target() -> None:
    found = read_people(["\ufefftarget, Person_ID ,role", "Chief data officer,p1,Data analyst"])
    assert found == [PersonRow(2, "p1", "Data analyst", "Chief data officer")]


def test_bad_lines_are_named() -> None:
    with pytest.raises(BadRows) as caught:
        read_people(["person_id,role", "p1,x", ",Data analyst", "p\u200b2,"])
    assert [p.line for p in caught.value.problems] == [3, 4]
    assert "line 3: person_id is empty" in caught.value.message


@pytest.mark.parametrize("lines", [[], ["", "  "], ["person_id"]])
def test_no_person_is_refused(lines: list[str]) -> None:
    with pytest.raises(InvalidInput):
        read_people(lines)
