"""The evidence log from the command line: one-line capture, refusals that write nothing, JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from tests.cli import ms, refused

QUESTION = "Was the summary I sent on Monday useful for your decision?"


pytestmark = pytest.mark.usefixtures("isolated_settings")


def listed(db: str, *args: str) -> Any:
    """A list command's JSON output."""
    result = ms(*args, "--format", "json", db=db)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def ready(db_url: str) -> str:
    """A database with Ana set up."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Senior analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    return db_url


def test_signal_add_list_and_delete(ready: str) -> None:
    added = ms(
        "signal",
        "add",
        "meeting-invite",
        "Asked to join the pricing review",
        "--source",
        "Priya",
        "--on",
        "yesterday",
        db=ready,
    )
    assert added.exit_code == 0, added.output
    assert "Logged signal #1: meeting invite" in added.stdout
    ms("signal", "add", "praise", "Thanks for the deck", db=ready)
    rows = listed(ready, "signal", "list")
    assert [r["kind"] for r in rows] == ["praise", "meeting_invite"]
    assert rows[0]["occurred_on"] == date.today().isoformat()
    assert rows[1]["occurred_on"] == (date.today() - timedelta(days=1)).isoformat()
    assert [r["id"] for r in listed(ready, "signal", "list", "--kind", "meeting invite")] == [1]
    assert ms("signal", "delete", "1", db=ready).exit_code == 0
    assert [r["id"] for r in listed(ready, "signal", "list")] == [2]


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("signal", "add", "gossip", "x"), "'gossip' is not a signal kind"),
        (("signal", "add", "praise", "x", "--on", "tomorrow"), "A signal records what already"),
        (("signal", "add", "praise", "x", "--on", "someday"), "'someday' is not a date"),
        (("signal", "add", "praise", "  "), "The note is empty"),
    ],
)
def test_bad_signals_exit_2_and_write_nothing(
    ready: str, args: tuple[str, ...], starts: str
) -> None:
    refused(ms(*args, db=ready), starts)
    assert listed(ready, "signal", "list") == []


def test_deleting_a_missing_signal_exits_2(ready: str) -> None:
    refused(ms("signal", "delete", "9", db=ready), "There is no signal #9")


def test_feedback_ask_answer_becomes_a_signal(ready: str) -> None:
    asked = ms("feedback", "ask", QUESTION, "--to", "Priya", "--about", "Monday summary", db=ready)
    assert asked.exit_code == 0, asked.output
    assert [r["status"] for r in listed(ready, "feedback", "list", "--open")] == ["open"]
    answered = ms(
        "feedback", "answer", "1", "--rating", "4", "Useful; lead with the number", db=ready
    )
    assert answered.exit_code == 0, answered.output
    assert "feedback signal #1" in answered.stdout
    [signal] = listed(ready, "signal", "list")
    assert (signal["kind"], signal["rating"], signal["source"]) == ("feedback", 4, "Priya")
    assert listed(ready, "feedback", "list", "--open") == []
    refused(
        ms("feedback", "answer", "1", "--rating", "3", "again", db=ready), "Feedback request #1"
    )


def test_generic_feedback_questions_exit_2_with_an_example(ready: str) -> None:
    result = ms("feedback", "ask", "Any feedback?", "--to", "Priya", "--about", "deck", db=ready)
    refused(result, "'Any feedback?' is too general")
    assert QUESTION in result.stderr
    assert listed(ready, "feedback", "list") == []


def test_feedback_bad_rating_and_withdraw(ready: str) -> None:
    ms("feedback", "ask", QUESTION, "--to", "Priya", "--about", "Monday summary", db=ready)
    refused(
        ms("feedback", "answer", "1", "--rating", "9", "x", db=ready),
        "Choose a rating from 1 to 5 for how useful the answer was.",
    )
    assert listed(ready, "signal", "list") == []
    assert ms("feedback", "withdraw", "1", db=ready).exit_code == 0
    assert listed(ready, "feedback", "list")[0]["status"] == "withdrawn"


def test_action_library_pick_tick_and_list(ready: str) -> None:
    library = listed(ready, "action", "library")
    assert len(library) >= 40
    meetings = listed(ready, "action", "library", "--category", "meeting-win", "--focus", "cap")
    assert meetings
    assert {a["category"] for a in meetings} == {"meeting_win"}
    assert {a["focus"] for a in meetings} == {"capability"}
    assert ms("action", "pick", "tuesday-insight", db=ready).exit_code == 0
    ticked = ms("action", "tick", "tuesday-insight", db=ready)
    assert ticked.exit_code == 0
    assert "1 this week" in ticked.stdout
    refused(ms("action", "tick", "tuesday-insight", db=ready), "'Share a 3-bullet")
    [pick] = listed(ready, "action", "list")
    assert (pick["key"], pick["ticks_this_week"], pick["streak_weeks"]) == ("tuesday-insight", 1, 1)
    assert ms("action", "drop", "tuesday-insight", db=ready).exit_code == 0
    assert listed(ready, "action", "list") == []


def test_a_seventh_pick_exits_2_with_the_reason(ready: str) -> None:
    keys = [a["key"] for a in listed(ready, "action", "library")]
    for key in keys[:6]:
        assert ms("action", "pick", key, db=ready).exit_code == 0
    refused(ms("action", "pick", keys[6], db=ready), "You already repeat 6 micro-actions")
    refused(ms("action", "pick", "no-such-key", db=ready), "There is no micro-action")
    refused(
        ms("action", "library", "--category", "hobbies", db=ready), "'hobbies' is not a category"
    )
    assert len(listed(ready, "action", "list")) == 6


def test_experiment_start_show_and_stop(ready: str) -> None:
    for days in (30, 20, 3, 2, 1):
        on = (date.today() - timedelta(days=days)).isoformat()
        ms("signal", "add", "invitation", "Invited", "--on", on, db=ready)
    started = ms(
        "experiment",
        "start",
        "Share a 3-bullet insight every Tuesday",
        "--hypothesis",
        "More invitations",
        "--track",
        "invitation",
        "--track",
        "mention",
        "--start",
        (date.today() - timedelta(days=6)).isoformat(),
        "--action",
        "tuesday-insight",
        db=ready,
    )
    assert started.exit_code == 0, started.output
    assert "Experiment #1 (running)" in started.stdout
    shown = ms("experiment", "show", "1", "--format", "json", db=ready)
    body = json.loads(shown.stdout)
    assert body["status"] == "running"
    assert body["action_key"] == "tuesday-insight"
    assert body["action_title"] == "Share a 3-bullet insight in the team channel"
    invitation = body["results"][0]
    assert (invitation["kind"], invitation["experiment_count"], invitation["baseline_count"]) == (
        "invitation",
        3,
        2,
    )
    assert invitation["low"] < invitation["ratio"] < invitation["high"]
    text = ms("experiment", "show", "1", db=ready)
    assert "invitation: " in text.stdout
    assert "90% interval" in text.stdout
    assert "Uses the micro-action: Share a 3-bullet insight in the team channel" in text.stdout
    assert listed(ready, "experiment", "list")[0]["id"] == 1
    stopped = ms("experiment", "stop", "1", "--conclusion", "Too early to tell.", db=ready)
    assert stopped.exit_code == 0
    assert "is stopped" in stopped.stdout
    assert listed(ready, "experiment", "list")[0]["conclusion"] == "Too early to tell."


@pytest.mark.parametrize(
    ("extra", "starts"),
    [
        ((), "Name at least one signal kind"),
        (("--track", "gossip"), "'gossip' is not a signal kind"),
        (("--track", "praise", "--weeks", "20"), "An experiment lasts 1 to 12 weeks"),
        (("--track", "praise", "--start", "soon"), "'soon' is not a date"),
        (("--track", "praise", "--action", "nope"), "There is no micro-action 'nope'"),
    ],
)
def test_bad_experiments_exit_2_and_write_nothing(
    ready: str, extra: tuple[str, ...], starts: str
) -> None:
    tactic = "Share a 3-bullet insight every Tuesday"
    refused(ms("experiment", "start", tactic, "--hypothesis", "h", *extra, db=ready), starts)
    assert listed(ready, "experiment", "list") == []


def test_a_vague_tactic_exits_2_with_an_example(ready: str) -> None:
    result = ms(
        "experiment", "start", "be better", "--hypothesis", "h", "--track", "praise", db=ready
    )
    refused(result, "'be better' is too vague to test: name one concrete action")
    assert "Share a 3-bullet insight in the team channel every Tuesday" in result.stderr
    assert listed(ready, "experiment", "list") == []


def test_a_tick_for_tomorrow_speaks_of_ticks_not_signals(ready: str) -> None:
    assert ms("action", "pick", "tuesday-insight", db=ready).exit_code == 0
    result = ms("action", "tick", "tuesday-insight", "--on", "tomorrow", db=ready)
    refused(result, "Tick a micro-action on the day you do it:")
    assert "signal" not in result.stderr
    assert listed(ready, "action", "list")[0]["total_ticks"] == 0


def test_signal_list_since_a_day_to_come_is_refused_and_empty_filters_say_so(
    ready: str,
) -> None:
    refused(ms("signal", "list", "--since", "tomorrow", db=ready), "There are no signals since")
    ms("signal", "add", "praise", "Thanks for the deck", "--on", "-10d", db=ready)
    since = (date.today() - timedelta(days=3)).isoformat()
    empty = ms("signal", "list", "--since", since, db=ready)
    assert empty.exit_code == 0
    assert empty.stdout.startswith("No signals since ")
    assert "yet" not in empty.stdout
    kinds = ms("signal", "list", "--kind", "invitation", "--kind", "mention", db=ready)
    assert kinds.stdout.startswith("No invitation or mention signals.")


def test_repeatable_kind_options_name_their_value_in_help() -> None:
    for command in (("experiment", "start"), ("signal", "list")):
        shown = ms(*command, "--help")
        assert shown.exit_code == 0
        assert "list[str]" not in shown.stdout
        assert "KIND" in shown.stdout


def test_action_keys_are_never_cut_in_80_columns(
    ready: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microstep.cli import common

    monkeypatch.setattr(common.console, "width", 80)
    keys = ("take-small-ticket-outside", "prep-one-question", "answer-channel-question")
    for key in keys:
        assert ms("action", "pick", key, db=ready).exit_code == 0
    for command in ("list", "library"):
        result = ms("action", command, db=ready)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80
        for key in keys:
            assert key in result.stdout, (command, key)
        assert "visibili…" not in result.stdout
        assert "capabili…" not in result.stdout
