"""The signal log: one-line capture with friendly kinds, no future days, lists, weekly counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core.dates import day_label
from microstep.core.evidence import SignalKind
from microstep.core.signals import parse_kind, weekly_by_kind
from microstep.errors import InvalidInput, NotFound
from microstep.services import signals
from microstep.services.context import Context
from microstep.services.evidence_schemas import SignalCreate
from tests.conftest import TODAY


def log(ctx: Context, kind: str = "praise", note: str = "Thanks for the deck", **more: object):
    """Log a signal through the service."""
    return signals.add_signal(ctx, SignalCreate.model_validate({"kind": kind, "note": note} | more))


@given(
    kind=st.sampled_from(list(SignalKind)),
    sep=st.sampled_from(["_", "-", " ", ""]),
    upper=st.booleans(),
    plural=st.booleans(),
)
def test_every_kind_parses_from_its_friendly_forms(
    kind: SignalKind, sep: str, upper: bool, plural: bool
) -> None:
    text = kind.value.replace("_", sep) + ("s" if plural else "")
    assert parse_kind(text.upper() if upper else text) is kind


@given(st.text(alphabet="xyzqjk0123456789 ", min_size=0, max_size=20))
def test_nonsense_kinds_are_refused_with_the_list(text: str) -> None:
    with pytest.raises(InvalidInput, match="meeting-invite"):
        parse_kind(text)


def test_aliases_people_type_are_understood() -> None:
    assert parse_kind("Meeting invite") is SignalKind.MEETING_INVITE
    assert parse_kind("kudos") is SignalKind.PRAISE
    assert parse_kind("invite") is SignalKind.INVITATION


def test_a_signal_defaults_to_today_and_keeps_one_line(ctx: Context) -> None:
    row = log(ctx, "meeting-invite", "Asked to join\n the pricing   review", source=" Priya ")
    assert row.occurred_on == TODAY
    assert row.kind is SignalKind.MEETING_INVITE
    assert row.note == "Asked to join the pricing review"
    assert row.source == "Priya"
    assert [s.id for s in signals.list_signals(ctx)] == [row.id]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_on": TODAY + timedelta(days=1)}, "occurred_on"),
        ({"note": "   "}, "note"),
        ({"note": "x" * 281}, "note"),
        ({"source": "y" * 201}, "source"),
    ],
)
def test_bad_signals_are_refused_and_nothing_is_written(
    ctx: Context, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        log(ctx, **changes)
    assert caught.value.field == field
    assert caught.value.message.endswith(".")
    assert signals.list_signals(ctx) == []


def test_list_filters_by_kind_and_day_newest_first(ctx: Context) -> None:
    old = log(ctx, "invitation", "Old invite", occurred_on=TODAY - timedelta(days=20))
    praise = log(ctx, "praise", "Kind words", occurred_on=TODAY - timedelta(days=2))
    invite = log(ctx, "invitation", "New invite", occurred_on=TODAY - timedelta(days=1))
    assert [s.id for s in signals.list_signals(ctx)] == [invite.id, praise.id, old.id]
    only = signals.list_signals(ctx, [SignalKind.INVITATION])
    assert [s.id for s in only] == [invite.id, old.id]
    recent = signals.list_signals(ctx, since=TODAY - timedelta(days=5))
    assert [s.id for s in recent] == [invite.id, praise.id]
    assert [s.id for s in signals.list_signals(ctx, limit=1)] == [invite.id]


def test_a_list_since_a_day_to_come_is_refused_in_one_sentence(ctx: Context) -> None:
    log(ctx)
    with pytest.raises(InvalidInput) as refused:
        signals.list_signals(ctx, since=TODAY + timedelta(days=1))
    assert refused.value.message == (
        "There are no signals since Thu 19 Nov 2026, a day still to come: "
        "list from today or an earlier day."
    )
    assert refused.value.field == "since"
    assert len(signals.list_signals(ctx, since=TODAY)) == 1


def test_a_future_signal_is_refused_with_the_day_in_words(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="Thu 19 Nov 2026 is in the future"):
        log(ctx, occurred_on=TODAY + timedelta(days=1))


def test_days_are_written_one_way_with_the_year_only_when_it_differs() -> None:
    assert day_label(TODAY) == "Wed 18 Nov 2026"
    assert day_label(TODAY + timedelta(days=8), today=TODAY) == "Thu 26 Nov"
    assert day_label(TODAY - timedelta(days=365), today=TODAY) == "Tue 18 Nov 2025"


def test_delete_removes_only_that_signal(ctx: Context) -> None:
    keep, gone = log(ctx, note="Keep"), log(ctx, note="Gone")
    assert signals.delete_signal(ctx, gone.id).note == "Gone"
    assert [s.id for s in signals.list_signals(ctx)] == [keep.id]
    with pytest.raises(NotFound):
        signals.delete_signal(ctx, gone.id)


def test_weekly_counts_split_by_kind_with_this_week_last(ctx: Context) -> None:
    log(ctx, "invitation", "a")
    log(ctx, "invitation", "b", occurred_on=TODAY - timedelta(days=1))
    log(ctx, "mention", "c", occurred_on=TODAY - timedelta(weeks=3))
    log(ctx, "praise", "too old", occurred_on=TODAY - timedelta(weeks=20))
    weeks = signals.signal_weeks(ctx, 12)
    assert len(weeks) == 12
    assert weeks[-1].counts["invitation"] == 2
    assert weeks[-1].total == 2
    assert weeks[-4].counts["mention"] == 1
    assert sum(week.total for week in weeks) == 3
    assert set(weeks[0].counts) == {kind.value for kind in SignalKind}


def test_weekly_by_kind_ignores_days_after_today() -> None:
    later = [(TODAY + timedelta(days=1), "praise"), (TODAY, "praise")]
    assert weekly_by_kind(later, today=TODAY, weeks=2)[-1].total == 1


def test_signals_are_private_to_their_person(ctx: Context) -> None:
    row = log(ctx)
    stranger = replace(ctx, person_id=ctx.person_id + 1000)
    assert signals.list_signals(stranger) == []
    with pytest.raises(NotFound):
        signals.delete_signal(stranger, row.id)
