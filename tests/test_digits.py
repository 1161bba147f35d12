"""Numbers typed as ids: only ASCII digits count ('²'.isdigit() is true, and int('²') fails)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.text import is_digits
from microstep.errors import InvalidInput
from microstep.web import forms


@given(st.text(max_size=12))
def test_is_digits_means_int_reads_it_as_written(text: str) -> None:
    if is_digits(text):
        assert str(int(text)).zfill(len(text)) == text


@pytest.mark.parametrize("typed", ["\u00b2", "\u0661", "\uff11", "12\u00b2"])
def test_a_form_refuses_other_digits_in_one_sentence(typed: str) -> None:
    with pytest.raises(InvalidInput, match="is not a whole number"):
        forms.whole(typed, field="team_id", label="team")
