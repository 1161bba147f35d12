"""Settings: MICROSTEP_ variables, SQLite by default, PostgreSQL one URL away."""

from __future__ import annotations

from pathlib import Path

import pytest

from microstep.errors import ConfigError
from microstep.settings import Settings, get_settings
from microstep.store.db import make_engine


def test_default_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'microstep.sqlite'}"


def test_postgres_url_switches_engine_without_code_change(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_DATABASE_URL", "postgresql+psycopg://u@localhost/x")
    get_settings.cache_clear()
    url = get_settings().resolved_database_url()
    get_settings.cache_clear()
    assert make_engine(url).dialect.name == "postgresql"


@pytest.mark.parametrize(
    ("name", "value"),
    [("MAX_ACTIVE_GOALS", "0"), ("GOAL_HORIZON_DAYS", "soon"), ("DATABASE_URL", "mysql://x")],
)
def test_bad_values_are_refused_loudly(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(f"MICROSTEP_{name}", value)
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match=f"MICROSTEP_{name}"):
        get_settings()
    get_settings.cache_clear()


def test_limits_are_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROSTEP_MAX_ACTIVE_GOALS", "3")
    monkeypatch.setenv("MICROSTEP_GOAL_HORIZON_DAYS", "21")
    get_settings.cache_clear()
    settings = get_settings()
    get_settings.cache_clear()
    assert (settings.max_active_goals, settings.goal_horizon_days) == (3, 21)


def test_database_url_may_be_a_plain_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MICROSTEP_DATABASE_URL", str(tmp_path / "mine.sqlite"))
    get_settings.cache_clear()
    url = get_settings().resolved_database_url()
    get_settings.cache_clear()
    assert make_engine(url).dialect.name == "sqlite"
