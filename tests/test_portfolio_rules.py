"""The portfolio's pure rules: metrics of suggestions, positive signals, the 3-bullet update."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microstep.core import portfolio as rules
from microstep.core.dates import day_label
from microstep.core.portfolio import SourceKind
from microstep.errors import InvalidInput

DAY = date(2026, 11, 18)


def goal(**fields: object) -> rules.GoalFact:
    values: dict[str, object] = {
        "id": 1,
        "title": "Annotate 3 dashboards",
        "metric": "dashboards",
        "target_value": 3.0,
        "unit": None,
        "outcome_value": 3.0,
        "done_when": None,
        "outcome_note": None,
        "finished_on": DAY,
        "skill_id": 4,
        "skill_name": "Data visualisation",
    }
    values.update(fields)
    return rules.GoalFact(**values)  # type: ignore[arg-type]


def microskill(values: tuple[float, ...], *, lower: bool = True) -> rules.MicroSkillFact:
    return rules.MicroSkillFact(
        id=7,
        definition="Open with the conclusion",
        metric="time to the point",
        unit="s",
        lower_is_better=lower,
        values=values,
        sessions=len(values),
        minutes=5 * len(values),
        mastered_on=DAY,
        skill_id=2,
        skill_name="Presenting",
    )


def signal(kind: str, rating: int | None = None, signal_id: int = 3) -> rules.SignalFact:
    return rules.SignalFact(signal_id, kind, DAY, "Priya", "Clear summary", rating)


def test_a_counted_goal_reads_as_reached_of_target() -> None:
    assert rules.goal_metric(goal()) == "3 of 3 dashboards"


def test_a_goal_with_a_unit_shows_the_value_and_the_target() -> None:
    fact = goal(metric="runtime", unit="s", target_value=30.0, outcome_value=28.0)
    assert rules.goal_metric(fact) == "runtime: 28 s (target 30 s)"


def test_a_deliverable_goal_uses_its_done_when_test() -> None:
    fact = goal(metric=None, target_value=None, outcome_value=None, done_when="Priya signs off")
    assert rules.goal_metric(fact) == "done when: Priya signs off"


def test_mastery_metric_runs_from_the_first_to_the_best_value_in_its_direction() -> None:
    assert rules.microskill_metric(microskill((95, 40, 22, 28))) == "time to the point 95 s → 22 s"
    higher = microskill((2, 9, 7), lower=False)
    assert rules.microskill_metric(higher) == "time to the point 2 s → 9 s"
    assert rules.microskill_metric(microskill(())) is None


@pytest.mark.parametrize(
    ("kind", "rating", "positive"),
    [
        ("praise", None, True),
        ("assignment", None, True),
        ("invitation", None, True),
        ("feedback", 5, True),
        ("feedback", 4, True),
        ("feedback", 3, False),
        ("feedback", None, False),
        ("mention", None, False),
        ("meeting_invite", None, False),
    ],
)
def test_positive_signals_are_praise_assignments_invitations_and_good_feedback(
    kind: str, rating: int | None, positive: bool
) -> None:
    assert rules.is_positive(signal(kind, rating)) is positive


def test_used_sources_are_not_suggested_again_and_newest_come_first() -> None:
    older = goal(id=1, finished_on=DAY - timedelta(days=5))
    newer = goal(id=2, title="Newer", finished_on=DAY)
    found = rules.suggestions(
        [older, newer],
        [microskill((95, 28))],
        [signal("praise", signal_id=9), signal("mention", signal_id=10)],
        taken={(SourceKind.GOAL, 2)},
    )
    keys = [item.key for item in found]
    assert (SourceKind.GOAL, 2) not in keys
    assert (SourceKind.SIGNAL, 10) not in keys
    assert keys[-1] == (SourceKind.GOAL, 1)
    assert {SourceKind.MICROSKILL, SourceKind.SIGNAL} <= {item.source for item in found}


def empty_facts(**fields: object) -> rules.UpdateFacts:
    values: dict[str, object] = {
        "start": DAY - timedelta(days=13),
        "end": DAY,
        "wins": [],
        "goals_done": 0,
        "practice_minutes": 0,
        "practice_sessions": 0,
        "dropped": [],
        "open_requests": [],
        "to_adjust": None,
        "overdue": [],
    }
    values.update(fields)
    return rules.UpdateFacts(**values)  # type: ignore[arg-type]


def test_an_empty_period_is_reported_plainly_without_invented_claims() -> None:
    bullets = rules.stakeholder_update(empty_facts())
    assert [b.kind for b in bullets] == list(rules.BulletKind)
    assert "no finished goals" in bullets[0].text
    assert "no finished goals in this period" in bullets[1].text
    assert "no practice logged" in bullets[1].text
    assert bullets[2].text.endswith("?")


def test_the_biggest_win_leads_and_a_dropped_goal_reads_as_a_trade_off() -> None:
    facts = empty_facts(
        wins=[
            rules.Win("finished 'A'", "2 of 3 reports", 2.5),
            rules.Win("mastered pausing", "fillers 9 → 2", 3.9),
        ],
        goals_done=2,
        practice_minutes=70,
        practice_sessions=9,
        dropped=[("Retired dashboard", "It was retired.")],
    )
    impact, progress, _question = rules.stakeholder_update(facts)
    assert impact.text == "Impact: mastered pausing: fillers 9 → 2."
    assert "finished 2 micro-goals; practised 70 min over 9 sessions" in progress.text
    assert "Trade-off: dropped 'Retired dashboard' (It was retired)" in progress.text


def test_the_open_question_prefers_a_waiting_feedback_request_then_the_review() -> None:
    request = rules.OpenRequest("Lena", "Was the summary useful?", DAY)
    asked = rules.stakeholder_update(empty_facts(open_requests=[request], to_adjust="x"))[2]
    assert asked.text.startswith("Open question: Was the summary useful?")
    adjust = rules.stakeholder_update(empty_facts(to_adjust="Plan Fridays earlier."))[2]
    assert "Plan Fridays earlier" in adjust.text
    assert adjust.text.endswith("?")
    overdue = rules.stakeholder_update(empty_facts(overdue=[("Write tests", DAY)]))[2]
    assert "'Write tests'" in overdue.text
    assert overdue.text.endswith("?")


def test_the_default_period_is_the_last_fourteen_days() -> None:
    assert rules.update_period(None, None, today=DAY) == (DAY - timedelta(days=13), DAY)


@given(st.dates(), st.dates())
def test_a_period_is_ordered_recent_and_past_or_refused_with_one_sentence(
    since: date, until: date
) -> None:
    earliest = DAY - timedelta(days=rules.MAX_UPDATE_DAYS)
    if until > DAY:
        expected = r"^The period ends on .*has not happened yet.*\.$"
    elif since > DAY:
        expected = r"^The period starts on .*has not happened yet.*\.$"
    elif since < earliest:
        expected = r"^An update looks back at most 5 years: .*\.$"
    elif since > until:
        expected = r"^The period starts on .*\.$"
    else:
        assert rules.update_period(since, until, today=DAY) == (since, until)
        return
    with pytest.raises(InvalidInput, match=expected):
        rules.update_period(since, until, today=DAY)


@given(
    st.lists(st.tuples(st.dates(date(2026, 1, 1), date(2026, 12, 31)), st.integers(0, 120))),
)
def test_weekly_sums_keep_every_value_inside_the_weeks(values: list[tuple[date, int]]) -> None:
    first = date(2026, 1, 1)
    weeks = rules.weeks_between(first, date(2026, 12, 31))
    sums = rules.weekly_sums(
        [(day, float(minutes)) for day, minutes in values], first_week=first, weeks=weeks
    )
    assert sum(sums) == sum(minutes for _day, minutes in values)


def test_an_outcome_above_target_reads_as_the_value_and_its_target() -> None:
    assert rules.goal_metric(goal(metric="functions", target_value=4.0, outcome_value=5.0)) == (
        "5 functions (target 4)"
    )
    assert rules.goal_metric(goal(outcome_value=2.0)) == "2 of 3 dashboards"


@pytest.mark.parametrize(
    ("title", "outcome", "met"),
    [
        ("Annotate 3 dashboards", 3.0, True),
        ("Annotate 3 dashboards", 4.0, True),
        ("Annotate 3 dashboards", 2.0, False),
        ("Annotate 3 dashboards", None, True),
        ("Cut the churn query runtime below 3 s", 2.0, True),
        ("Cut the churn query runtime below 3 s", 4.0, False),
    ],
)
def test_a_goal_meets_its_target_in_the_direction_its_words_ask_for(
    title: str, outcome: float | None, met: bool
) -> None:
    assert rules.goal_met(goal(title=title, outcome_value=outcome)) is met


def test_goals_that_fell_short_are_not_suggested_but_done_when_goals_are() -> None:
    short = goal(id=1, outcome_value=2.0)
    deliverable = goal(
        id=2, metric=None, target_value=None, outcome_value=None, done_when="Priya signs off"
    )
    found = rules.suggestions([short, deliverable], [], [], taken=set())
    assert [item.key for item in found] == [(SourceKind.GOAL, 2)]


def test_the_shortlist_collapses_near_identical_titles_and_caps_with_a_count() -> None:
    repeats = [
        goal(id=i, title=f"Write tests for {n} functions", finished_on=DAY - timedelta(days=i))
        for i, n in ((1, 4), (2, 5), (3, 4))
    ]
    others = [
        goal(id=10 + i, title=f"Goal {chr(65 + i)}", finished_on=DAY - timedelta(days=30 + i))
        for i in range(20)
    ]
    found = rules.suggestions([*repeats, *others], [], [], taken=set())
    items, more = rules.shortlist(found, portfolio_titles=["goal q"])
    titles = [item.title for item in items]
    assert len(items) == rules.SHORTLIST
    assert titles.count("Write tests for 4 functions") == 1
    assert "Write tests for 5 functions" not in titles
    kept = next(item for item in items if item.title.startswith("Write tests"))
    assert (kept.source_id, kept.similar) == (1, 2)  # the latest of three equals
    assert "Goal Q" not in titles  # already in the portfolio
    assert more == 1 + 20 - 1 - rules.SHORTLIST
    assert [item.achieved_on for item in items] == sorted(
        (item.achieved_on for item in items), reverse=True
    )


def test_a_stronger_suggestion_wins_over_a_newer_one_when_the_list_is_capped() -> None:
    mastery = rules.suggest_from_microskill(microskill((95, 28)))
    old = rules.Suggestion(**{**mastery.__dict__, "achieved_on": DAY - timedelta(days=300)})
    praise = rules.suggestions(
        [], [], [signal("praise", signal_id=i) for i in range(20)], taken=set()
    )
    items, _more = rules.shortlist([*praise, old], portfolio_titles=[], limit=2)
    assert old in items


@pytest.mark.parametrize(
    ("metric", "narrative", "ok"),
    [
        (None, None, False),
        (None, "Did great work", False),
        ("", "  ", False),
        ("45 → 12 min", None, True),
        (None, "Automated the weekly report, so sales gets it on Monday.", True),
    ],
)
def test_an_achievement_needs_a_metric_or_a_story_of_substance(
    metric: str | None, narrative: str | None, ok: bool
) -> None:
    assert rules.has_substance(metric, narrative) is ok
    if not ok:
        with pytest.raises(InvalidInput, match=r"^Say what changed: .*for example.*\.$"):
            rules.check_substance(metric, narrative)


def test_an_achievement_day_is_past_and_near_the_persons_history() -> None:
    first = date(2025, 3, 1)
    check = rules.check_achievement_day
    assert check(date(2024, 3, 1), today=DAY, first_record=first) == date(2024, 3, 1)
    with pytest.raises(InvalidInput, match=r"^2024-02-29 is too far back.*1 Mar 2024 on\.$"):
        check(date(2024, 2, 29), today=DAY, first_record=first)
    with pytest.raises(InvalidInput, match="too far back"):
        check(date(1990, 3, 1), today=DAY, first_record=date(1980, 1, 1))
    with pytest.raises(InvalidInput, match="in the future"):
        check(DAY + timedelta(days=1), today=DAY, first_record=first)


def test_dates_in_the_portfolio_text_read_like_people_write_them() -> None:
    assert day_label(date(2026, 11, 3), weekday=False) == "3 Nov 2026"
    assert day_label(date(2026, 11, 13), weekday=False, year=False) == "13 Nov"
    assert "finished on 18 Nov 2026" in rules.suggest_from_goal(goal()).narrative
