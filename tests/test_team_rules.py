"""The manager view's arithmetic: heatmap grouping, growth per week, adherence, completion."""

from __future__ import annotations

from datetime import UTC, date, datetime

from microstep.core import team
from microstep.core.team import LevelChange, SharedCheckIn, SharedGoal, SharedSkill

TODAY = date(2026, 11, 18)  # a Wednesday
NOW = datetime(2026, 11, 18, 12, tzinfo=UTC)


def test_skills_group_by_esco_uri_else_by_name_as_people_read_it() -> None:
    uri = "http://data.europa.eu/esco/skill/sql"
    skills = [
        SharedSkill(1, "SQL queries", 2, 4, uri),
        SharedSkill(2, "Writing SQL", 3, 3, uri),
        SharedSkill(3, "sql  QUERIES", 1, 3),  # unlinked, named like a linked one: joins it
        SharedSkill(1, "Public speaking", 1, 3),
        SharedSkill(2, "public speaking", 2, 2),
    ]
    rows = team.heatmap(skills, [1, 2, 3], labels={uri: "SQL"})
    assert [(r.name, r.key) for r in rows] == [
        ("SQL", f"esco:{uri}"),
        ("Public speaking", "name:public speaking"),
    ]
    sql, speaking = rows
    assert [(c.current, c.target, c.gap) for c in sql.cells] == [(2, 4, 2), (3, 3, 0), (1, 3, 2)]
    assert (sql.sharing, sql.at_target) == (3, 1)
    assert speaking.cells[2].shared is False
    assert speaking.cells[2].gap is None
    assert (speaking.sharing, speaking.at_target, speaking.total_gap) == (2, 1, 2)


def test_a_row_takes_the_name_most_members_use_and_a_member_shows_their_stronger_skill() -> None:
    uri = "esco/python"
    skills = [
        SharedSkill(1, "Python", 1, 3, uri),
        SharedSkill(1, "Python scripting", 3, 4, uri),
        SharedSkill(2, "Python", 2, 2, uri),
    ]
    (row,) = team.heatmap(skills, [1, 2])
    assert row.name == "Python"
    assert (row.cells[0].current, row.cells[0].target) == (3, 4)


def test_rows_put_the_most_shared_skills_first_then_the_biggest_gaps() -> None:
    skills = [
        SharedSkill(1, "Excel", 4, 4),
        SharedSkill(1, "Negotiation", 0, 4),
        SharedSkill(1, "Writing", 1, 3),
        SharedSkill(2, "Writing", 2, 3),
    ]
    assert [r.name for r in team.heatmap(skills, [1, 2])] == ["Writing", "Negotiation", "Excel"]


def test_growth_sums_level_changes_per_iso_week_and_adding_a_skill_is_not_growth() -> None:
    changes = [
        LevelChange(1, date(2026, 11, 16), None, 3),  # added at 3: where it starts
        LevelChange(1, date(2026, 11, 17), 3, 4),  # this week +1
        LevelChange(2, date(2026, 11, 18), 1, 3),  # this week +2
        LevelChange(2, date(2026, 11, 9), 2, 1),  # last week -1
        LevelChange(1, date(2026, 8, 30), 0, 2),  # a Sunday 12 weeks back: outside
    ]
    weeks = team.growth(changes, today=TODAY)
    assert len(weeks) == 12
    assert weeks[-1].week == date(2026, 11, 16)
    assert weeks[-1].label == "2026-W47"
    assert weeks[0].week == date(2026, 8, 31)
    assert [w.levels for w in weeks[-2:]] == [-1, 3]
    assert sum(w.levels for w in weeks) == 2
    assert team.growth_by_person(changes, today=TODAY) == {1: 1, 2: 1}


def test_adherence_counts_meetings_held_against_those_the_rule_expected() -> None:
    weekly = SharedCheckIn(
        1,
        "FREQ=WEEKLY",
        datetime(2026, 10, 1, 15, tzinfo=UTC),  # Thursdays at 15:00
        "UTC",
        held=(date(2026, 10, 1), date(2026, 10, 15), date(2026, 9, 10)),  # the last: outside
    )
    found = team.adherence([weekly], today=TODAY, now=NOW)
    # Thursdays from 1 Oct to 12 Nov: 7 meetings; 19 Nov is still to come.
    assert (found.held, found.expected, found.checkins) == (2, 7, 1)
    assert found.rate == 2 / 7


def test_adherence_counts_fortnightly_meetings_in_the_persons_zone_leaving_stopped_ones_out() -> (
    None
):
    start = datetime(2026, 9, 24, 13, tzinfo=UTC)  # 15:00 in Berlin (summer time)
    fortnightly = SharedCheckIn(1, "FREQ=WEEKLY;INTERVAL=2", start, "Europe/Berlin")
    stopped = SharedCheckIn(1, "FREQ=WEEKLY", start, "UTC", active=False)
    found = team.adherence([fortnightly, stopped], today=TODAY, now=NOW)
    assert (found.held, found.expected, found.checkins) == (0, 4, 1)  # 24 Sep .. 5 Nov
    assert found.rate == 0.0
    assert team.adherence([], today=TODAY, now=NOW).rate is None


def test_completion_is_done_over_done_dropped_and_overdue_in_the_last_eight_weeks() -> None:
    first = team.window_start(TODAY)
    assert first == date(2026, 9, 24)
    assert (TODAY - first).days == 55
    goals = [
        SharedGoal(1, "done", date(2026, 11, 1), date(2026, 10, 30)),
        SharedGoal(1, "done", date(2026, 10, 1), date(2026, 9, 24)),  # the window's first day
        SharedGoal(1, "done", date(2026, 9, 20), date(2026, 9, 23)),  # closed before the window
        SharedGoal(1, "dropped", date(2026, 11, 20), date(2026, 11, 2)),
        SharedGoal(1, "active", date(2026, 11, 10)),  # overdue
        SharedGoal(1, "planned", TODAY),  # due today: not overdue yet
        SharedGoal(1, "planned", date(2026, 9, 1)),  # overdue since before the window
    ]
    found = team.completion(goals, today=TODAY)
    assert (found.done, found.dropped, found.overdue) == (2, 1, 1)
    assert found.rate == 0.5
    assert team.completion([], today=TODAY).rate is None


def test_records_group_by_member() -> None:
    goals = [SharedGoal(2, "done", TODAY), SharedGoal(1, "done", TODAY), SharedGoal(2, "x", TODAY)]
    grouped = team.by_person(goals)
    assert sorted(grouped) == [1, 2]
    assert len(grouped[2]) == 2
