"""The computed week: practice, goals done and missed, feedback, signals against average, wins."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from microstep.core.dates import day_label
from microstep.core.review import (
    FeedbackFact,
    GoalFact,
    IsoWeek,
    MasteredFact,
    SignalFact,
    TickFact,
    WeekFacts,
    amount,
    goal_mark,
    goal_outcome,
    summarise,
)

TODAY = date(2026, 11, 18)  # Wednesday of 2026-W47 (Mon 16 to Sun 22 Nov)
WEEK = IsoWeek(2026, 47)
MON, TUE = date(2026, 11, 16), date(2026, 11, 17)


def goal(gid: int, due: date, status: str = "active", finished: date | None = None, **kw: object):
    """A goal created two weeks ago and started a week ago."""
    return GoalFact(
        id=gid,
        title=f"Goal {gid}",
        kind=str(kw.pop("kind", "learning")),
        status=status,
        due=due,
        created_on=TODAY - timedelta(days=14),
        started_on=TODAY - timedelta(days=7),
        finished_on=finished,
        **kw,  # type: ignore[arg-type]
    )


def test_practice_minutes_and_sessions_count_only_the_week_so_far() -> None:
    practice = [(MON, 5), (MON, 10), (TUE, 7), (TODAY + timedelta(days=1), 9)]
    trailing = [(MON - timedelta(weeks=w, days=1), 5) for w in range(4) for _ in range(3)]
    summary = summarise(WEEK, WeekFacts(practice=practice + trailing), today=TODAY)
    assert (summary.minutes, summary.sessions, summary.practice_days) == (22, 3, 2)
    assert summary.average_sessions == 3.0
    assert (summary.as_of, summary.days_elapsed) == (TODAY, 3)


def test_goals_done_in_the_week_and_goals_missed_by_their_due_date() -> None:
    goals = [
        goal(1, due=TODAY + timedelta(days=2), status="done", finished=TUE, outcome_value=3.0),
        goal(2, due=MON, status="done", finished=TUE),  # done, but a day late
        goal(3, due=TUE),  # due yesterday, still active
        goal(4, due=TODAY),  # due today: not missed yet
        goal(5, due=TODAY + timedelta(days=3), status="dropped", finished=MON),
        goal(6, due=MON - timedelta(days=3), status="done", finished=MON - timedelta(days=3)),
        goal(7, due=MON + timedelta(days=7)),  # next week
    ]
    summary = summarise(WEEK, WeekFacts(goals=goals), today=TODAY)
    assert [g.id for g in summary.goals_done] == [1, 2]
    assert [g.id for g in summary.goals_missed] == [3, 5]


def test_a_goal_finished_late_in_its_week_is_listed_once_and_marked_done_late() -> None:
    late = goal(2, due=MON, status="done", finished=TUE)
    summary = summarise(WEEK, WeekFacts(goals=[late]), today=TODAY)
    assert [g.id for g in summary.goals_done] == [2]
    assert summary.goals_missed == ()
    assert goal_mark(late) == "done late"


def test_a_goal_finished_after_its_week_stays_missed_there_but_is_marked_done_late() -> None:
    later = goal(1, due=MON - timedelta(days=2), status="done", finished=TUE)
    summary = summarise(WEEK.shifted(-1), WeekFacts(goals=[later]), today=TODAY)
    assert [g.id for g in summary.goals_missed] == [1]
    assert goal_mark(later) == "done late"


def test_missed_and_dropped_goals_are_not_marked_done() -> None:
    on_time = goal(1, due=TODAY, status="done", finished=TUE)
    dropped = goal(2, due=TUE, status="dropped", finished=MON)
    open_ = goal(3, due=TUE)
    marks = [goal_mark(item) for item in (on_time, dropped, open_)]
    assert marks == ["done", "dropped", "missed"]


@pytest.mark.parametrize(
    ("value", "unit", "says"),
    [
        (1.0, "answers", "1 answer"),
        (2.0, "answers", "2 answers"),
        (1.0, "class", "1 class"),
        (1.0, None, "1"),
        (2.5, "hours", "2.5 hours"),
        (1.0, "kg", "1 kg"),
    ],
)
def test_an_amount_of_exactly_one_uses_the_singular(
    value: float, unit: str | None, says: str
) -> None:
    assert amount(value, unit) == says


def test_one_answer_reached_reads_in_the_singular() -> None:
    one = goal(1, due=TODAY, status="done", finished=TUE, outcome_value=1.0, unit="answers")
    assert goal_outcome(one) == "reached 1 answer"


def test_days_are_written_one_human_way() -> None:
    assert day_label(date(2026, 11, 1), year=False) == "Sun 1 Nov"
    assert day_label(date(2026, 11, 29)) == "Sun 29 Nov 2026"


def test_a_finished_week_counts_a_goal_due_on_its_sunday_as_missed() -> None:
    sunday = WEEK.end
    summary = summarise(WEEK, WeekFacts(goals=[goal(1, due=sunday)]), today=sunday)
    assert summary.goals_missed == ()
    later = summarise(WEEK, WeekFacts(goals=[goal(1, due=sunday)]), today=sunday + timedelta(1))
    assert [g.id for g in later.goals_missed] == [1]


def test_signals_this_week_against_the_four_weeks_before() -> None:
    signals = [SignalFact(MON, "praise"), SignalFact(TUE, "praise"), SignalFact(TUE, "mention")]
    signals += [SignalFact(MON - timedelta(weeks=w), "praise") for w in (1, 2, 3, 4)]
    signals += [SignalFact(MON - timedelta(weeks=5), "praise")]  # outside the window
    summary = summarise(WEEK, WeekFacts(signals=signals), today=TODAY)
    counts = {item.kind: (item.this_week, item.average) for item in summary.signals}
    assert counts["praise"] == (2, 1.0)
    assert counts["mention"] == (1, 0.0)
    assert counts["invitation"] == (0, 0.0)
    assert len(counts) == 6


def test_feedback_received_with_its_average_rating_and_ticks_by_focus() -> None:
    feedback = [
        FeedbackFact(MON, "Priya", "Was the summary useful?", 5, "Very"),
        FeedbackFact(TUE, "Sam", "Was the chart clear?", 3, None),
        FeedbackFact(MON - timedelta(days=2), "Lee", "Old question?", 4, None),
    ]
    ticks = [TickFact(MON, "visibility", "Share a chart"), TickFact(TUE, "capability", "Read")]
    ticks += [TickFact(TUE, "visibility", "Share a chart")]
    summary = summarise(WEEK, WeekFacts(feedback=feedback, ticks=ticks), today=TODAY)
    assert [item.asked_whom for item in summary.feedback] == ["Priya", "Sam"]
    assert summary.average_rating == 4.0
    assert summary.ticks == {"capability": 1, "visibility": 2}


def test_wins_gather_goals_mastery_praise_good_feedback_and_helpful_experiments() -> None:
    facts = WeekFacts(
        goals=[goal(1, due=TODAY, status="done", finished=MON, outcome_value=3.0, unit="reports")],
        mastered=[MasteredFact(TUE, "Pause before answering", "Presenting")],
        signals=[SignalFact(TUE, "praise", "Priya", "Great summary"), SignalFact(TUE, "mention")],
        feedback=[
            FeedbackFact(MON, "Priya", "Useful?", 5, "Yes"),
            FeedbackFact(MON, "Sam", "Clear?", 3, "So-so"),
        ],
        helped=["Experiment 'Share weekly': praise: likely helped (...)"],
    )
    wins = summarise(WEEK, facts, today=TODAY).wins
    assert [(w.kind, w.title) for w in wins] == [
        ("goal", "Goal 1"),
        ("mastered", "Mastered: Pause before answering"),
        ("signal", "Praise: Great summary"),
        ("feedback", "Priya rated it 5/5"),
        ("experiment", "Experiment 'Share weekly': praise: likely helped (...)"),
    ]
    assert wins[0].detail == "reached 3 reports"


def test_a_quiet_week_has_zeros_and_no_wins() -> None:
    summary = summarise(WEEK, WeekFacts(), today=TODAY)
    assert (summary.minutes, summary.sessions, summary.wins, summary.average_rating) == (
        0,
        0,
        (),
        None,
    )
