"""Loading the shipped ESCO and O*NET: complete, repeatable, all or nothing, and automatic."""

from __future__ import annotations

from pathlib import Path

import pytest

from microstep import ATTRIBUTIONS
from microstep.services import taxonomy
from microstep.store import taxonomy as store
from microstep.store.db import Database, open_database
from microstep.taxonomy.sources import read_tsv
from tests.cli import ms

SHIPPED = {
    "taxonomy_skill": 13_896,
    "taxonomy_occupation": 3_007,
    "taxonomy_occupation_skill": 123_788,
    "onet_occupation": 1_016,
    "onet_technology": 32_681,
}


@pytest.mark.taxonomy
def test_every_shipped_row_is_in_storage(db: Database) -> None:
    status = taxonomy.taxonomy_status(db)
    assert status.sources == {"esco": "1.1.1", "onet": "29.3"}
    for table, count in SHIPPED.items():
        assert status.rows[table] == count, table
    labels = sum(
        1 + len([x for x in (r["alt"] + "|" + r["hidden"]).split("|") if x])
        for r in read_tsv("esco_skills.tsv.gz")
    )
    assert status.rows["taxonomy_skill_label"] == labels


@pytest.mark.taxonomy
def test_an_occupation_comes_with_its_skills_and_its_onet_counterpart(db: Database) -> None:
    [found] = taxonomy.link_roles(db, ["data analyst"], top=1)
    role = taxonomy.occupation(db, found.matches[0].id)
    assert role.label == "data analyst"
    assert len(role.essential) >= 10
    assert role.onet_code is not None
    assert role.onet_title is not None
    assert {s.label for s in role.essential} & {"data quality assessment", "perform data analysis"}


@pytest.mark.sqlite_only
def test_loading_again_replaces_rather_than_duplicates(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'twice.sqlite'}")
    first = taxonomy.load_taxonomy(db)
    second = taxonomy.load_taxonomy(db)
    assert first.rows == second.rows
    db.dispose()


@pytest.mark.sqlite_only
def test_a_load_that_fails_half_way_leaves_storage_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'broken.sqlite'}")
    real = store.insert_rows
    calls = {"n": 0}

    def flaky(**kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "insert_rows", flaky)
    with pytest.raises(RuntimeError):
        taxonomy.load_taxonomy(db)
    status = taxonomy.taxonomy_status(db)
    assert status.sources == {}
    assert sum(status.rows.values()) == 0
    db.dispose()


@pytest.mark.sqlite_only
def test_first_use_loads_the_taxonomy_with_a_progress_bar(
    tmp_path: Path, isolated_settings: None
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    source = tmp_path / "phrases.txt"
    source.write_text("talking to customers\n", encoding="utf-8")
    result = ms("skills", "link", "--input", str(source), db=url)
    assert result.exit_code == 0, result.output
    assert "First use" in result.stderr
    assert "Loading taxonomies" in result.stderr
    assert '"communicate with customers"' in result.stdout


@pytest.mark.sqlite_only
def test_taxonomy_load_and_info_commands(tmp_path: Path, isolated_settings: None) -> None:
    url = f"sqlite:///{tmp_path / 'cmd.sqlite'}"
    loaded = ms("taxonomy", "load", db=url)
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded ESCO 1.1.1, O*NET 29.3" in loaded.stdout
    info = ms("taxonomy", "info", db=url)
    assert "taxonomy_skill" in info.stdout
    assert "13,896" in info.stdout
    assert "European Commission" in info.stdout


def test_version_carries_both_attributions() -> None:
    result = ms("--version")
    assert "This service uses the ESCO classification of the European Commission." in result.stdout
    assert "O*NET 29.3 Database by the U.S. Department of Labor" in result.stdout
    assert "CC BY 4.0" in result.stdout
    assert len(ATTRIBUTIONS) == 2
