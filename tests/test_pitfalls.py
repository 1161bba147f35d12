"""Each pitfall detector fires on a seeded case with its evidence, and stays quiet when healthy."""

from __future__ import annotations

from datetime import date, timedelta

from microstep.core.pitfalls import (
    SMALLEST_STEP,
    ExperimentFact,
    MicroSkillFact,
    PickFact,
    PitfallFacts,
    PitfallPolicy,
    detect,
    motivation_dip,
    perfection_paralysis,
    scope_creep,
    signal_without_substance,
    stalled_goal,
)
from microstep.core.review import GoalFact, IsoWeek, TickFact

TODAY = date(2026, 11, 18)  # Wednesday of 2026-W47
WEEK = IsoWeek(2026, 47)
POLICY = PitfallPolicy()
MONTH_AGO = TODAY - timedelta(days=30)


def goal(
    gid: int,
    *,
    status: str = "active",
    created: int = 10,
    started: int | None = 8,
    due: int = 3,
    kind: str = "learning",
    finished: int | None = None,
    outcome: float | None = None,
) -> GoalFact:
    """A goal with its days given as offsets from TODAY (created/started days ago, due in)."""
    return GoalFact(
        id=gid,
        title=f"Goal {gid}",
        kind=kind,
        status=status,
        due=TODAY + timedelta(days=due),
        created_on=TODAY - timedelta(days=created),
        started_on=None if started is None else TODAY - timedelta(days=started),
        finished_on=None if finished is None else TODAY - timedelta(days=finished),
        outcome_value=outcome,
    )


def facts(**kw: object) -> PitfallFacts:
    return PitfallFacts(week=WEEK, today=TODAY, **kw)  # type: ignore[arg-type]


def skill(n: int) -> MicroSkillFact:
    return MicroSkillFact(f"Drill {n}", "active", TODAY - timedelta(days=20))


def pick(n: int, focus: str = "capability") -> PickFact:
    return PickFact(f"Action {n}", focus, TODAY - timedelta(days=20))


# --- scope creep ---


def test_scope_creep_fires_over_the_total_and_lists_everything() -> None:
    seeded = facts(
        goals=[goal(i, due=10) for i in range(1, 5)],
        microskills=[skill(1), skill(2)],
        picks=[pick(n) for n in range(6)],
        experiments=[ExperimentFact("Share weekly", "running", TODAY - timedelta(7), TODAY)],
    )
    found = scope_creep(seeded, POLICY)
    assert found is not None
    assert found.evidence[0].startswith("13 things at once, over the limit of 12")
    assert "4 active goals, 2 active micro-skills, 6 picked micro-actions" in found.evidence[0]
    assert "Goal: Goal 1" in found.evidence
    assert "Micro-skill: Drill 2" in found.evidence
    assert "Experiment: Share weekly" in found.evidence


def test_scope_creep_fires_when_goals_and_microskills_are_both_at_their_limit() -> None:
    seeded = facts(
        goals=[goal(i, due=10) for i in range(5)], microskills=[skill(n) for n in range(3)]
    )
    found = scope_creep(seeded, POLICY)
    assert found is not None
    assert "5 of 5 goals and 3 of 3 micro-skills active" in found.evidence[0]


def test_scope_creep_is_quiet_on_a_manageable_load() -> None:
    healthy = facts(
        goals=[goal(i, due=10) for i in range(3)],
        microskills=[skill(1), skill(2), MicroSkillFact("Paused", "queued", TODAY)],
        picks=[pick(n) for n in range(4)] + [PickFact("Old", "visibility", TODAY, TODAY)],
        experiments=[
            ExperimentFact("Ended", "finished", TODAY - timedelta(60), TODAY - timedelta(30))
        ],
    )
    assert scope_creep(healthy, POLICY) is None


def test_scope_creep_looks_at_the_load_on_the_weeks_last_day() -> None:
    # Five goals now, but three of them started after that week ended.
    goals = [goal(i, due=10, started=2) for i in range(3)] + [goal(9, due=10), goal(8, due=10)]
    seeded = PitfallFacts(
        week=WEEK.shifted(-1), today=TODAY, goals=goals, microskills=[skill(n) for n in range(3)]
    )
    assert scope_creep(seeded, POLICY) is None


# --- perfection paralysis ---


def test_paralysis_lists_planned_goals_waiting_five_days_with_their_ages() -> None:
    seeded = facts(goals=[goal(1, status="planned", created=9, started=None), goal(2, created=9)])
    found = perfection_paralysis(seeded, POLICY)
    assert found is not None
    assert found.evidence[0] == "1 planned goal waiting 5 days or more."
    assert found.evidence[1].startswith("'Goal 1': planned 9 days ago, not started")


def test_paralysis_is_quiet_for_fresh_plans_and_started_goals() -> None:
    healthy = facts(goals=[goal(1, status="planned", created=4, started=None), goal(2, created=9)])
    assert perfection_paralysis(healthy, POLICY) is None


