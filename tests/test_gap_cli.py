"""`microstep gap`, `gap adopt` and `objective role` as a person and a script use them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import time_machine

from microstep.services.context import Context
from tests.cli import ms, refused

pytestmark = [pytest.mark.taxonomy, pytest.mark.usefixtures("isolated_settings")]

DATA_MINING = "http://data.europa.eu/esco/skill/25f0ea33-b4a2-4f31-b7b4-7d20e827b180"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    """The clock on Wednesday 18 November 2026."""
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def ana(ctx: Context, db_url: str) -> str:
    """Ana's database, her objective aimed at ESCO's data analyst from the CLI."""
    result = ms("objective", "role", "1", "data analyst", db=db_url)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "'Senior data analyst' now aims at the ESCO occupation 'data analyst'."
    )
    assert "See the gap: microstep gap" in result.stdout
    return db_url


def test_bare_gap_without_a_role_says_how_to_set_one(ctx: Context, db_url: str) -> None:
    refused(
        ms("gap", db=db_url),
        "Objective #1 'Senior data analyst' has no target role yet: set one with "
        '`microstep objective role 1 "data analyst"`',
    )


def test_a_role_nothing_fits_is_refused(ctx: Context, db_url: str) -> None:
    refused(
        ms("objective", "role", "1", "zzzz qqq", db=db_url),
        "Nothing in ESCO fits 'zzzz qqq' as a job title",
    )
    refused(ms("objective", "role", "7", "data analyst", db=db_url), "There is no objective #7.")


def test_gap_prints_coverage_bars_and_the_top_gaps(ana: str) -> None:
    result = ms("gap", "--top", "2", db=ana)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Gap to data analyst (ESCO) for objective #1 'Senior data analyst'" in out
    assert "0 of 30 strong · 0 growing · 30 missing" in out
    assert "0 of 22 strong · 0 growing · 22 missing" in out
    assert "Top 2 of 52 gaps" in out
    assert "1. data mining  essential · knowledge · missing" in out
    assert "Essential for data analyst; not on your map yet." in out
    assert "Micro-skill: Recall 3 key points of data mining from memory" in out
    assert "by Wed 25 Nov 2026" in out
    assert 'Adopt one: microstep gap adopt "data mining" --as skill|microskill|goal' in out


def test_gap_json_has_the_documented_shape(ana: str) -> None:
    result = ms("gap", "--top", "3", "--format", "json", db=ana)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) == {
        "objective_id",
        "objective_title",
        "occupation",
        "essential",
        "optional",
        "skills",
        "gaps",
        "total_gaps",
        "linked",
    }
    assert body["occupation"]["label"] == "data analyst"
    assert body["essential"] == {"strong": 0, "growing": 0, "missing": 30, "total": 30, "share": 0}
    assert len(body["skills"]) == 52
    assert [gap["rank"] for gap in body["gaps"]] == [1, 2, 3]
    first = body["gaps"][0]
    assert set(first) == {"rank", "skill", "score", "reason", "microskill", "goal"}
    assert first["skill"]["id"] == DATA_MINING
    assert first["goal"]["due"] == "2026-11-25"
    assert first["microskill"]["rule"] == "at least 3 points in 4 of the last 5 sessions"


def test_adopt_by_label_creates_once_and_says_so(ana: str) -> None:
    first = ms("gap", "adopt", "Data Mining", "--as", "microskill", db=ana)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(
        "Added the micro-skill 'Recall 3 key points of data mining from memory, then check them'"
    )
    again = ms("gap", "adopt", DATA_MINING, "--as", "microskill", db=ana)
    assert again.exit_code == 0, again.output
    assert "is already in the stack of 'data mining'" in again.stdout
    listed = json.loads(ms("skill", "list", "--format", "json", db=ana).stdout)
    assert [skill["name"] for skill in listed] == ["data mining"]


def test_adopt_as_goal_prints_json_for_scripts(ana: str) -> None:
    result = ms("gap", "adopt", DATA_MINING, "--as", "goal", "--format", "json", db=ana)
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["adopted_as"] == "goal"
    assert body["created"] is True
    assert body["goal"]["title"] == (
        "Write a one-page summary of data mining and have a colleague check it"
    )
    assert body["goal"]["due"] == "2026-11-25"


def test_adopt_refusals(ana: str) -> None:
    refused(ms("gap", "adopt", "cooking", db=ana), "'cooking' is not one of the skills ESCO lists")
    refused(
        ms("gap", "adopt", "https://example.com/skill", db=ana),
        "'https://example.com/skill' is not an ESCO skill URI",
    )
    refused(ms("gap", "adopt", "data mining", "--as", "poem", db=ana), "Invalid value for '--as'")
    refused(ms("gap", "--objective", "9", db=ana), "There is no objective #9.")
    refused(ms("gap", "--top", "0", db=ana), "Invalid value for '--top'")
