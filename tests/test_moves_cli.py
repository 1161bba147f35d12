"""`microstep move add|list|outcome`: short trials need an end and criteria, refusals write
nothing, the list shows the depth check."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli import ms, refused

pytestmark = pytest.mark.usefixtures("isolated_settings")


@pytest.fixture
def ready(db_url: str) -> str:
    """A database with Ana set up."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Senior analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    return db_url


def listed(db: str) -> Any:
    result = ms("move", "list", "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_add_list_and_record_an_outcome(ready: str) -> None:
    added = ms(
        "move",
        "add",
        "rotation",
        "Pricing analyst",
        "--start",
        "-10w",
        "--end",
        "-1w",
        "--skills",
        "Pricing, SQL",
        "--criteria",
        "Run the Q1 price test",
        db=ready,
    )
    assert added.exit_code == 0, added.output
    assert "Added move #1: Rotation to Pricing analyst" in added.stdout
    shown = listed(ready)
    assert [m["to_role"] for m in shown["moves"]] == ["Pricing analyst"]
    assert shown["moves"][0]["intended_skills"] == ["Pricing", "SQL"]
    table = ms("move", "list", db=ready)
    assert "Pricing" in table.stdout
    assert "Breadth and depth:" in table.stdout
    done = ms("move", "outcome", "1", "met", "--note", "Shipped", db=ready)
    assert done.exit_code == 0, done.output
    assert "Move #1: met. One level up: Pricing, SQL." in done.stdout
    assert "New on your skill map: Pricing, SQL." in done.stdout
    assert listed(ready)["moves"][0]["outcome"] == "met"


def test_bad_input_exits_2_with_one_sentence_and_writes_nothing(ready: str) -> None:
    refused(
        ms("move", "add", "gig", "Data steward", "--start", "today", db=ready),
        "A gig is a short trial: give it an end date; a gig needs success criteria",
    )
    refused(
        ms("move", "add", "sabbatical", "Data steward", "--start", "today", db=ready),
        "There is no kind of move called 'sabbatical'",
    )
    refused(
        ms("move", "add", "lateral", "Data steward", "--start", "someday", db=ready),
        "'someday' is not a date I understand",
    )
    refused(
        ms("move", "add", "lateral", "Data steward", "--start", "today", "--end", "-1w", db=ready),
        "The end date",
    )
    assert listed(ready)["moves"] == []
    refused(ms("move", "outcome", "7", "met", db=ready), "There is no move #7")
    refused(ms("move", "outcome", "7", "brilliant", db=ready), "There is no outcome called")


def test_a_lasting_move_may_stay_open(ready: str) -> None:
    added = ms("move", "add", "promotion", "Senior analyst", "--start", "today", db=ready)
    assert added.exit_code == 0, added.output
    assert "ongoing" in added.stdout
    assert listed(ready)["current_role"] == "Senior analyst"


def test_an_outcome_without_a_note_keeps_the_note_recorded_before(ready: str) -> None:
    added = ms(
        "move", "add", "gig", "Data steward", "--start", "-6w", "--end", "-1w",
        "--criteria", "Clean the catalogue", db=ready,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    first = ms("move", "outcome", "1", "partly", "--note", "Half the catalogue", db=ready)
    assert first.exit_code == 0, first.output
    again = ms("move", "outcome", "1", "met", db=ready)
    assert again.exit_code == 0, again.output
    move = listed(ready)["moves"][0]
    assert (move["outcome"], move["outcome_note"]) == ("met", "Half the catalogue")
    cleared = ms("move", "outcome", "1", "met", "--note", "", db=ready)
    assert cleared.exit_code == 0, cleared.output
    assert listed(ready)["moves"][0]["outcome_note"] is None