# --- motivation dip ---


def _sessions(per_week: list[int], this_week: int) -> list[date]:
    days = []
    for offset, count in zip((4, 3, 2, 1), per_week, strict=True):
        days += [WEEK.shifted(-offset).start] * count
    return days + [WEEK.start] * this_week


def test_motivation_dip_fires_when_sessions_fall_by_forty_percent() -> None:
    sunday = WEEK.end
    seeded = PitfallFacts(week=WEEK, today=sunday, practice_days=_sessions([6, 6, 5, 7], 3))
    found = motivation_dip(seeded, POLICY)
    assert found is not None
    assert found.evidence[0] == (
        "3 practice sessions this week against 6 a week over the 4 weeks before: down 50%."
    )
    assert "2026-W43 6, 2026-W44 6, 2026-W45 5, 2026-W46 7" in found.evidence[1]


def test_motivation_dip_prorates_a_week_in_progress() -> None:
    # Wednesday: 3 of 7 days seen, so 7 a week means 3 expected by now.
    steady = facts(practice_days=_sessions([7, 7, 7, 7], 2))
    assert motivation_dip(steady, POLICY) is None
    dipped = motivation_dip(facts(practice_days=_sessions([7, 7, 7, 7], 1)), POLICY)
    assert dipped is not None
    assert "in its first 3 days (3.0 expected)" in dipped.evidence[0]


def test_motivation_dip_stays_quiet_when_the_average_is_too_small_to_mean_much() -> None:
    rare = PitfallFacts(week=WEEK, today=WEEK.end, practice_days=_sessions([2, 3, 2, 3], 0))
    assert motivation_dip(rare, POLICY) is None


# --- all signal and no substance ---


def _ticks(focus: str, count: int) -> list[TickFact]:
    return [
        TickFact(TODAY - timedelta(days=n % 20), focus, f"{focus} action") for n in range(count)
    ]


def test_signal_without_substance_fires_when_visibility_is_three_times_capability() -> None:
    seeded = facts(
        ticks=_ticks("visibility", 8) + _ticks("capability", 1),
        goals=[goal(1, status="done", kind="visibility", finished=3)],
        practice_days=[TODAY - timedelta(days=1), TODAY - timedelta(days=60)],
    )
    found = signal_without_substance(seeded, POLICY)
    assert found is not None
    assert found.evidence[0] == (
        "9 visibility actions against 2 capability actions (4.5 to 1) since Mon 26 Oct."
    )
    assert found.evidence[2] == (
        "Capability: 1 micro-action tick, 0 learning goals done, 1 practice session."
    )


def test_signal_without_substance_is_quiet_when_balanced_or_small() -> None:
    balanced = facts(ticks=_ticks("visibility", 9) + _ticks("capability", 4))
    assert signal_without_substance(balanced, POLICY) is None
    small = facts(ticks=_ticks("visibility", 5))
    assert signal_without_substance(small, POLICY) is None


# --- stalled goal ---


def test_stalled_goal_fires_past_half_time_with_no_outcome_and_suggests_a_smaller_step() -> None:
    seeded = facts(goals=[goal(1, started=8, due=1), goal(2, started=9, due=-2)])
    found = stalled_goal(seeded, POLICY)
    assert found is not None
    assert found.evidence[0] == "2 active goals with no progress."
    assert (
        "'Goal 1': started Tue 10 Nov (8 days ago), due Thu 19 Nov (in 1 day), 89%"
        in (found.evidence[1])
    )
    assert "(2 days overdue)" in found.evidence[2]
    assert SMALLEST_STEP in found.suggestion


def test_stalled_goal_is_quiet_for_fresh_goals_far_from_due_or_with_an_outcome() -> None:
    healthy = facts(
        goals=[
            goal(1, started=1, due=1),  # just started
            goal(2, started=8, due=6),  # far from due
            goal(3, started=8, due=1, outcome=2.0),  # progress recorded
            goal(4, status="done", started=8, due=1, finished=1),
        ]
    )
    assert stalled_goal(healthy, POLICY) is None


def test_a_healthy_week_fires_nothing() -> None:
    healthy = facts(
        goals=[goal(1, started=2, due=10)],
        microskills=[skill(1)],
        picks=[pick(1), pick(2, "visibility")],
        practice_days=_sessions([5, 5, 5, 5], 3),
        ticks=_ticks("capability", 3) + _ticks("visibility", 3),
    )
    assert detect(healthy, POLICY) == ()


def test_thresholds_come_from_the_policy() -> None:
    seeded = facts(goals=[goal(1, status="planned", created=3, started=None)])
    assert perfection_paralysis(seeded, POLICY) is None
    assert perfection_paralysis(seeded, PitfallPolicy(paralysis_days=2)) is not None
