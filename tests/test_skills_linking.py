"""Skill targets keep the person's words and gain an ESCO link: services, suggestions and CLI."""

from __future__ import annotations

import json

import pytest

from microstep.errors import Conflict, InvalidInput, NotFound
from microstep.services import skills, today
from microstep.services.context import Context
from microstep.services.schemas import SkillCreate, SkillLevelUpdate
from microstep.store.db import Database
from tests.cli import ms, refused

pytestmark = pytest.mark.taxonomy

ESCO = "http://data.europa.eu/esco/skill/"
CUSTOMERS = ESCO + "0da516ee-e70e-4384-be13-f5ff80be8127"  # communicate with customers
SQL = ESCO + "598de5b0-5b58-4ea7-8058-a4bc4d18c742"  # SQL
UNKNOWN = ESCO + "00000000-0000-0000-0000-000000000000"


def test_a_picked_link_keeps_the_persons_words_and_shows_the_esco_label(ctx: Context) -> None:
    added = skills.add_skill(ctx, SkillCreate(name="Talking to customers", esco_uri=CUSTOMERS))
    assert (added.name, added.esco_uri) == ("Talking to customers", CUSTOMERS)
    assert (added.esco_label, added.link_score) == ("communicate with customers", 1.0)
    [listed] = skills.list_skills(ctx)
    assert listed.esco_label == "communicate with customers"
    assert skills.find_skill(ctx, "talking").esco_label == "communicate with customers"
    assert today.dashboard(ctx).skills[0].esco_label == "communicate with customers"


def test_a_skill_without_a_link_has_no_esco_fields(ctx: Context) -> None:
    added = skills.add_skill(ctx, SkillCreate(name="Negotiation", esco_uri="   "))
    assert (added.esco_uri, added.esco_label, added.link_score) == (None, None, None)


def test_an_unknown_uri_is_refused_and_nothing_is_written(ctx: Context) -> None:
    with pytest.raises(NotFound, match=rf"^No ESCO skill has the URI {UNKNOWN}\.$") as caught:
        skills.add_skill(ctx, SkillCreate(name="Mystery", esco_uri=UNKNOWN))
    assert caught.value.field == "esco_uri"
    assert skills.list_skills(ctx) == []


def test_relinking_sets_changes_and_clears_the_link(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL window functions", current_level=2))
    linked = skills.link_skill(ctx, skill.id, SQL)
    assert (linked.esco_label, linked.link_score, linked.name) == ("SQL", 1.0, skill.name)
    moved = skills.link_skill(ctx, skill.id, f"  {CUSTOMERS} ")
    assert moved.esco_uri == CUSTOMERS
    cleared = skills.link_skill(ctx, skill.id, None)
    assert (cleared.esco_uri, cleared.esco_label) == (None, None)
    assert cleared.link_score == 0  # tried: automatic linking leaves it alone
    assert cleared.current_level == 2


def test_relinking_refuses_an_unknown_uri_and_keeps_the_old_link(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL", esco_uri=SQL))
    with pytest.raises(NotFound, match="No ESCO skill has the URI"):
        skills.link_skill(ctx, skill.id, UNKNOWN)
    assert skills.list_skills(ctx)[0].esco_uri == SQL
    with pytest.raises(NotFound, match="no skill #999"):
        skills.link_skill(ctx, 999, SQL)


def test_levels_and_duplicates_behave_as_before_with_a_link(ctx: Context) -> None:
    skill = skills.add_skill(ctx, SkillCreate(name="SQL", esco_uri=SQL))
    raised = skills.set_skill_level(ctx, skill.id, SkillLevelUpdate(current_level=2))
    assert (raised.current_level, raised.esco_label) == (2, "SQL")
    with pytest.raises(Conflict, match="already on your skill map"):
        skills.add_skill(ctx, SkillCreate(name="sql", esco_uri=CUSTOMERS))


def test_suggestions_for_typing_are_ranked_limited_and_carry_the_kind(db: Database) -> None:
    found = skills.suggest_skills(db, "talking to customers", limit=3)
    assert 1 <= len(found) <= 3
    assert "communicate with customers" in [s.label for s in found]
    assert all(s.kind in {"skill", "knowledge"} for s in found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    roles = skills.suggest_roles(db, "data analyst", limit=2)
    assert len(roles) <= 2
    assert roles[0].label == "data analyst"


def test_an_empty_query_suggests_nothing_and_a_bad_limit_is_one_sentence(db: Database) -> None:
    assert skills.suggest_skills(db, "   ") == []
    assert skills.suggest_roles(db, "") == []
    with pytest.raises(InvalidInput, match=r"^The limit must be between 1 and 20\.$"):
        skills.suggest_skills(db, "sql", limit=21)
    with pytest.raises(InvalidInput, match="at most 200 characters"):
        skills.suggest_roles(db, "analyst " * 40)


@pytest.fixture
def cli_db(db_url: str, isolated_settings: None) -> str:
    """Ana set up through the CLI, on a database with the taxonomies loaded."""
    result = ms(
        "init", "--name", "Ana", "--objective", "Data analyst", "--horizon", "+40w", db=db_url
    )
    assert result.exit_code == 0, result.output
    return db_url


def test_cli_adds_a_linked_skill_and_the_list_shows_the_esco_label(cli_db: str) -> None:
    added = ms("skill", "add", "SQL window functions", "--esco", SQL, db=cli_db)
    assert added.exit_code == 0, added.output
    assert added.stdout.strip().endswith("· ESCO: SQL")
    table = ms("skill", "list", db=cli_db)
    assert "ESCO" in table.stdout
    assert "SQL window" in table.stdout
    [row] = json.loads(ms("skill", "list", "--format", "json", db=cli_db).stdout)
    assert (row["name"], row["esco_label"], row["link_score"]) == ("SQL window functions", "SQL", 1)


def test_cli_relinks_by_name_and_clears_with_none(cli_db: str) -> None:
    assert ms("skill", "add", "Talking to customers", db=cli_db).exit_code == 0
    relinked = ms("skill", "relink", "talking", CUSTOMERS, db=cli_db)
    assert relinked.exit_code == 0, relinked.output
    assert "→ ESCO: communicate with customers" in relinked.stdout
    cleared = ms("skill", "relink", "1", "None", db=cli_db)
    assert cleared.stdout.strip() == "Talking to customers: no longer linked to ESCO."
    [row] = json.loads(ms("skill", "list", "--format", "json", db=cli_db).stdout)
    assert (row["esco_uri"], row["link_score"]) == (None, 0)


def test_cli_refuses_an_unknown_uri_in_one_sentence(cli_db: str) -> None:
    refused(ms("skill", "add", "Mystery", "--esco", UNKNOWN, db=cli_db), "No ESCO skill has")
    assert ms("skill", "add", "SQL", db=cli_db).exit_code == 0
    refused(ms("skill", "relink", "SQL", UNKNOWN, db=cli_db), "No ESCO skill has the URI")
    refused(ms("skill", "relink", "Cooking", SQL, db=cli_db), "There is no skill 'Cooking'")
